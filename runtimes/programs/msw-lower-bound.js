// @ky-auth/testing's handlers with the oldest msw its peer range allows (the test bundles this file with
// `msw` resolved to that version): in process with setupServer, and over HTTP with httpListener.
import { createServer } from 'node:http';
import { apiGateway, createTestUserPool, gatewayCognitoUserPoolAuthorizer } from '@ky-auth/testing';
import { httpListener } from '@ky-auth/testing/node';
import { setupServer } from 'msw/node';

const pool = await createTestUserPool({ region: 'us-east-1' });
const idToken = await pool.idToken({ username: 'alice' });

const gateway = apiGateway({
  endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod',
  authorizer: gatewayCognitoUserPoolAuthorizer(pool),
});
const server = setupServer(...gateway.handlers, ...pool.handlers);
server.listen({ onUnhandledRequest: 'bypass' });
const ok = await fetch(`${gateway.endpoint}/items`, { headers: { authorization: idToken } });
const denied = await fetch(`${gateway.endpoint}/items`);
const inProcess = {
  ok: [ok.status, (await ok.json()).principal.claims['cognito:username']],
  denied: [denied.status, await denied.json()],
};
server.close();

const listener = createServer();
await new Promise((resolve) => listener.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${listener.address().port}/prod`;
const local = apiGateway({ endpoint, authorizer: gatewayCognitoUserPoolAuthorizer(pool) });
listener.on('request', httpListener([...local.handlers, ...pool.handlers]));
const overHttp = await fetch(`${endpoint}/items`, { headers: { authorization: idToken } });
const overHttpDenied = await fetch(`${endpoint}/items`);
const answer = {
  inProcess,
  overHttp: {
    ok: [overHttp.status, (await overHttp.json()).principal.claims['cognito:username']],
    denied: [overHttpDenied.status, await overHttpDenied.json()],
  },
};
listener.closeAllConnections();
listener.close();
console.log(JSON.stringify(answer));
