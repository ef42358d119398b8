import type { ApiCollector } from './api-collector.ts';
import { configError } from './config-error.ts';
import { describeType, isObject, type JsonObject } from './json.ts';
import { childPath } from './json-path.ts';
import { parseRestApi } from './parse-rest-api.ts';
import type { StyleOptions } from './styles/style-result.ts';

/**
 * `{ [name]: { endpoint, region?, … } }`, the REST API map of Gen2, amplify_outputs.json and (with
 * `isRest` telling REST entries from GraphQL ones) amplifyconfiguration.json's awsAPIPlugin.
 */
export function collectApiMap(
  map: JsonObject,
  mapPath: string,
  collected: ApiCollector,
  options: StyleOptions,
  isRest: (entry: JsonObject, path: string) => boolean = () => true,
): void {
  for (const [name, entry] of Object.entries(map)) {
    const path = childPath(mapPath, name);
    if (!isObject(entry)) {
      throw configError(
        'ERR_CONFIG_INVALID_TYPE',
        path,
        `expected an object describing the API, got ${describeType(entry)}.`,
      );
    }
    if (name === '') throw configError('ERR_CONFIG_INVALID_VALUE', path, 'an API name must not be empty.');
    if (isRest(entry, path))
      collected.addRest(parseRestApi(name, entry, path, { ...options, customHeader: false }));
    else collected.addGraphql(name, path);
  }
}
