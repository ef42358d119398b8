import { RequestPolicyError } from '../errors.ts';

// RFC 9110 §5.6.2: a field name is a token.
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 §5.5: a field value is visible ASCII, obs-text (0x80-0xFF), spaces and tabs. Anything else could
// end the header line (CR, LF), truncate it (NUL) or is refused by fetch (code points above U+00FF).
const headerValue = /^[\t\x20-\x7E\x80-\xFF]*$/;
// Why a value is not one, for the message.
const lineBreakOrNul = /[\r\n\0]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const otherControl = /[\x01-\x08\x0B\x0C\x0E-\x1F\x7F]/;
/** Longer names are a mistake, not a header. */
const maxNameLength = 256;
/** nginx refuses a header line over 8 KiB by default; API Gateway REST APIs, headers over 10 KiB in all. */
const maxValueLength = 8192;

/**
 * Checks one header before it is set on a request, so a bad value fails with a typed error that names
 * the header instead of a `TypeError` from fetch, or worse, a header line a server splits in two. Names
 * must be RFC 9110 tokens (at most 256 characters); values must be strings of at most 8192 characters
 * with no line break, NUL, other control character (tab excepted) or code point above U+00FF. Errors
 * name the header and never contain its value.
 *
 * @param name - The header's name, as given.
 * @param value - The header's value, as given (anything: only a string passes).
 * @param source - Where the header came from, for the message, such as `custom headers of API "orders"`.
 * @throws {RequestPolicyError} `ERR_INVALID_HEADER_NAME` or `ERR_INVALID_HEADER_VALUE`.
 *
 * @example
 * ```ts
 * import { validateHeader } from '@ky-auth/core';
 *
 * validateHeader('x-tenant', 'acme'); // passes
 * validateHeader('x-tenant', 'acme\r\nx-admin: true'); // throws ERR_INVALID_HEADER_VALUE naming x-tenant
 * ```
 */
export function validateHeader(name: string, value: unknown, source = 'headers'): void {
  if (!isHeaderName(name)) {
    throw new RequestPolicyError(
      'ERR_INVALID_HEADER_NAME',
      `Invalid header name ${describeName(name)} in ${source}: a header name is 1 to ${maxNameLength} letters, digits or !#$%&'*+-.^_\`|~ (RFC 9110 token).`,
    );
  }
  const problem = headerValueProblem(value);
  if (problem !== undefined) {
    throw new RequestPolicyError(
      'ERR_INVALID_HEADER_VALUE',
      `Invalid value for header "${name}" in ${source}: ${problem}. The value is not shown.`,
    );
  }
}

/**
 * True for a header value fetch sends as given and no server splits: a string of at most 8192 characters
 * of visible ASCII, obs-text (0x80-0xFF), spaces and tabs. `validateHeader` says what is wrong with one
 * that is not; this is the cheap check for a hot path or a small bundle.
 *
 * @example
 * ```ts
 * isHeaderValue('acme'); // true
 * isHeaderValue('acme\r\nx-admin: true'); // false
 * ```
 */
export function isHeaderValue(value: unknown): value is string {
  return typeof value === 'string' && value.length <= maxValueLength && headerValue.test(value);
}

/**
 * True for an RFC 9110 token of at most 256 characters: a header name fetch and servers accept.
 *
 * @example
 * ```ts
 * isHeaderName('x-tenant'); // true
 * isHeaderName('x tenant'); // false
 * ```
 */
export function isHeaderName(name: unknown): name is string {
  return typeof name === 'string' && name.length <= maxNameLength && token.test(name);
}

/**
 * Why `value` cannot be sent as a header value, or `undefined` when it can. Never quotes the value.
 *
 * @example
 * ```ts
 * headerValueProblem('acme'); // undefined
 * headerValueProblem('a\r\nb'); // 'it contains a line break (CR or LF) or NUL, which would end the header'
 * ```
 */
export function headerValueProblem(value: unknown): string | undefined {
  // Validity is isHeaderValue's alone; what follows only says why a value fails it.
  if (isHeaderValue(value)) return undefined;
  if (typeof value !== 'string') return `it must be a string, got ${value === null ? 'null' : typeof value}`;
  if (value.length > maxValueLength) {
    return `it is ${value.length} characters long, more than the ${maxValueLength} servers accept`;
  }
  if (lineBreakOrNul.test(value))
    return 'it contains a line break (CR or LF) or NUL, which would end the header';
  if (otherControl.test(value)) return 'it contains a control character (only tab is allowed)';
  return 'it contains a character above U+00FF, which fetch refuses; encode it (for example with encodeURIComponent)';
}

/** Quotes a bad name so that it cannot break the message, and cuts it short. */
function describeName(name: unknown): string {
  if (typeof name !== 'string') return `(a ${typeof name}, not a string)`;
  const shown = name.length > 64 ? `${name.slice(0, 64)}…` : name;
  return JSON.stringify(shown);
}
