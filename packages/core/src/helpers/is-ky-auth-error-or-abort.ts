import { KyAuthError } from '../errors.ts';

/**
 * The one rule for a failure inside an auth step: a `KyAuthError` (from any copy of `@ky-auth/core`) or
 * the caller's own abort (`signal.reason`, once `signal` is aborted) is passed on as it is; anything else
 * is wrapped by the caller in its own typed error, keeping it as `cause`. Wrapping a `KyAuthError` would
 * hide its `code`; wrapping an abort would turn the caller's own cancellation into an auth failure.
 * Without a `signal` only a `KyAuthError` is passed on.
 *
 * @param error - What the step threw or rejected with.
 * @param signal - The signal the step was given, if any.
 *
 * @example
 * ```ts
 * import { CredentialsError, isKyAuthErrorOrAbort } from '@ky-auth/core';
 *
 * try {
 *   key = await provider({ signal });
 * } catch (error) {
 *   if (isKyAuthErrorOrAbort(error, signal)) throw error;
 *   throw new CredentialsError('ERR_API_KEY_PROVIDER_FAILED', 'The API key provider threw. See `cause`.', {
 *     cause: error,
 *   });
 * }
 * ```
 */
export function isKyAuthErrorOrAbort(error: unknown): error is KyAuthError;
export function isKyAuthErrorOrAbort(error: unknown, signal: AbortSignal | undefined): boolean;
export function isKyAuthErrorOrAbort(error: unknown, signal?: AbortSignal): boolean {
  return error instanceof KyAuthError || (signal?.aborted === true && error === signal.reason);
}
