import { ConfigError } from '../../errors.ts';

/**
 * The `endpoint` option of `door` (`authHooks`, `authOptions`) as a URL, or a ConfigError: it must be an
 * absolute http(s) URL without credentials in it (ky-auth's credentials come from interceptors).
 */
export function checkedEndpoint(endpoint: unknown, door: string): URL {
  const url =
    (typeof endpoint === 'string' || endpoint instanceof URL) && URL.canParse(endpoint)
      ? new URL(endpoint)
      : null;
  if (url === null || !/^https?:$/.test(url.protocol) || url.username !== '' || url.password !== '') {
    throw new ConfigError(
      'ERR_CONFIG_INVALID_ENDPOINT',
      `${door}.endpoint`,
      "give the API's full https: URL (http: for loopback), without user name or password, such as 'https://abc123.execute-api.us-east-1.amazonaws.com/prod'.",
    );
  }
  return url;
}
