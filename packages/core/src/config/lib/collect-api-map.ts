import type { ApiCollector } from './api-collector.ts';
import { configError } from './config-error.ts';
import { describeType, isObject, type JsonObject } from './json.ts';
import { childPath } from './json-path.ts';
import { parseRestApi } from './parse-rest-api.ts';
import type { StyleOptions } from './styles/style-result.ts';

/** `{ [name]: { endpoint, region?, service?, … } }`, the REST API map of Gen2 and amplify_outputs.json. */
export function collectApiMap(
  map: JsonObject,
  mapPath: string,
  collected: ApiCollector,
  options: StyleOptions,
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
    collected.addRest(parseRestApi(name, entry, path, { ...options, customHeader: false }));
  }
}
