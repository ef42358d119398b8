import type { HeadersSource } from '../types.ts';
import { configError } from './config-error.ts';
import { describeType, isObject, own } from './json.ts';
import { parseHeadersSource } from './parse-headers-source.ts';
import { optionalObject } from './read.ts';

export interface RestLibraryOptions {
  readonly headers: HeadersSource | undefined;
  readonly defaultAuthMode: 'none' | undefined;
}

const path = 'options.libraryOptions';

/**
 * Gen2's library options, the second argument of `Amplify.configure`: `API.REST.headers` (a function,
 * or a record) and `API.REST.defaultAuthMode` (`'none'` or `'iam'`, the default). Other options are
 * Amplify's own and ignored.
 */
export function parseLibraryOptions(libraryOptions: unknown): RestLibraryOptions {
  if (libraryOptions === undefined || libraryOptions === null)
    return { headers: undefined, defaultAuthMode: undefined };
  if (!isObject(libraryOptions)) {
    throw configError(
      'ERR_CONFIG_INVALID_TYPE',
      path,
      `expected an object, got ${describeType(libraryOptions)}.`,
    );
  }
  const api = optionalObject(libraryOptions, 'API', path);
  const rest = api && optionalObject(api, 'REST', `${path}.API`);
  if (rest === undefined) return { headers: undefined, defaultAuthMode: undefined };
  const restPath = `${path}.API.REST`;
  const defaultAuthMode = own(rest, 'defaultAuthMode');
  if (defaultAuthMode !== undefined && defaultAuthMode !== 'none' && defaultAuthMode !== 'iam') {
    throw configError(
      typeof defaultAuthMode === 'string' ? 'ERR_CONFIG_UNKNOWN_AUTH_TYPE' : 'ERR_CONFIG_INVALID_TYPE',
      `${restPath}.defaultAuthMode`,
      `expected 'none' or 'iam', got ${typeof defaultAuthMode === 'string' ? 'another value' : describeType(defaultAuthMode)}.`,
    );
  }
  return {
    headers: parseHeadersSource(own(rest, 'headers'), `${restPath}.headers`),
    defaultAuthMode: defaultAuthMode === 'none' ? 'none' : undefined,
  };
}
