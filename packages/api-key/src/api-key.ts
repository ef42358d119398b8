import {
  abortable,
  ConfigError,
  CredentialsError,
  type Interceptor,
  isHeaderName,
  isHeaderValue,
  isKyAuthErrorOrAbort,
  RequestPolicyError,
} from '@ky-auth/core';

/**
 * What an API key provider is told.
 *
 * @example
 * ```ts
 * apiKey(({ apiName, signal }) => keyStore.get(apiName ?? 'default', { signal }));
 * ```
 */
export interface ApiKeyProviderInput {
  /** The API's name when the hooks were built from a configuration file. */
  readonly apiName: string | undefined;
  /** The request's abort signal, for a provider that does I/O. */
  readonly signal: AbortSignal | undefined;
}

/**
 * Returns the API key for one request. It is called before every attempt that does not already carry the
 * header, so a rotated key is picked up at once; caching (and refreshing) a key that is costly to fetch
 * is the provider's business.
 *
 * @example
 * ```ts
 * import { cachedSource } from '@ky-auth/core';
 *
 * const key = cachedSource({ load: async () => ({ value: await fetchKey(), expiresAt: Date.now() + 600_000 }) });
 * const provider: ApiKeyProvider = ({ signal }) => key.get({ signal });
 * ```
 */
export type ApiKeyProvider = (input: ApiKeyProviderInput) => string | Promise<string>;

/**
 * Where the key goes.
 *
 * @example
 * ```ts
 * apiKey('my-key', { header: 'x-partner-key' });
 * ```
 */
export interface ApiKeyOptions {
  /** The header that carries the key. Default `x-api-key`, the one API Gateway reads. */
  readonly header?: string | undefined;
}

/**
 * An interceptor that sends an API Gateway API key, in the `auth` stage. A request that already has the
 * header (set per request through ky's `headers` option) keeps its own, and the provider is not called.
 *
 * A missing or empty key fails with `CredentialsError` `ERR_API_KEY_MISSING`; a provider that throws or
 * returns something other than a string fails with `CredentialsError` `ERR_API_KEY_PROVIDER_FAILED` (its
 * error is the `cause`); a key that is not a valid header value fails with `RequestPolicyError`
 * `ERR_INVALID_HEADER_VALUE`. A static key is checked when the interceptor is created, a provider's on
 * every call; the request is never sent without the key. Messages name the header, never the key.
 *
 * @param keyOrProvider - The key, or a function of `{ apiName, signal }` that returns it.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { apiKey } from '@ky-auth/api-key';
 *
 * // A key that rotates: the provider is asked on every request.
 * const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';
 * const api = ky.create({
 *   prefix: endpoint,
 *   hooks: authHooks([apiKey(async () => (await loadSecrets()).apiKey)], { endpoint }),
 * });
 * ```
 */
export function apiKey(keyOrProvider: string | ApiKeyProvider, options: ApiKeyOptions = {}): Interceptor {
  const header = options.header ?? 'x-api-key';
  const quoted = JSON.stringify(header);
  if (!isHeaderName(header)) {
    throw new ConfigError(
      'ERR_CONFIG_INVALID',
      'apiKey.header',
      `apiKey's header option ${quoted} is not a header name: use letters, digits or !#$%&'*+-.^_\`|~ (RFC 9110 token).`,
    );
  }

  /** Where a message says the key belongs: the header, and the API when known (never the key). */
  const place = (apiName: string | undefined) =>
    `the ${quoted} header${apiName === undefined ? '' : ` of API "${apiName}"`}`;

  /** The key if it can be sent; a typed error naming the header (never the key) otherwise. */
  const checked = (key: unknown, apiName: string | undefined): string => {
    const subject = `The API key for ${place(apiName)}`;
    // fetch trims header values, so a key of spaces would go out empty.
    if (key == null || (typeof key === 'string' && key.trim() === '')) {
      throw new CredentialsError(
        'ERR_API_KEY_MISSING',
        `${subject} is missing or empty; the request was not sent. Pass the key API Gateway issued.`,
      );
    }
    if (typeof key !== 'string') {
      throw new CredentialsError(
        'ERR_API_KEY_PROVIDER_FAILED',
        `${subject} must be a string, got ${typeof key}; the request was not sent.`,
      );
    }
    if (!isHeaderValue(key)) {
      throw new RequestPolicyError(
        'ERR_INVALID_HEADER_VALUE',
        `${subject} has a line break, control character or character above U+00FF, or is over 8192 characters; the key is not shown.`,
      );
    }
    return key;
  };

  const provider = typeof keyOrProvider === 'function' ? keyOrProvider : undefined;
  const staticKey = provider === undefined ? checked(keyOrProvider, undefined) : '';
  return {
    name: 'api-key',
    stage: 'auth',
    headerNames: [header.toLowerCase()],
    apply(request, { apiName, signal }) {
      if (request.headers.has(header)) return;
      if (provider === undefined) return void request.headers.set(header, staticKey);
      return abortable(
        Promise.resolve().then(() => provider({ apiName, signal })),
        signal,
      ).then(
        (key) => request.headers.set(header, checked(key, apiName)),
        (error: unknown) => {
          if (isKyAuthErrorOrAbort(error, signal)) throw error;
          throw new CredentialsError(
            'ERR_API_KEY_PROVIDER_FAILED',
            `The API key provider for ${place(apiName)} threw; the request was not sent. See \`cause\`.`,
            { cause: error },
          );
        },
      );
    },
    // Loaded on a rejection only: a bundle that splits dynamic imports carries none of it up front.
    explain: (rejection, { apiName }) =>
      import('./lib/explain-api-key-rejection.ts').then(({ explainApiKeyRejection }) =>
        explainApiKeyRejection(rejection, header, place(apiName)),
      ),
  };
}
