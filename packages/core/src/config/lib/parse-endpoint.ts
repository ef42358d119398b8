import { isSecureTransport } from '../../helpers/secure-transport.ts';
import { fail, missing, typeError } from './read.ts';

/**
 * An API endpoint as a `URL` ending in `/`, ready to be ky's `prefix`. Messages never repeat the
 * endpoint: a mistaken one can hold a password or a key.
 */
export function parseEndpoint(value: unknown, path: string, allowInsecureHttp: boolean): URL {
  if (value == null || value === '') {
    throw missing(path);
  }
  if (typeof value !== 'string') throw typeError(path, 'a string', value);
  let url: URL | undefined;
  try {
    if (value.length <= 2048) url = new URL(value);
  } catch {}
  if (
    url === undefined ||
    !/^https?:$/.test(url.protocol) ||
    url.username ||
    url.password ||
    url.search ||
    url.hash
  ) {
    throw fail(
      'INVALID_ENDPOINT',
      path,
      'expected an absolute URL: https:, at most 2048 characters, no user, password, query or fragment.',
    );
  }
  if (!isSecureTransport(url, { allowInsecureHttp })) {
    throw fail(
      'INSECURE_ENDPOINT',
      path,
      'http: sends credentials in clear text: use https:, or { allowInsecureHttp: true } for a test server.',
    );
  }
  // Drops a bare `?` or `#` the endpoint ended with (no user info, query or fragment is left).
  const href = url.origin + url.pathname;
  return new URL(href.endsWith('/') ? href : `${href}/`);
}
