import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { runReadmeSnippet } from '@ky-auth/test-kit';
import { verifyFetchRequest } from '@ky-auth/test-kit/aws4-verifier';
import { cognitoIdentity } from '@ky-auth/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

const guestRole = { accessKeyId: 'ASIAREADMEGUEST', secretAccessKey: 'readme/guest', sessionToken: 'readme' };
const cognito = cognitoIdentity({
  identityPoolId: 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666',
  allowUnauthenticated: true,
  roles: { unauth: guestRole },
});
const verdicts: unknown[] = [];
const server = setupServer(
  ...cognito.handlers,
  http.get('https://abc123.execute-api.us-east-1.amazonaws.com/prod/items', async ({ request }) => {
    const verdict = await verifyFetchRequest(request, {
      credentials: [guestRole],
      region: 'us-east-1',
      service: 'execute-api',
    });
    verdicts.push(verdict);
    return verdict.ok
      ? HttpResponse.json([{ id: 1 }])
      : HttpResponse.json({ message: 'Forbidden' }, { status: 403 });
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

it("runs the README's opening snippet: guest credentials from the identity pool sign a request the API accepts", async () => {
  await runReadmeSnippet(new URL('../README.md', import.meta.url));
  expect(cognito.calls.map((call) => call.operation)).toEqual(['GetId', 'GetCredentialsForIdentity']);
  expect(verdicts).toEqual([{ ok: true }]);
});
