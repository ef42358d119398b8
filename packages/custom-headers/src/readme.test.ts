import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runReadmeSnippet } from '@ky-auth/test-kit';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

const received: Record<string, string>[] = [];
const server = setupServer(
  http.get('https://api.example.com/prod/items', ({ request }) => {
    received.push(Object.fromEntries(request.headers));
    return HttpResponse.json([{ id: 1 }]);
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

it("runs the README's opening snippet, which sends the static and the computed headers", async () => {
  await runReadmeSnippet(new URL('../README.md', import.meta.url));
  expect(received).toHaveLength(1);
  expect(received[0]).toMatchObject({ 'x-tenant': 'acme', 'x-method': 'GET' });
  expect(received[0]?.['x-correlation-id']).toMatch(
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
});
