import { isLoopbackHost } from '../../is-loopback-host.ts';
import { fail, typeError } from './read.ts';

/**
 * An API endpoint as a `URL` ending in `/`, ready to be ky's `prefix`. Messages never repeat the
 * endpoint: a mistaken one can hold a password or a key.
 */
export function parseEndpoint(value: unknown, path: string, allowInsecureHttp: boolean): URL {
  if (value === undefined || value === null || value === '') {
    throw fail('ERR_CONFIG_MISSING_FIELD', path, "give the API's endpoint URL.");
  }
  if (typeof value !== 'string') throw typeError(path, 'the endpoint URL as a string', value);
  let url: URL | undefined;
  try {
    if (value.length <= 2048) url = new URL(value);
  } catch {}
  const problem =
    url === undefined
      ? 'not an absolute URL of at most 2048 characters (replace placeholders such as YOUR-REST-ENDPOINT)'
      : !/^https?:$/.test(url.protocol)
        ? 'not https:'
        : url.username || url.password
          ? 'holding a user name or password (credentials come from the authorization type)'
          : url.search || url.hash
            ? 'holding a query or fragment (give the base URL only)'
            : undefined;
  if (url === undefined || problem !== undefined) {
    throw fail(
      'ERR_CONFIG_INVALID_ENDPOINT',
      path,
      `the endpoint is ${problem}: give the API's URL, such as https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod.`,
    );
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw fail(
      'ERR_CONFIG_INSECURE_ENDPOINT',
      path,
      'http: would send credentials in clear text: use https:, or pass { allowInsecureHttp: true } for a test server.',
    );
  }
  // Drops a bare `?` or `#` the endpoint ended with (no user info, query or fragment is left).
  const href = url.origin + url.pathname;
  return new URL(href.endsWith('/') ? href : `${href}/`);
}
