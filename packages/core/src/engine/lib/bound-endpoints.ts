import { ConfigError } from '../../errors.ts';
import type { AuthHooksOptions } from '../types.ts';
import { checkedEndpoint } from './checked-endpoint.ts';

/**
 * The endpoints the hooks were bound to when `door` (`authHooks`, or ky 1's `authOptions`) made them, as
 * URLs: the only origins its interceptors' headers may reach. Hooks with interceptors and no endpoint are
 * refused, so a call's `prefix`, `baseUrl` or absolute URL can never choose where credentials go.
 */
export function boundEndpoints(
  options: AuthHooksOptions,
  interceptorCount: number,
  door: string,
): readonly URL[] {
  const { endpoint } = options;
  const list = endpoint === undefined ? [] : Array.isArray(endpoint) ? endpoint : [endpoint];
  if (list.length === 0 && interceptorCount > 0) {
    throw new ConfigError(
      'ERR_CONFIG_MISSING_ENDPOINT',
      `${door}.endpoint`,
      `name the API the credentials are for, as ${door}(interceptors, { endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod' }) (several APIs: a list); other origins get none.`,
    );
  }
  return list.map((each: string | URL) => checkedEndpoint(each, door));
}
