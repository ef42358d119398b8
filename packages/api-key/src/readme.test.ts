import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runReadmeSnippet } from '@ky-auth/test-kit';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

const keys: (string | null)[] = [];
const server = setupServer(
  http.get('https://abc123.execute-api.us-east-1.amazonaws.com/prod/items', ({ request }) => {
    keys.push(request.headers.get('x-api-key'));
    return HttpResponse.json([{ id: 1 }]);
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

it("runs the README's opening snippet, which sends the key in x-api-key", async () => {
  await runReadmeSnippet(new URL('../README.md', import.meta.url));
  expect(keys).toEqual(['YOUR-API-KEY']);
});
