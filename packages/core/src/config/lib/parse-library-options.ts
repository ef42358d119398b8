import type { NormalizedConfig } from '../types.ts';
import { oneOf } from './one-of.ts';
import { parseHeadersSource } from './parse-headers-source.ts';
import { at, isObject, own, typeError } from './read.ts';

const path = 'options.libraryOptions';

/**
 * Gen2's library options, the second argument of `Amplify.configure`: `API.REST.headers` (a function,
 * or a record) and `API.REST.defaultAuthMode` (`'none'` or `'iam'`, the default). Other options are
 * Amplify's own and ignored.
 */
export function parseLibraryOptions(
  libraryOptions: unknown,
): Pick<NormalizedConfig, 'headers' | 'defaultAuthMode'> {
  if (libraryOptions != null && !isObject(libraryOptions)) {
    throw typeError(path, 'an object', libraryOptions);
  }
  const rest = libraryOptions ? at([libraryOptions, path], 'API.REST')?.[0] : undefined;
  return {
    defaultAuthMode:
      rest &&
      oneOf(
        own(rest, 'defaultAuthMode'),
        `${path}.API.REST.defaultAuthMode`,
        { none: 'none', iam: undefined },
        'UNKNOWN_AUTH_TYPE',
      ),
    headers: rest && parseHeadersSource(own(rest, 'headers'), `${path}.API.REST.headers`),
  };
}
