import type { NormalizedApi } from '../types.ts';
import { oneOf } from './one-of.ts';
import { parseApi } from './parse-api.ts';
import { quoteName } from './quote-name.ts';
import { childPath, fail, isObject, type JsonObject, missing, type Place, read, typeError } from './read.ts';

/** The REST APIs of a configuration and its GraphQL ones (name → JSON path), each name used once. */
export interface CollectedApis {
  readonly apis: Map<string, NormalizedApi>;
  readonly graphqlApis: Map<string, string>;
  readonly allowInsecureHttp: boolean;
  /** The app's own `authorizationType` values (see `ParseConfigOptions.customAuthorizationTypes`). */
  readonly customAuthorizationTypes: readonly string[];
}

/**
 * Adds the APIs of one container: a map `{ [name]: entry }` (Gen2, amplify_outputs.json, and with
 * `native` amplifyconfiguration.json's awsAPIPlugin, whose `endpointType: 'GraphQL'` entries are set
 * aside), or a list `[{ name, …entry }]` (Gen1 JavaScript, whose entries may have a `custom_header`).
 */
export function collectApis(
  collected: CollectedApis,
  container: Place<JsonObject | readonly unknown[]> | undefined,
  native = false,
): void {
  if (!container) return;
  const [entries, containerPath] = container;
  const list = Array.isArray(entries);
  for (const [key, entry] of list ? [...entries.entries()] : Object.entries(entries)) {
    const path = childPath(containerPath, key);
    if (!isObject(entry)) throw typeError(path, 'an object', entry);
    const name = list ? read(entry, 'name', path) : (key as string);
    if (!name) {
      throw list ? missing(childPath(path, 'name')) : fail('INVALID_VALUE', path, 'give the API a name.');
    }
    const rest =
      !native ||
      oneOf(
        read(entry, 'endpointType', path) ?? 'REST',
        childPath(path, 'endpointType'),
        { REST: true, GraphQL: false },
        'INVALID_VALUE',
      );
    const earlier = collected.apis.get(name)?.path ?? collected.graphqlApis.get(name);
    if (earlier) {
      throw fail('DUPLICATE_API', path, `the API name ${quoteName(name)} is already used at ${earlier}.`);
    }
    if (rest)
      collected.apis.set(
        name,
        parseApi(name, entry, path, collected.allowInsecureHttp, list, collected.customAuthorizationTypes),
      );
    else collected.graphqlApis.set(name, path);
  }
}
