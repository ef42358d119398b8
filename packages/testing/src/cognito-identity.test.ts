import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setupServer } from 'msw/node';
import { apiGateway } from './api-gateway.ts';
import { cognitoIdentity } from './cognito-identity.ts';
import { fixedClock } from './fixed-clock.ts';
import { gatewayIamAuthorizer } from './iam-authorizer.ts';
import { smithyRequest } from './test-support/signers.ts';
import { lifetime, type RawIssuer, rawIssuer } from './test-support/tokens.ts';

const REGION = 'eu-central-1';
const POOL_ID = 'eu-central-1:11111111-2222-4333-8444-555555555555';
const USER_POOL = 'cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Users1';
const CLIENT = 'identity-test-client';
const guestRole = {
  accessKeyId: 'ASIAGUESTEXAMPLE',
  secretAccessKey: 'guest/secret',
  sessionToken: 'guest-session',
};
const userRole = {
  accessKeyId: 'ASIAUSEREXAMPLE',
  secretAccessKey: 'user/secret',
  sessionToken: 'user-session',
};
const clock = fixedClock('2024-05-05T05:05:05Z');
let users: RawIssuer;
let stranger: RawIssuer;
let open: ReturnType<typeof cognitoIdentity>;
let server: ReturnType<typeof setupServer>;

beforeAll(async () => {
  users = await rawIssuer();
  stranger = await rawIssuer();
  const userPool = { issuer: `https://${USER_POOL}`, jwks: users.jwks, clientId: CLIENT };
  open = cognitoIdentity({
    region: REGION,
    identityPoolId: POOL_ID,
    allowUnauthenticated: true,
    roles: { unauth: guestRole, auth: userRole },
    userPool,
    clock,
  });
  const closed = cognitoIdentity({
    region: REGION,
    identityPoolId: POOL_ID,
    endpoint: 'https://closed-identity.example.com',
    roles: { auth: userRole },
    userPool,
    clock,
  });
  const api = apiGateway({
    endpoint: 'https://api.example.com',
    clock,
    authorizer: gatewayIamAuthorizer({ credentials: [guestRole, userRole], region: REGION }),
  });
  server = setupServer(...open.handlers, ...closed.handlers, ...api.handlers);
  server.listen({ onUnhandledFrame: 'error' });
});
afterAll(() => server.close());

const OPEN = `https://cognito-identity.${REGION}.amazonaws.com/`;
const CLOSED = 'https://closed-identity.example.com/';

async function identityCall(endpoint: string, operation: string, body: object) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    json: (await response.json()) as Record<string, unknown>,
  };
}

const idToken = (overrides: Record<string, unknown> = {}, issuer = users) =>
  issuer.sign({
    sub: 'user-sub-1',
    aud: CLIENT,
    iss: `https://${USER_POOL}`,
    token_use: 'id',
    'cognito:username': 'alice',
    ...lifetime(clock.now()),
    ...overrides,
  });

function notAuthorized(message: string | RegExp) {
  return {
    status: 400,
    json: {
      __type: 'NotAuthorizedException',
      message: typeof message === 'string' ? message : expect.stringMatching(message),
    },
  };
}

describe('unauthenticated (guest) identities', () => {
  it('get an identity id and the unauth role’s credentials when the pool allows them', async () => {
    const getId = await identityCall(OPEN, 'GetId', { IdentityPoolId: POOL_ID });
    expect(getId.status).toBe(200);
    expect(getId.type).toBe('application/x-amz-json-1.1');
    const identityId = getId.json.IdentityId as string;
    expect(identityId).toMatch(/^eu-central-1:[0-9a-f-]{36}$/);
    const credentials = await identityCall(OPEN, 'GetCredentialsForIdentity', { IdentityId: identityId });
    expect(credentials).toMatchObject({
      status: 200,
      json: {
        IdentityId: identityId,
        Credentials: {
          AccessKeyId: 'ASIAGUESTEXAMPLE',
          SecretKey: 'guest/secret',
          SessionToken: 'guest-session',
          Expiration: Date.parse('2024-05-05T06:05:05Z') / 1000,
        },
      },
    });
  });

  it('are refused by a pool without guest access', async () => {
    expect(await identityCall(CLOSED, 'GetId', { IdentityPoolId: POOL_ID })).toMatchObject(
      notAuthorized('Unauthenticated access is not supported for this identity pool.'),
    );
  });
});

describe('authenticated identities', () => {
  it('get a stable identity id and the auth role’s credentials for a valid ID token', async () => {
    const logins = { [USER_POOL]: await idToken() };
    const first = await identityCall(CLOSED, 'GetId', { IdentityPoolId: POOL_ID, Logins: logins });
    const again = await identityCall(CLOSED, 'GetId', {
      IdentityPoolId: POOL_ID,
      Logins: { [USER_POOL]: await idToken() },
    });
    expect(first.status).toBe(200);
    expect(again.json.IdentityId).toBe(first.json.IdentityId);
    const other = await identityCall(CLOSED, 'GetId', {
      IdentityPoolId: POOL_ID,
      Logins: { [USER_POOL]: await idToken({ sub: 'user-sub-2' }) },
    });
    expect(other.json.IdentityId).not.toBe(first.json.IdentityId);
    const credentials = await identityCall(CLOSED, 'GetCredentialsForIdentity', {
      IdentityId: first.json.IdentityId,
      Logins: logins,
    });
    expect(credentials.json).toMatchObject({
      Credentials: { AccessKeyId: 'ASIAUSEREXAMPLE', SessionToken: 'user-session' },
    });
  });

  it.each([
    ['signed by another key', () => idToken({}, stranger), /^Invalid login token\./],
    [
      'expired',
      () => idToken(lifetime(clock.now() - 2 * 3600_000)),
      /^Invalid login token\. Token expired: \d+ >= \d+$/,
    ],
    [
      'for another app client',
      () => idToken({ aud: 'other-client' }),
      'Invalid login token. Incorrect token audience.',
    ],
    [
      'an access token',
      () => idToken({ token_use: 'access' }),
      'Invalid login token. Not a valid OpenId Connect identity token.',
    ],
    [
      'claiming another issuer',
      () => idToken({ iss: 'https://elsewhere.example.com' }),
      "Invalid login token. Issuer doesn't match providerName",
    ],
  ])('refuse an ID token %s', async (_case, token, message) => {
    const answer = await identityCall(OPEN, 'GetId', {
      IdentityPoolId: POOL_ID,
      Logins: { [USER_POOL]: await token() },
    });
    expect(answer).toMatchObject(notAuthorized(message));
  });

  it('refuse a token from a provider the pool does not know', async () => {
    const answer = await identityCall(OPEN, 'GetId', {
      IdentityPoolId: POOL_ID,
      Logins: { 'accounts.google.com': await idToken() },
    });
    expect(answer).toMatchObject(
      notAuthorized('Token is not from a supported provider of this identity pool.'),
    );
  });

  it('refuse credentials for an authenticated identity asked for without its login', async () => {
    const { json } = await identityCall(OPEN, 'GetId', {
      IdentityPoolId: POOL_ID,
      Logins: { [USER_POOL]: await idToken({ sub: 'user-sub-3' }) },
    });
    expect(
      await identityCall(OPEN, 'GetCredentialsForIdentity', { IdentityId: json.IdentityId }),
    ).toMatchObject(notAuthorized(`Access to Identity '${json.IdentityId}' is forbidden.`));
  });
});

describe('errors', () => {
  it('name an unknown identity pool or identity', async () => {
    expect(await identityCall(OPEN, 'GetId', { IdentityPoolId: 'eu-central-1:nope' })).toMatchObject({
      status: 400,
      json: { __type: 'ResourceNotFoundException', message: "IdentityPool 'eu-central-1:nope' not found." },
    });
    expect(
      await identityCall(OPEN, 'GetCredentialsForIdentity', { IdentityId: 'eu-central-1:unknown' }),
    ).toMatchObject({
      status: 400,
      json: { __type: 'ResourceNotFoundException', message: "Identity 'eu-central-1:unknown' not found." },
    });
  });

  it('name a deleted identity as not found, and give its user a new one', async () => {
    const guest = (await identityCall(OPEN, 'GetId', { IdentityPoolId: POOL_ID })).json.IdentityId as string;
    const logins = { [USER_POOL]: await idToken({ sub: 'user-sub-4' }) };
    const user = (await identityCall(OPEN, 'GetId', { IdentityPoolId: POOL_ID, Logins: logins })).json
      .IdentityId as string;
    expect(open.deleteIdentity(guest)).toBe(true);
    expect(open.deleteIdentity(user)).toBe(true);
    expect(open.deleteIdentity(user)).toBe(false);
    expect(await identityCall(OPEN, 'GetCredentialsForIdentity', { IdentityId: guest })).toMatchObject({
      status: 400,
      json: { __type: 'ResourceNotFoundException', message: `Identity '${guest}' not found.` },
    });
    expect(
      await identityCall(OPEN, 'GetCredentialsForIdentity', { IdentityId: user, Logins: logins }),
    ).toMatchObject({ status: 400, json: { __type: 'ResourceNotFoundException' } });
    const again = await identityCall(OPEN, 'GetId', { IdentityPoolId: POOL_ID, Logins: logins });
    expect(again.status).toBe(200);
    expect(again.json.IdentityId).not.toBe(user);
  });

  it('are recorded with the outcome of every call', () => {
    expect(
      open.count({ operation: 'GetId', outcome: 'rejected', errorType: 'NotAuthorizedException' }),
    ).toBeGreaterThanOrEqual(6);
    expect(
      open.count({ operation: 'GetCredentialsForIdentity', outcome: 'accepted', authenticated: false }),
    ).toBe(1);
  });
});

it('hands out credentials an IAM-authorized gateway accepts', async () => {
  const { json } = await identityCall(OPEN, 'GetId', { IdentityPoolId: POOL_ID });
  const { json: answer } = await identityCall(OPEN, 'GetCredentialsForIdentity', {
    IdentityId: json.IdentityId,
  });
  const credentials = answer.Credentials as { AccessKeyId: string; SecretKey: string; SessionToken: string };
  const request = await smithyRequest({
    url: 'https://api.example.com/items',
    credentials: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretKey,
      sessionToken: credentials.SessionToken,
    },
    region: REGION,
    date: new Date(clock.now()),
  });
  expect((await fetch(request)).status).toBe(200);
});
