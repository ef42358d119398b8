import { validateHeader } from '../../helpers/validate-header.ts';
import type { HeadersSource } from '../types.ts';
import { childPath, fail, isObject, typeError } from './read.ts';

/**
 * Custom headers: a function called per request (Gen1's `custom_header`, Gen2's `headers`), or a record
 * of header values, checked by core's header rules and copied. Header values are never repeated in a
 * message: they are often credentials.
 */
export function parseHeadersSource(value: unknown, path: string): HeadersSource | undefined {
  if (value == null) return undefined;
  if (typeof value === 'function') return value as HeadersSource;
  if (!isObject(value)) throw typeError(path, 'a function or an object', value);
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value)) {
    const valuePath = childPath(path, name);
    if (typeof headerValue !== 'string') throw typeError(valuePath, 'a string', headerValue);
    try {
      validateHeader(name, headerValue, 'custom headers');
    } catch (error) {
      throw fail('INVALID_VALUE', valuePath, (error as Error).message);
    }
    headers[name] = headerValue;
  }
  return Object.freeze(headers);
}
