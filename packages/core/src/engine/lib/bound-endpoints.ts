import { ConfigError } from '../../errors.ts';
import type { AuthHooksOptions } from '../types.ts';
import { checkedEndpoint } from './checked-endpoint.ts';

/**
 * The endpoints `authHooks` was bound to when it was made, as URLs: the only origins its interceptors'
 * headers may reach. Hooks with interceptors and no endpoint are refused, so a call's `prefix`,
 * `baseUrl` or absolute URL can never choose where credentials go.
 */
export function boundEndpoints(options: AuthHooksOptions, interceptorCount: number): readonly URL[] {
  const { endpoint } = options;
  const list = endpoint === undefined ? [] : Array.isArray(endpoint) ? endpoint : [endpoint];
  if (list.length === 0 && interceptorCount > 0) {
    throw new ConfigError(
      'ERR_CONFIG_MISSING_ENDPOINT',
      'authHooks.endpoint',
      "name the API the credentials are for, as authHooks(interceptors, { endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod' }) (several APIs: a list); other origins get none.",
    );
  }
  return list.map((each: string | URL) => checkedEndpoint(each));
}
