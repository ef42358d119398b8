import { CredentialsError, cachedSource, isKyAuthErrorOrAbort, type KyAuthError } from '@ky-auth/core';
import type { AwsCredentials, CredentialsProvider } from '../types.ts';

/**
 * Returns usable credentials for one request, synchronously when they are at hand (static or cached), or
 * throws a `CredentialsError` (or the abort reason). `now` is the signer's clock (corrected by the skew
 * the API reported), on which the credentials' `expiration`, the service's time, is judged.
 */
export type CredentialsGetter = (
  signal: AbortSignal | undefined,
  now?: number,
) => AwsCredentials | Promise<AwsCredentials>;

/** Refresh temporary credentials this long before they expire, as the AWS SDKs do. */
export const refreshBeforeMs = 5 * 60_000;

/**
 * Providers that cache and share their own results (`fromCognitoIdentityPool`, whose credentials depend on
 * who is signed in), with the getter to call instead of wrapping them in another cache.
 */
export const selfCachingProviders = new WeakMap<CredentialsProvider, CredentialsGetter>();
const wrappedProviders = new WeakMap<CredentialsProvider, CredentialsGetter>();
/** How to forget what ky-auth keeps of a provider's credentials (see `forgetCredentials`). */
export const forgetters = new WeakMap<CredentialsProvider, () => void>();

/**
 * A getter over static credentials or a provider. A provider's result is cached until shortly before it
 * expires and refreshed by one call however many requests wait; the same provider function shares one
 * cache across signers.
 */
export function credentialsGetter(input: AwsCredentials | CredentialsProvider): CredentialsGetter {
  if (typeof input !== 'function') {
    const credentials = checkedCredentials(input, 'The credentials option');
    return () => credentials;
  }
  const known = selfCachingProviders.get(input) ?? wrappedProviders.get(input);
  if (known !== undefined) return known;
  const source = cachedSource<AwsCredentials>({
    refreshBeforeMs,
    async load() {
      let credentials: unknown;
      try {
        credentials = await input();
      } catch (error) {
        throw isKyAuthErrorOrAbort(error) ? error : providerFailure(error);
      }
      const checked = checkedCredentials(credentials, 'The credentials provider');
      return { value: checked, expiresAt: checked.expiration?.getTime() };
    },
  });
  const getter: CredentialsGetter = (signal, now) => source.read({ signal, now });
  wrappedProviders.set(input, getter);
  forgetters.set(input, source.clear);
  return getter;
}

/**
 * Credentials for a request signed at `now`, without a promise when the getter has them at hand: a
 * provider's failure becomes a `CredentialsError` (keeping the `cause`), credentials already expired at
 * `now` are refused. An abort is passed on as it is.
 */
export function credentialsFor(
  getter: CredentialsGetter,
  signal: AbortSignal | undefined,
  now: number,
): AwsCredentials | Promise<AwsCredentials> {
  const failed = (error: unknown): never => {
    throw isKyAuthErrorOrAbort(error, signal) ? error : providerFailure(error);
  };
  let credentials: AwsCredentials | Promise<AwsCredentials>;
  try {
    credentials = getter(signal, now);
  } catch (error) {
    return failed(error);
  }
  return credentials instanceof Promise
    ? credentials.then((value) => unexpired(value, now), failed)
    : unexpired(credentials, now);
}

// Refused only when expired on both the signer's clock and this machine's: a clock that a wrong server
// `Date` pushed into the future must not refuse every request locally, forever. Sent, such a request is
// answered with a skew rejection that corrects the clock.
function unexpired(credentials: AwsCredentials, now: number): AwsCredentials {
  const expiresAt = credentials.expiration?.getTime();
  if (expiresAt !== undefined && expiresAt <= now && expiresAt <= Date.now()) {
    throw new CredentialsError(
      'ERR_CREDENTIALS_EXPIRED',
      `The credentials expired at ${new Date(expiresAt).toISOString()}; the request was not sent. Give the signer a provider that returns fresh credentials.`,
    );
  }
  return credentials;
}

function providerFailure(error: unknown): KyAuthError {
  return new CredentialsError(
    'ERR_CREDENTIALS_PROVIDER_FAILED',
    'The credentials provider failed; the request was not sent. See `cause`.',
    { cause: error },
  );
}

const headerSafe = /^[\x21-\x7e]+$/;

/** The credentials if they can sign; `ERR_CREDENTIALS_INVALID` saying which field is wrong (never its value). */
export function checkedCredentials(credentials: unknown, source: string): AwsCredentials {
  const fields = (credentials ?? {}) as Record<string, unknown>;
  const problem =
    typeof credentials !== 'object' || credentials === null
      ? `returned ${credentials === null ? 'null' : typeof credentials} instead of { accessKeyId, secretAccessKey }`
      : typeof fields.accessKeyId !== 'string' || !headerSafe.test(fields.accessKeyId)
        ? 'has no accessKeyId (a non-empty string of printable ASCII)'
        : typeof fields.secretAccessKey !== 'string' || fields.secretAccessKey === ''
          ? 'has no secretAccessKey (a non-empty string)'
          : fields.sessionToken !== undefined &&
              (typeof fields.sessionToken !== 'string' || !headerSafe.test(fields.sessionToken))
            ? 'has a sessionToken that is not a string of printable ASCII'
            : fields.expiration !== undefined &&
                (!(fields.expiration instanceof Date) || Number.isNaN(fields.expiration.getTime()))
              ? 'has an expiration that is not a valid Date'
              : undefined;
  if (problem !== undefined) {
    throw new CredentialsError(
      'ERR_CREDENTIALS_INVALID',
      `${source} ${problem.replace(/^returned/, 'gave')}; the request was not sent.`,
    );
  }
  return credentials as AwsCredentials;
}
