import type { HeadersSource } from '../types.ts';
import { configError } from './config-error.ts';
import { describeType, isObject } from './json.ts';
import { childPath } from './json-path.ts';

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const unsafeValueCharacter = /[\r\n\0]/;
// The rest of what @ky-auth/custom-headers refuses when it builds the interceptor (RFC 9110 §5.5, and
// fetch's own limit to Latin-1): caught here, the file's mistake is a ConfigError with its path.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const otherUnsafeValueCharacter = /[\x01-\x08\x0B\x0C\x0E-\x1F\x7F]|[^\x00-\xFF]/;
const longestValue = 8192;

/**
 * Custom headers: a function called per request (Gen1's `custom_header`, Gen2's `headers`), or a record
 * of header values, copied. Header values are never repeated in a message: they are often credentials.
 */
export function parseHeadersSource(value: unknown, path: string): HeadersSource | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'function') return value as HeadersSource;
  if (!isObject(value)) {
    throw configError(
      'ERR_CONFIG_INVALID_TYPE',
      path,
      `expected a function returning headers, or an object of header values; got ${describeType(value)}.`,
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value)) {
    const valuePath = childPath(path, name);
    if (!headerName.test(name)) {
      throw configError('ERR_CONFIG_INVALID_VALUE', valuePath, 'not a valid HTTP header name.');
    }
    if (typeof headerValue !== 'string') {
      throw configError(
        'ERR_CONFIG_INVALID_TYPE',
        valuePath,
        `expected the header value as a string, got ${describeType(headerValue)}.`,
      );
    }
    if (unsafeValueCharacter.test(headerValue)) {
      throw configError(
        'ERR_CONFIG_INVALID_VALUE',
        valuePath,
        'the header value contains a line break or NUL, which HTTP does not allow.',
      );
    }
    if (otherUnsafeValueCharacter.test(headerValue) || headerValue.length > longestValue) {
      throw configError(
        'ERR_CONFIG_INVALID_VALUE',
        valuePath,
        `the header value has a control character, a character above U+00FF, or more than ${longestValue} characters, which fetch or servers refuse.`,
      );
    }
    headers[name] = headerValue;
  }
  return Object.freeze(headers);
}
