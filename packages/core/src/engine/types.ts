import type { AuthEventListener } from './events.ts';

/**
 * When an interceptor runs. Stages run in this order, and within a stage in the order given:
 * `headers` (custom headers), then `auth` (API keys, tokens), then `sign` (SigV4), so that a signature
 * covers every header set before it.
 */
export type Stage = 'headers' | 'auth' | 'sign';

/**
 * The order of {@link Stage}s, first to last.
 *
 * @example
 * ```ts
 * import { stages } from '@ky-auth/core';
 *
 * stages; // ['headers', 'auth', 'sign']
 * ```
 */
export const stages: readonly Stage[] = ['headers', 'auth', 'sign'];

/**
 * A clock shared by the interceptors of one API. `now()` is the local time corrected by the offset that
 * a server's `Date` header taught (after a clock-skew rejection), in milliseconds since the epoch.
 *
 * @example
 * ```ts
 * import { createClock } from '@ky-auth/core';
 *
 * const clock = createClock();
 * clock.setOffset(Date.parse(response.headers.get('date')!) - Date.now());
 * clock.now(); // server time, give or take the round trip
 * ```
 */
export interface Clock {
  /** Milliseconds since the epoch, with the learned offset applied. */
  now(): number;
  /** The learned offset in milliseconds (server minus local); 0 until a skew was seen. */
  readonly offset: number;
  /** Records a new offset (server minus local). */
  setOffset(offsetMs: number): void;
}

/**
 * Per-request auth options, read from ky's own `context` option.
 *
 * @example
 * ```ts
 * // No signature or token for one call (Amplify Gen2's `defaultAuthMode: 'none'`); custom headers still go.
 * await api.get('public/health', { context: { authMode: 'none' } });
 * ```
 */
export interface RequestAuthOptions {
  /**
   * `'none'` sends this request without auth or signing (custom headers still apply, as in Amplify);
   * `'default'` (or absent) runs every interceptor. Any other value fails the call with
   * `ConfigError` `ERR_CONFIG_INVALID`.
   */
  readonly authMode?: 'none' | 'default';
  /**
   * Amplify Gen2's per-request spelling of `authMode` (`'none'`; `'iam'` and `'default'` authorize as
   * configured), accepted so Amplify code moves over unchanged.
   */
  readonly defaultAuthMode?: 'none' | 'iam' | 'default';
  /** Anything else the caller put in ky's `context`, for custom interceptors. */
  readonly [key: string]: unknown;
}

/**
 * What an interceptor is told about the request it is authorizing, and nothing more.
 *
 * @example
 * ```ts
 * const traceHeader: Interceptor = {
 *   name: 'trace',
 *   stage: 'headers',
 *   apply(request, context) {
 *     request.headers.set('x-trace', `${context.apiName ?? 'api'}-${context.retryCount}`);
 *   },
 * };
 * ```
 */
export interface InterceptorContext {
  /** The API's name when the hooks were built from a configuration file. */
  readonly apiName: string | undefined;
  /** The endpoint (of those `authHooks` was bound to) whose origin the request goes to. */
  readonly endpoint: URL | undefined;
  /** ky's retry count: 0 for the first attempt, then 1, 2, … */
  readonly retryCount: number;
  /** True on the single re-authorized retry that an `onResponse` asked for. */
  readonly reauthorizing: boolean;
  /** The request's abort signal: long waits (a token refresh) must give up when it aborts. */
  readonly signal: AbortSignal | undefined;
  /**
   * How long an `onResponse` may spend reading the response's body, in ms: what the engine allows itself
   * for a refusal (a quarter of ky's `timeout` and `totalTimeout`, at most 1 s). A body a server drips is
   * then never what turns ky's `HTTPError` into a `TimeoutError`.
   */
  readonly readTimeoutMs: number;
  /** The API's clock, corrected for the skew a server reported. */
  readonly clock: Clock;
  /** The per-request options from ky's `context`. */
  readonly options: RequestAuthOptions;
  /**
   * The exact bytes that will be sent, when the engine read the body (it does whenever an interceptor has
   * `onResponse` or a redirect policy is set, so that a retry or a redirect sends the same bytes): a signer
   * hashes these instead of reading the request's stream. `null` for a request without a body;
   * `undefined` for a body that streams out unread.
   */
  readonly body: BodyInit | null | undefined;
}

/**
 * A `401` or `403` that the API's own origin answered to a request the interceptors authorized, as
 * `Interceptor.explain` is shown it. Read once, from a copy of the response: the caller still gets the body.
 *
 * @example
 * ```ts
 * const rejection: Rejection = {
 *   status: 403,
 *   errorType: 'ForbiddenException', // from `x-amzn-ErrorType: ForbiddenException:http://…`
 *   message: 'Forbidden', // the JSON body's `message` (or `Message`)
 *   body: '{"message":"Forbidden"}',
 *   request, // the request as it was sent, headers included
 * };
 * ```
 */
export interface Rejection {
  /** `401` or `403`. */
  readonly status: number;
  /** The `x-amzn-ErrorType` header without its `:…` suffix, such as `InvalidSignatureException`. */
  readonly errorType: string | undefined;
  /** The JSON body's `message` or `Message` (API Gateway writes both), when it is a string. */
  readonly message: string | undefined;
  /** The body as text, at most its first 16 KiB. It may quote the request's headers: never echo it whole. */
  readonly body: string;
  /** The request as it was sent, with the headers the interceptors set. Its body is already used. */
  readonly request: Request;
}

/**
 * A single-purpose step that authorizes a fetch `Request`: sets headers on it, or returns a
 * replacement. Interceptors know nothing about ky or configuration files; `authHooks` runs them.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks, type Interceptor } from '@ky-auth/core';
 *
 * const tenant: Interceptor = {
 *   name: 'tenant',
 *   stage: 'headers',
 *   headerNames: ['x-tenant'],
 *   apply(request) {
 *     if (!request.headers.has('x-tenant')) request.headers.set('x-tenant', 'acme');
 *   },
 * };
 *
 * const endpoint = 'https://api.example.com/';
 * const api = ky.create({ prefix: endpoint, hooks: authHooks([tenant], { endpoint }) });
 * ```
 */
export interface Interceptor {
  /** A short name for error messages and the demo's table, such as `iam` or `api-key`. */
  readonly name: string;
  /** When it runs relative to the others. */
  readonly stage: Stage;
  /**
   * The header names it may set, lower case: listed in CORS hints and used to keep credentials off
   * other origins.
   */
  readonly headerNames?: readonly string[];
  /**
   * Authorizes the request: set headers on `request`, or return a replacement `Request`. Throwing (a
   * `KyAuthError`) fails the request; it is never sent without this interceptor's work.
   */
  apply(request: Request, context: InterceptorContext): void | Request | Promise<void | Request>;
  /**
   * Looks at a response and answers `true` to ask for one re-authorized retry (after refreshing a
   * token, or learning a clock offset). Called at most once per request; the retry's response is final.
   * The response is the one the caller will get: read its body only through `response.clone()`, and
   * within `context.readTimeoutMs` (a server may drip it for ever).
   */
  onResponse?(response: Response, request: Request, context: InterceptorContext): boolean | Promise<boolean>;
  /**
   * Says, in words a front-end developer understands, why the API refused a request this interceptor
   * authorized, and what to change; `undefined` when the rejection is not about its work. Asked only for a
   * `401` or `403` from the API's own origin, after the one re-authorized retry (so `context.reauthorizing`
   * tells whether a retry already happened). The answer is appended to the `message` of ky's `HTTPError`,
   * so it must never contain a secret (a key, token, signature or secret key, nor the body's quotes of
   * them).
   *
   * @example
   * ```ts
   * const tenant: Interceptor = {
   *   name: 'tenant',
   *   stage: 'headers',
   *   apply(request) {
   *     request.headers.set('x-tenant', 'acme');
   *   },
   *   explain(rejection) {
   *     if (rejection.status === 403 && rejection.message === 'Unknown tenant') {
   *       return 'The API does not know the tenant "acme": check the x-tenant header.';
   *     }
   *     return undefined;
   *   },
   * };
   * ```
   */
  explain?(
    rejection: Rejection,
    context: InterceptorContext,
  ): string | undefined | Promise<string | undefined>;
}

/**
 * The options of `authHooks`, for ky 2 (`@ky-auth/core`) and ky 1 (`@ky-auth/core/ky1`) alike.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { apiKey } from '@ky-auth/api-key';
 *
 * const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';
 * // The key goes to this origin only, whatever URL, prefix or baseUrl a call uses.
 * const api = ky.create({ prefix: endpoint, hooks: authHooks([apiKey('my-key')], { endpoint }) });
 * ```
 */
export interface AuthHooksOptions {
  /**
   * The endpoint the credentials belong to, bound when the hooks are made: interceptors run only for
   * requests to its origin (scheme, host and port), and a request through the same client to any other
   * origin goes out with none of their headers. No call option can move it: not ky's `prefix`,
   * `prefixUrl` or `baseUrl`, not an absolute URL, `URL` or `Request` input. Required when there are
   * interceptors (`ERR_CONFIG_MISSING_ENDPOINT` otherwise). A client that calls several APIs with the
   * same credentials lists each: `endpoint: [ordersUrl, usersUrl]`.
   */
  readonly endpoint?: string | URL | readonly (string | URL)[] | undefined;
  /** The API's name, passed to interceptors (set by `fromConfig`). */
  readonly apiName?: string | undefined;
  /** The clock shared by the interceptors; learns the offset a server reports. Default: a new one. */
  readonly clock?: Clock | undefined;
  /**
   * The fetch used when the client has no `fetch` option of its own: for every attempt with ky 2, for the
   * re-authorized retry and followed redirects with ky 1. Default: `globalThis.fetch` at the time of the
   * call.
   */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Allows credentials over plain `http:` to hosts other than loopback. Default `false`. */
  readonly allowInsecureHttp?: boolean | undefined;
  /**
   * What happens when the API answers a request that carries credentials with a redirect. Default: the
   * request fails with `ERR_REDIRECT_WITH_CREDENTIALS` (credentials never follow a redirect unasked);
   * `followRedirects()` from `@ky-auth/core/follow-redirects` follows same-origin redirects with fresh
   * credentials.
   */
  readonly redirects?: RedirectPolicy | undefined;
  /** `'none'` sends requests without auth unless a request asks with `context: { authMode: 'default' }`. */
  readonly defaultAuthMode?: 'none' | 'default' | undefined;
  /**
   * Receives a secret-free event for each thing that happens out of sight: interceptors run or skipped
   * (and why), a wait for a token or credentials, a clock offset learned, the re-authorized retry, a
   * redirect refused or followed, a rejection explained. See `AuthEvent`. Default: none, and no cost.
   */
  readonly onEvent?: AuthEventListener | undefined;
}

/**
 * `authHooks`' (and ky 1's `authOptions`') options when there are interceptors: `endpoint`, the origin
 * their credentials are bound to, is required, so leaving it out does not compile (at run time it is
 * `ERR_CONFIG_MISSING_ENDPOINT`). Type a helper of your own that passes options through with it; only
 * `authHooks([])` (no interceptors, nothing to bind) takes plain `AuthHooksOptions`.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { type AuthHooksOptionsWithEndpoint, type Interceptor, authHooks } from '@ky-auth/core';
 * import { apiKey } from '@ky-auth/api-key';
 *
 * const client = (interceptors: Interceptor[], options: AuthHooksOptionsWithEndpoint) =>
 *   ky.create({ hooks: authHooks(interceptors, options) });
 * const api = client([apiKey('my-key')], { endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/' });
 * ```
 */
export type AuthHooksOptionsWithEndpoint = AuthHooksOptions & {
  readonly endpoint: NonNullable<AuthHooksOptions['endpoint']>;
};

/**
 * What `authHooks` lends a redirect policy to follow a redirect of a credentialed request.
 *
 * @example
 * ```ts
 * const refuseAll: RedirectPolicy = (response) => {
 *   throw new RequestPolicyError('ERR_REDIRECT_WITH_CREDENTIALS', `Not following ${response.status}.`);
 * };
 * ```
 */
export interface RedirectContext {
  /** The header names the interceptors may set, lower case: to strip before leaving the origin. */
  readonly headerNames: readonly string[];
  /** The bytes that were sent (see `InterceptorContext.body`), to send again on the next hop. */
  body(): InterceptorContext['body'];
  /** A copy of the caller's own headers (ky's request, which never holds an interceptor's). */
  pristine(): Headers;
  /** Runs the interceptors on a request to the API's origin; resolves to the request to send. */
  authorize(request: Request): Promise<Request>;
  /** Sends a request through the call's fetch. */
  fetch(request: Request): Promise<Response>;
  /**
   * Says the next request leaves the origin without credentials. Kept for policies written against it;
   * the engine needs no notice, since only the copies it authorizes ever carry credentials.
   */
  uncredentialed(): void;
}

/**
 * Turns the redirect answering a credentialed request into the response the caller gets (or throws).
 *
 * @example
 * ```ts
 * import { authHooks } from '@ky-auth/core';
 * import { followRedirects } from '@ky-auth/core/follow-redirects';
 *
 * const hooks = authHooks(interceptors, { endpoint: 'https://api.example.com/', redirects: followRedirects() });
 * ```
 */
export type RedirectPolicy = (
  response: Response,
  request: Request,
  context: RedirectContext,
) => Promise<Response>;
