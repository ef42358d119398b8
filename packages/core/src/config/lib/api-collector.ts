import type { NormalizedApi } from '../types.ts';
import { configError } from './config-error.ts';
import { quoteName } from './quote-name.ts';

/** The REST APIs of a configuration, and the names of its GraphQL ones, with unique names. */
export class ApiCollector {
  readonly apis = new Map<string, NormalizedApi>();
  /** GraphQL API name → its JSON path. */
  readonly graphqlApis = new Map<string, string>();

  addRest(api: NormalizedApi): void {
    this.#assertNew(api.name, api.path);
    this.apis.set(api.name, api);
  }

  addGraphql(name: string, path: string): void {
    this.#assertNew(name, path);
    this.graphqlApis.set(name, path);
  }

  #assertNew(name: string, path: string): void {
    const earlier = this.apis.get(name)?.path ?? this.graphqlApis.get(name);
    if (earlier !== undefined) {
      throw configError(
        'ERR_CONFIG_DUPLICATE_API',
        path,
        `the API name ${quoteName(name)} is already used at ${earlier}: API names must be unique.`,
      );
    }
  }
}
