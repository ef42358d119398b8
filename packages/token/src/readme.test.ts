import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runReadmeSnippet } from '@ky-auth/test-kit';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

// The snippet names a public host; MSW answers for it as a Lambda authorizer would: 200 to the token it
// issued, 401 to anything else.
const partnerToken = 'partner-token-for-the-readme';
const received: (string | null)[] = [];
const server = setupServer(
  http.get('https://partner.example.com/orders', ({ request }) => {
    const token = request.headers.get('x-partner-token');
    received.push(token);
    return token === partnerToken
      ? HttpResponse.json([{ id: 'o-1' }])
      : HttpResponse.json({ message: 'Unauthorized' }, { status: 401 });
  }),
);
beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' });
  process.env.PARTNER_TOKEN = partnerToken;
});
afterAll(() => {
  server.close();
  delete process.env.PARTNER_TOKEN;
});

it("runs the README's opening snippet: the authorizer receives the token in its identity source header", async () => {
  // A 401 would make the snippet's `.json()` throw, and so this test fail.
  await runReadmeSnippet(new URL('../README.md', import.meta.url));
  expect(received).toEqual([partnerToken]);
});
