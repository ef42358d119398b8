import { headerValueProblem, isHeaderName } from '../../validate-header.ts';
import type { HeadersSource } from '../types.ts';
import { configError } from './config-error.ts';
import { describeType, isObject } from './json.ts';
import { childPath } from './json-path.ts';

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
    if (!isHeaderName(name)) {
      throw configError('ERR_CONFIG_INVALID_VALUE', valuePath, 'not a valid HTTP header name.');
    }
    if (typeof headerValue !== 'string') {
      throw configError(
        'ERR_CONFIG_INVALID_TYPE',
        valuePath,
        `expected the header value as a string, got ${describeType(headerValue)}.`,
      );
    }
    const problem = headerValueProblem(headerValue);
    if (problem !== undefined) {
      throw configError(
        'ERR_CONFIG_INVALID_VALUE',
        valuePath,
        `the header value cannot be sent: ${problem}.`,
      );
    }
    headers[name] = headerValue;
  }
  return Object.freeze(headers);
}
