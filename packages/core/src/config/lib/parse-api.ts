import type { AuthorizationType, AuthorizationTypeSpelling, NormalizedApi } from '../types.ts';
import { refuseNearMisses } from './near-miss.ts';
import { oneOf } from './one-of.ts';
import { parseEndpoint } from './parse-endpoint.ts';
import { parseHeadersSource } from './parse-headers-source.ts';
import { childPath, fail, type JsonObject, own, read } from './read.ts';
import { checkRegion } from './region.ts';

// The canonical spellings, then those Amplify's own docs and code also use: `IAM` and
// `COGNITO_USER_POOL` (the native REST docs), `LAMBDA` (accepted by Amplify JS v6 for compatibility).
export const authorizationTypes: Readonly<Record<AuthorizationTypeSpelling, AuthorizationType>> = {
  AWS_IAM: 'AWS_IAM',
  API_KEY: 'API_KEY',
  AMAZON_COGNITO_USER_POOLS: 'AMAZON_COGNITO_USER_POOLS',
  OPENID_CONNECT: 'OPENID_CONNECT',
  AWS_LAMBDA: 'AWS_LAMBDA',
  NONE: 'NONE',
  IAM: 'AWS_IAM',
  COGNITO_USER_POOL: 'AMAZON_COGNITO_USER_POOLS',
  LAMBDA: 'AWS_LAMBDA',
};

/** The keys an entry of any style may have; a near miss of one is refused (see `refuseNearMisses`). */
const entryKeys = [
  'name',
  'apiName',
  'endpointType',
  'endpoint',
  'region',
  'service',
  'authorizationType',
  'apiKey',
  'API_KEY',
  'custom_header',
];

const serviceName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * One REST API entry of any style: `endpoint`, `region`, `service`, `authorizationType` (default
 * `AWS_IAM`, as in Amplify), the API key under `apiKey` or `API_KEY`, and (`customHeader`, Gen1
 * JavaScript) the per-API `custom_header`; an `authorizationType` may also be one of
 * `customAuthorizationTypes`, registered by the app. A near miss of a known key (`authorisationType`) is
 * `ERR_CONFIG_UNKNOWN_KEY`; other keys are ignored. An `API_KEY` entry without a key is
 * kept (`apiKey: undefined`): a provider may supply it.
 */
export function parseApi(
  name: string,
  entry: JsonObject,
  path: string,
  allowInsecureHttp: boolean,
  customHeader: boolean,
  customAuthorizationTypes: readonly string[] = [],
): NormalizedApi {
  const at = (key: string) => childPath(path, key);
  refuseNearMisses(entry, path, entryKeys);
  const endpoint = parseEndpoint(own(entry, 'endpoint'), at('endpoint'), allowInsecureHttp);
  const region = checkRegion(read(entry, 'region', path), at('region'));
  const service = read(entry, 'service', path);
  if (service && !serviceName.test(service)) {
    throw fail('INVALID_VALUE', at('service'), 'expected a SigV4 service name such as execute-api.');
  }
  const authorizationType =
    oneOf(
      own(entry, 'authorizationType'),
      at('authorizationType'),
      customAuthorizationTypes.length === 0
        ? authorizationTypes
        : {
            ...authorizationTypes,
            ...Object.fromEntries(customAuthorizationTypes.map((type) => [type, type])),
          },
      'UNKNOWN_AUTH_TYPE',
    ) ?? 'AWS_IAM';
  const apiKey = read(entry, 'apiKey', path);
  const upperCaseApiKey = read(entry, 'API_KEY', path);
  if (apiKey && upperCaseApiKey && apiKey !== upperCaseApiKey) {
    throw fail('INVALID_VALUE', at('API_KEY'), 'two different API keys (apiKey, API_KEY): keep one.');
  }
  return Object.freeze({
    name,
    endpoint,
    region,
    service,
    authorizationType,
    apiKey: apiKey ?? upperCaseApiKey,
    headers: customHeader ? parseHeadersSource(own(entry, 'custom_header'), at('custom_header')) : undefined,
    path,
  });
}
