import { describe, expect, it } from '@jest/globals';
import { ConfigError, fromConfig } from '@ky-auth/core';
import { lambdaAuthorizer } from './lambda-authorizer.ts';

/** An amplifyconfiguration.json with a Lambda-authorizer API, as in Amplify's docs. */
const configuration = (endpoint: string) => ({
  api: {
    plugins: {
      awsAPIPlugin: {
        partner: {
          endpointType: 'REST',
          endpoint: `${endpoint}partner`,
          region: 'us-east-1',
          authorizationType: 'AWS_LAMBDA',
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

describe('lambdaAuthorizer with fromConfig', () => {
  it('fails at load time, naming the API, when no token source is given', () => {
    const lambda = configError(() =>
      fromConfig(configuration('https://api.example.com/'), {
        authorizers: { AWS_LAMBDA: lambdaAuthorizer() },
      }),
    );
    expect(lambda).toMatchObject({
      code: 'ERR_CONFIG_MISSING_PROVIDER',
      path: 'api.plugins.awsAPIPlugin.partner',
    });
  });
});
