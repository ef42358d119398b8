import { errorCodes, type KyAuthErrorCode } from '../errors/codes.ts';

/**
 * One of {@link configErrorCodes}: a {@link KyAuthErrorCode} of a {@link ConfigError}, `ERR_CONFIG_*`.
 *
 * @example
 * ```ts
 * import { ConfigError, type ConfigErrorCode, parseConfig } from '@ky-auth/core';
 *
 * try {
 *   parseConfig(config);
 * } catch (error) {
 *   const code: ConfigErrorCode | undefined = error instanceof ConfigError ? error.code : undefined;
 *   if (code === 'ERR_CONFIG_INSECURE_ENDPOINT') console.error('use an https: endpoint');
 * }
 * ```
 */
export type ConfigErrorCode = Extract<KyAuthErrorCode, `ERR_CONFIG_${string}`>;

/**
 * The stable codes of the {@link ConfigError}s that {@link parseConfig}, {@link getApi}, `fromConfig`,
 * the interceptor packages' authorizers and the options of every ky-auth function throw: the
 * `ERR_CONFIG_` part of {@link errorCodes}, in its order. Each is documented in ERRORS.md at the
 * repository root. Branch on these, never on messages.
 *
 * @example
 * ```ts
 * import { ConfigError, configErrorCodes, parseConfig } from '@ky-auth/core';
 *
 * const known = new Set<string>(configErrorCodes);
 * try {
 *   parseConfig(JSON.parse(text));
 * } catch (error) {
 *   if (error instanceof ConfigError && known.has(error.code)) console.error(error.code, error.path);
 * }
 * ```
 */
export const configErrorCodes: readonly ConfigErrorCode[] = /* @__PURE__ */ errorCodes.filter(
  (code): code is ConfigErrorCode => code.startsWith('ERR_CONFIG_'),
);
