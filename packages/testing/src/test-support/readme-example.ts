import { apiGateway, createTestUserPool, gatewayCognitoUserPoolAuthorizer } from '@ky-auth/testing';
import { setupServer } from 'msw/node';

const pool = await createTestUserPool({ region: 'us-east-1' });
const gateway = apiGateway({
  endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod',
  authorizer: gatewayCognitoUserPoolAuthorizer(pool),
});
const server = setupServer(...gateway.handlers, ...pool.handlers);
server.listen();

const idToken = await pool.idToken({ username: 'alice' });
const ok = await fetch(`${gateway.endpoint}/items`, { headers: { authorization: idToken } });
const denied = await fetch(`${gateway.endpoint}/items`);

console.log(ok.status, (await ok.json()).principal.claims['cognito:username']); // 200 alice
console.log(denied.status, await denied.json()); // 401 { message: 'Unauthorized' }
console.log(gateway.count({ outcome: 'rejected' })); // 1 — nothing unauthenticated reached the API

server.close();
