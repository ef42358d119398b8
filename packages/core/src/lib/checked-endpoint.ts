import { ConfigError } from '../errors.ts';

/**
 * The `endpoint` option of `authHooks` as a URL, or a `ConfigError` saying what is wrong with it. An
 * endpoint that is not an absolute http(s) URL has no origin a request could match: every request
 * would silently go out without credentials. The message never repeats the value, which may hold a
 * password.
 */
export function checkedEndpoint(endpoint: string | URL): URL {
  const path = 'authHooks.endpoint';
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigError(
      'ERR_CONFIG_INVALID_ENDPOINT',
      path,
      "the endpoint is not an absolute URL: give the API's full https: URL, such as https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod.",
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(
      'ERR_CONFIG_INVALID_ENDPOINT',
      path,
      'the endpoint must be an https: URL (or http: for a loopback test server).',
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(
      'ERR_CONFIG_INVALID_ENDPOINT',
      path,
      'the endpoint contains a user name or password: remove it; credentials come from the interceptors, never from the URL.',
    );
  }
  return url;
}
