import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { forwardTo, type JwtApi, runReadmeSnippet, startJwtApi } from '@ky-auth/test-kit';
import { type OidcServer, startOidcServer } from '@ky-auth/test-kit/oidc-server';
import { http } from 'msw';
import { setupServer } from 'msw/node';

// The snippet names public hosts; MSW forwards them to a real OpenID provider (announcing itself as
// https://login.example.com, as behind a TLS proxy) and to an API that verifies its tokens.
let idp: OidcServer;
let api: JwtApi;
let server: ReturnType<typeof setupServer>;
const secret = 'reports-secret-for-the-readme';
beforeAll(async () => {
  idp = await startOidcServer({
    issuer: 'https://login.example.com',
    service: { clientId: 'reports', clientSecret: secret },
  });
  api = await startJwtApi({ issuer: idp.issuer, jwksUri: idp.jwksUri, audience: idp.resource });
  server = setupServer(
    http.all(
      'https://login.example.com/*',
      forwardTo(idp.origin, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'login.example.com' }),
    ),
    http.all('https://api.example.com/*', forwardTo(api.url)),
  );
  server.listen({ onUnhandledFrame: 'bypass' });
  process.env.REPORTS_CLIENT_SECRET = secret;
});
afterAll(async () => {
  server.close();
  delete process.env.REPORTS_CLIENT_SECRET;
  await api.close();
  await idp.close();
});

it("runs the README's opening snippet: the API accepts the provider's token", async () => {
  await runReadmeSnippet(new URL('../README.md', import.meta.url));
  expect(api.calls).toEqual([expect.objectContaining({ path: '/reports/today', status: 200 })]);
  expect(idp.grants).toEqual([
    { grantType: 'client_credentials', clientId: 'reports', outcome: 'success', error: undefined },
  ]);
});
