import { isLoopbackHost } from '../../is-loopback-host.ts';
import { configError } from './config-error.ts';
import { describeType } from './json.ts';

const longestEndpoint = 2048;
const example = 'such as https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod';

/**
 * An API endpoint as a `URL` ending in `/`, ready to be ky's `prefix`. Messages never repeat the
 * endpoint: a mistaken one can hold a password or a key.
 */
export function parseEndpoint(value: unknown, path: string, allowInsecureHttp: boolean): URL {
  if (value === undefined || value === null || value === '') {
    throw configError(
      'ERR_CONFIG_MISSING_FIELD',
      path,
      `the API has no endpoint: give its absolute URL, ${example}.`,
    );
  }
  if (typeof value !== 'string') {
    throw configError(
      'ERR_CONFIG_INVALID_TYPE',
      path,
      `expected the endpoint URL as a string, got ${describeType(value)}.`,
    );
  }
  if (value.length > longestEndpoint) {
    throw configError(
      'ERR_CONFIG_INVALID_ENDPOINT',
      path,
      `the endpoint is longer than ${longestEndpoint} characters.`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(
      'ERR_CONFIG_INVALID_ENDPOINT',
      path,
      `the endpoint is not an absolute URL: give the API's full URL, ${example} (placeholders such as YOUR-REST-ENDPOINT must be replaced).`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError('ERR_CONFIG_INVALID_ENDPOINT', path, `the endpoint must be an https: URL, ${example}.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw configError(
      'ERR_CONFIG_INVALID_ENDPOINT',
      path,
      "the endpoint contains a user name or password: remove it; credentials come from the API's authorization type, never from its URL.",
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw configError(
      'ERR_CONFIG_INVALID_ENDPOINT',
      path,
      'the endpoint has a query string or fragment: give the base URL only; paths and queries belong to each request.',
    );
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw configError(
      'ERR_CONFIG_INSECURE_ENDPOINT',
      path,
      'the endpoint uses http:, which would send credentials in clear text: use https:, or pass { allowInsecureHttp: true } for a test server.',
    );
  }
  // With no user info, query or fragment, the href is the origin and the path, plus a bare `?` or `#`
  // when the endpoint ended with one. Building the string and parsing it again is cheaper than a setter.
  const bareMarker = url.href.search(/[?#]/);
  const href = bareMarker === -1 ? url.href : url.href.slice(0, bareMarker);
  return href.endsWith('/') ? (href === url.href ? url : new URL(href)) : new URL(`${href}/`);
}
