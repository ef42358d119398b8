import type { Interceptor } from '../../engine/types.ts';
import type { ParseConfigOptions } from '../parse-config.ts';
import type { IdentityPoolConfig, NormalizedConfig, UserPoolConfig } from '../types.ts';
import type { CollectedApis } from './collect-apis.ts';
import { detectStyle } from './detect-style.ts';
import { parseLibraryOptions } from './parse-library-options.ts';
import { listNames } from './quote-name.ts';
import { fail, type Place } from './read.ts';

/** {@link ParseConfigOptions} once checked (by `parseConfig`), or as `fromConfig` makes them. */
export interface CheckedOptions {
  readonly allowInsecureHttp: boolean;
  readonly customAuthorizationTypes: readonly string[];
  /** Checked by `parseStyle` itself. */
  readonly libraryOptions: unknown;
}

/** A configuration style, as `NormalizedConfig.style` names it. */
export type ConfigStyle = NormalizedConfig['style'];

/** How one style lays out a configuration: where its REST APIs are, how its pools are keyed. */
export interface StyleReader {
  /** Adds the style's APIs to `collected`; returns its pools, and where its REST APIs belong. */
  read(
    root: Place,
    collected: CollectedApis,
  ): readonly [
    userPool: UserPoolConfig | undefined,
    identityPool: IdentityPoolConfig | undefined,
    restApisPath: string,
  ];
  /**
   * How the style's signers treat an API whose entry has custom headers (Gen1 JavaScript's
   * `custom_header`); absent, they sign every request.
   */
  readonly customHeaderSigners?: ((signers: readonly Interceptor[]) => readonly Interceptor[]) | undefined;
}

/**
 * The reader of a style an entry reads; for another style, it throws (see `oneStyle`). A function rather
 * than a table, so that only a per-format entry bundles the refusal.
 */
export type Readers = (style: ConfigStyle) => StyleReader;

/**
 * Validates and normalizes a configuration of one of the `readers`' styles (its `options` already
 * checked; `libraryOptions` is checked here): the one parser behind
 * `parseConfig` (every style) and the per-format entries (one each, whose `readers` refuse the others).
 */
export function parseStyle(
  raw: unknown,
  options: CheckedOptions,
  readers: Readers,
): [NormalizedConfig, StyleReader] {
  const { allowInsecureHttp, customAuthorizationTypes } = options;
  const library = parseLibraryOptions(options.libraryOptions);
  const [root, style] = detectStyle(raw);
  const reader = readers(style);
  const collected: CollectedApis = {
    apis: new Map(),
    graphqlApis: new Map(),
    allowInsecureHttp,
    customAuthorizationTypes,
  };
  const [userPool, identityPool, restApisPath] = reader.read([root, '$'], collected);
  const { apis, graphqlApis } = collected;
  if (apis.size === 0) {
    const graphql = graphqlApis.size === 0 ? '' : ` (only GraphQL APIs: ${listNames(graphqlApis.keys())})`;
    throw fail('NO_REST_API', restApisPath, `no REST API${graphql}: add one under ${restApisPath}.`);
  }
  return [Object.freeze({ style, apis, graphqlApis, userPool, identityPool, ...library }), reader];
}
