import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, fromConfig } from '@ky-auth/core';
import { type JwtApi, startJwtApi } from '@ky-auth/test-kit';
import { type OidcServer, startOidcServer } from '@ky-auth/test-kit/oidc-server';
import { oidcAuthorizer } from './oidc-authorizer.ts';
import { oidcClient } from './oidc-client.ts';

/** An amplifyconfiguration.json with two OIDC APIs, as in Amplify's docs. */
const configuration = (endpoint: string) => ({
  api: {
    plugins: {
      awsAPIPlugin: {
        reports: {
          endpointType: 'REST',
          endpoint: `${endpoint}reports`,
          region: 'us-east-1',
          authorizationType: 'OPENID_CONNECT',
        },
        orders: {
          endpointType: 'REST',
          endpoint: `${endpoint}orders`,
          region: 'us-east-1',
          authorizationType: 'OPENID_CONNECT',
        },
      },
    },
  },
});

const configError = (build: () => unknown): ConfigError => {
  try {
    build();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('oidcAuthorizer with fromConfig', () => {
  let idp: OidcServer;
  let api: JwtApi;
  beforeAll(async () => {
    idp = await startOidcServer();
    api = await startJwtApi({ issuer: idp.issuer, jwksUri: idp.jwksUri, audience: idp.resource });
  });
  afterAll(async () => {
    await api.close();
    await idp.close();
  });

  it('fails at load time, naming the API, when no token source is given', () => {
    const oidc = configError(() =>
      fromConfig(configuration('https://api.example.com/'), {
        authorizers: { OPENID_CONNECT: oidcAuthorizer() },
      }),
    );
    expect(oidc).toMatchObject({
      code: 'ERR_CONFIG_MISSING_PROVIDER',
      path: 'api.plugins.awsAPIPlugin.reports',
    });
    expect(oidc.message).toContain('oidcAuthorizer({ getLatestAuthToken })');
  });

  it('serves every OPENID_CONNECT API with one token cache, and the API verifies the token', async () => {
    const login = oidcClient({
      issuer: idp.issuer,
      clientId: idp.service.clientId,
      clientSecret: idp.service.clientSecret,
    });
    const apis = fromConfig(configuration(api.url), {
      authorizers: {
        OPENID_CONNECT: oidcAuthorizer({ getLatestAuthToken: login.getLatestAuthToken, scheme: 'Bearer' }),
      },
    });
    const grants = idp.grants.length;
    expect(await apis.client('reports').get('today').json()).toEqual({
      sub: 'service',
      path: '/reports/today',
    });
    expect(await apis.client('orders').get('open').json()).toEqual({ sub: 'service', path: '/orders/open' });
    expect(apis.interceptors('reports')).toEqual(apis.interceptors('orders'));
    expect(idp.grants.length - grants).toBe(1);
  });
});
