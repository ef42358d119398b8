import {
  abortable,
  ConfigError,
  CredentialsError,
  type Interceptor,
  isHeaderName,
  isKyAuthErrorOrAbort,
} from '@ky-auth/core';
import { setMissingHeaders } from './lib/set-missing-headers.ts';
import { validatedHeaders } from './lib/validated-headers.ts';

/**
 * What a custom headers function is told about the request it adds headers to.
 *
 * @example
 * ```ts
 * customHeaders(({ apiName, request }) => ({ 'x-route': `${apiName} ${request.method} ${new URL(request.url).pathname}` }));
 * ```
 */
export interface CustomHeadersInput {
  /** The API's name when the hooks were built from a configuration file (Amplify Gen2's `apiName`). */
  readonly apiName: string | undefined;
  /** The request about to be sent: read its `method`, `url` and `headers`. */
  readonly request: Request;
  /** The request's abort signal, for a function that does I/O (fetching a token). */
  readonly signal: AbortSignal | undefined;
}

/**
 * Returns the headers for one request; called before every attempt. `undefined` means none (Amplify
 * Gen1's `custom_header`, which takes no arguments, fits this type as it is).
 *
 * @example
 * ```ts
 * const custom_header: CustomHeadersFunction = async () => ({ Authorization: `Bearer ${await idToken()}` });
 * ```
 */
export type CustomHeadersFunction = (
  input: CustomHeadersInput,
) => HeadersInit | undefined | Promise<HeadersInit | undefined>;

/**
 * Static headers (a record, a `Headers`, `[name, value]` pairs) or a function called per request.
 *
 * @example
 * ```ts
 * const sources: CustomHeadersSource[] = [{ 'x-tenant': 'acme' }, new Headers({ 'x-tenant': 'acme' }), () => undefined];
 * ```
 */
export type CustomHeadersSource = HeadersInit | CustomHeadersFunction;

/**
 * How a custom headers interceptor is named and what it declares.
 *
 * @example
 * ```ts
 * customHeaders(tenantHeaders, { name: 'tenant', headerNames: ['x-tenant'] });
 * ```
 */
export interface CustomHeadersOptions {
  /** The interceptor's name in error messages. Default `custom-headers`. */
  readonly name?: string | undefined;
  /**
   * For a function: the header names it may return, so that `authHooks` can list them in CORS hints and
   * strip them from a redirect to another origin. Static headers declare their own names.
   */
  readonly headerNames?: readonly string[] | undefined;
}

/**
 * An interceptor that adds custom headers to every request, in the `headers` stage, so a SigV4 signature
 * covers them. A header the request already has (set per request through ky's `headers` option, or by an
 * interceptor that ran earlier) is left alone: per-request headers win over per-endpoint headers, which
 * win over global ones when the per-endpoint interceptor is listed first.
 *
 * Static headers are validated when the interceptor is created; a function's result on every call. A
 * function that throws fails the request with `CredentialsError` `ERR_HEADERS_PROVIDER_FAILED` (its error is the `cause`; a
 * `KyAuthError` it throws passes through unchanged) and nothing is sent.
 *
 * @param source - The headers, or a function of `{ apiName, request, signal }` that returns them.
 * @throws {RequestPolicyError} `ERR_INVALID_HEADER_NAME`, `ERR_INVALID_HEADER_VALUE` or `ERR_INVALID_HEADERS`
 *   for invalid static headers (from `apply` for a function's result).
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { customHeaders } from '@ky-auth/custom-headers';
 *
 * const endpoint = 'https://api.example.com/prod/';
 * const api = ky.create({
 *   prefix: endpoint,
 *   hooks: authHooks([
 *     customHeaders({ 'x-tenant': 'acme' }),
 *     customHeaders(({ request }) => ({ 'x-request-id': `${request.method}-${crypto.randomUUID()}` })),
 *   ], { endpoint }),
 * });
 * await api.get('items', { headers: { 'x-tenant': 'beta' } }); // sends x-tenant: beta
 * ```
 */
export function customHeaders(source: CustomHeadersSource, options: CustomHeadersOptions = {}): Interceptor {
  const name = options.name ?? 'custom-headers';

  if (typeof source !== 'function') {
    const headers = validatedHeaders(source, `the headers given to ${name}`);
    return {
      name,
      stage: 'headers',
      headerNames: [...headers.keys()],
      apply(request) {
        setMissingHeaders(request.headers, headers);
      },
    };
  }

  const interceptor: Interceptor = {
    name,
    stage: 'headers',
    async apply(request, context) {
      const where = `the headers function of ${name}${context.apiName === undefined ? '' : ` for API "${context.apiName}"`}`;
      let returned: HeadersInit | undefined;
      try {
        const call = Promise.resolve().then(() =>
          source({ apiName: context.apiName, request, signal: context.signal }),
        );
        returned = await abortable(call, context.signal);
      } catch (error) {
        if (isKyAuthErrorOrAbort(error, context.signal)) throw error;
        throw new CredentialsError(
          'ERR_HEADERS_PROVIDER_FAILED',
          `${capitalized(where)} threw; the request was not sent. See \`cause\`.`,
          { cause: error },
        );
      }
      setMissingHeaders(request.headers, validatedHeaders(returned, where));
    },
  };
  if (options.headerNames === undefined) return interceptor;
  for (const headerName of options.headerNames) {
    if (!isHeaderName(headerName)) {
      throw new ConfigError(
        'ERR_CONFIG_INVALID',
        'customHeaders.headerNames',
        `${JSON.stringify(headerName)} is not a header name: use letters, digits or !#$%&'*+-.^_\`|~ (RFC 9110 token).`,
      );
    }
  }
  return { ...interceptor, headerNames: options.headerNames.map((headerName) => headerName.toLowerCase()) };
}

function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
