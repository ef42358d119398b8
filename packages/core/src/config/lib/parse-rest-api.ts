import type { NormalizedApi } from '../types.ts';
import { configError } from './config-error.ts';
import { type JsonObject, own } from './json.ts';
import { childPath } from './json-path.ts';
import { parseAuthorizationType } from './parse-authorization-type.ts';
import { parseEndpoint } from './parse-endpoint.ts';
import { parseHeadersSource } from './parse-headers-source.ts';
import { optionalString } from './read.ts';
import { optionalRegion } from './region.ts';

const serviceName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface RestApiOptions {
  readonly allowInsecureHttp: boolean;
  /** Read Gen1's per-API `custom_header` function. */
  readonly customHeader: boolean;
}

/**
 * One REST API entry of any style: `endpoint`, `region`, `service`, `authorizationType` (default
 * `AWS_IAM`), the API key under `apiKey` or `API_KEY`, and Gen1's `custom_header`. Other keys are
 * ignored. An `API_KEY` entry without a key is kept (`apiKey: undefined`): a provider may supply it.
 */
export function parseRestApi(
  name: string,
  entry: JsonObject,
  path: string,
  options: RestApiOptions,
): NormalizedApi {
  const endpoint = parseEndpoint(
    own(entry, 'endpoint'),
    childPath(path, 'endpoint'),
    options.allowInsecureHttp,
  );
  const region = optionalRegion(entry, 'region', path);
  const service = optionalString(entry, 'service', path);
  if (service !== undefined && !serviceName.test(service)) {
    throw configError(
      'ERR_CONFIG_INVALID_VALUE',
      childPath(path, 'service'),
      'expected a SigV4 signing service name such as execute-api or lambda.',
    );
  }
  const authorizationType = parseAuthorizationType(
    own(entry, 'authorizationType'),
    childPath(path, 'authorizationType'),
  );
  const apiKey = optionalString(entry, 'apiKey', path);
  const upperCaseApiKey = optionalString(entry, 'API_KEY', path);
  if (apiKey !== undefined && upperCaseApiKey !== undefined && apiKey !== upperCaseApiKey) {
    throw configError(
      'ERR_CONFIG_INVALID_VALUE',
      childPath(path, 'API_KEY'),
      'the API has two different API keys, under apiKey and API_KEY: keep one.',
    );
  }
  const headers = options.customHeader
    ? parseHeadersSource(own(entry, 'custom_header'), childPath(path, 'custom_header'))
    : undefined;
  return Object.freeze({
    name,
    endpoint,
    region,
    service,
    authorizationType,
    apiKey: apiKey ?? upperCaseApiKey,
    headers,
    path,
  });
}
