import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runReadmeSnippet } from '@ky-auth/test-kit';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

const tenants: (string | null)[] = [];
const server = setupServer(
  http.get('https://api.example.com/v1/whoami', ({ request }) => {
    tenants.push(request.headers.get('x-tenant'));
    return HttpResponse.json({ user: 'someone' });
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

it("runs the README's opening snippet, which sends the interceptor's header", async () => {
  await runReadmeSnippet(new URL('../README.md', import.meta.url));
  expect(tenants).toEqual(['acme']);
});
