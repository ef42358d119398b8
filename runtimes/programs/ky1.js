// The smoke program for ky 1.14 (Node 20), written as a user would:
// published packages, imported by their public names. The runtime matrix (runtimes/matrix.test.ts) runs
// it everywhere against a server that verifies every credential it receives.

import { apiKey } from '@ky-auth/api-key';
import { cognitoUserPoolToken } from '@ky-auth/cognito-token';
import { authOptions } from '@ky-auth/core/ky1';
import { iamSigner, signRequest } from '@ky-auth/iam-signer';
import ky from 'ky';

/**
 * Calls the API at `endpoint` four ways: a `Request` signed with `signRequest` and sent with `fetch`, then
 * through ky with an API key, a user-pool token and IAM signing. Returns what the API answered.
 */
export async function callApi({ endpoint, key, accessToken, credentials }) {
  // A custom domain (here the loopback server) names its region and service; API Gateway's own host needn't.
  const signing = { credentials, region: 'us-east-1', service: 'execute-api' };

  const body = JSON.stringify({ sku: 'widget-42' });
  const request = new Request(new URL('orders', endpoint), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const signed = await (await fetch(await signRequest(request, { ...signing, body }))).json();

  const withKey = ky.create({ prefixUrl: endpoint, ...authOptions([apiKey(key)], { endpoint }) });
  const withToken = ky.create({
    prefixUrl: endpoint,
    ...authOptions([cognitoUserPoolToken({ tokens: async () => ({ accessToken }) })], { endpoint }),
  });
  const withIam = ky.create({ prefixUrl: endpoint, ...authOptions([iamSigner(signing)], { endpoint }) });

  return {
    signRequest: signed,
    apiKey: await withKey.get('catalog').json(),
    userPoolToken: await withToken.get('profile').json(),
    iam: await withIam.post('orders', { json: { sku: 'widget-42' } }).json(),
  };
}
