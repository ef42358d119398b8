// Cloudflare Workers (workerd): a POST with the program's input runs it; the answer is the response.
import { callApi } from './program.js';

export default {
  async fetch(request) {
    try {
      return Response.json(await callApi(await request.json()));
    } catch (error) {
      return Response.json({ error: `${error.name}: ${error.message}`, code: error.code }, { status: 500 });
    }
  },
};
