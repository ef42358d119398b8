import { createClock } from './clock.ts';
import { KyAuthError, RequestPolicyError } from './errors.ts';
import { isLoopbackHost } from './is-loopback-host.ts';
import { checkedEndpoint } from './lib/checked-endpoint.ts';
import { redirectMethod, redirectTarget } from './lib/redirect-target.ts';
import { restoreHeaders } from './lib/restore-headers.ts';
import { reusableBody } from './lib/reusable-body.ts';
import {
  type Clock,
  type Interceptor,
  type InterceptorContext,
  type RequestAuthOptions,
  stages,
} from './types.ts';

export interface AuthHooksOptions {
  /**
   * The endpoint the credentials belong to. Interceptors run only for requests to its origin (scheme,
   * host and port); a request through the same client to any other origin goes out with none of them.
   * Default: ky's `prefix` (ky 2) or `prefixUrl` (ky 1) when set, else every origin.
   */
  readonly endpoint?: string | URL | undefined;
  /** The API's name, passed to interceptors (set by `fromConfig`). */
  readonly apiName?: string | undefined;
  /** The clock shared by the interceptors; learns the offset a server reports. Default: a new one. */
  readonly clock?: Clock | undefined;
  /**
   * Sends the re-authorized retry and followed redirects. Default: the client's own `fetch` option when
   * ky exposes it, else `globalThis.fetch` at the time of the call.
   */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Allows credentials over plain `http:` to hosts other than loopback. Default `false`. */
  readonly allowInsecureHttp?: boolean | undefined;
  /**
   * What to do when the API redirects a request that carries credentials to another origin: `'error'`
   * (default) fails with `ERR_CROSS_ORIGIN_REDIRECT`; `'follow-without-credentials'` follows it with the
   * caller's own headers only.
   */
  readonly crossOriginRedirect?: 'error' | 'follow-without-credentials' | undefined;
  /** `'none'` sends requests without auth unless a request asks with `context: { authMode: 'default' }`. */
  readonly defaultAuthMode?: 'none' | 'default' | undefined;
}

// ky 1 and ky 2 call hooks with different arguments and type them differently; these hooks accept both.
// biome-ignore lint/suspicious/noExplicitAny: a hook must be assignable to both majors' hook types.
type HookFunction = (...args: any[]) => any;

/**
 * ky hooks that run the interceptors. They are plain arrays, so they merge into any ky instance with
 * `ky.create({ hooks })` or `api.extend({ hooks })`; add them last so the signature covers the headers
 * that other hooks set.
 */
export interface AuthHooks {
  readonly init: HookFunction[];
  readonly beforeRequest: HookFunction[];
  readonly beforeRetry: HookFunction[];
  readonly afterResponse: HookFunction[];
  readonly beforeError: HookFunction[];
}

/** The state of one ky call, across its attempts; keyed by the call's own `context` object. */
interface CallState {
  fetch: typeof globalThis.fetch | undefined;
  /** The request's headers before any interceptor ran, restored before every re-apply. */
  pristine: Headers | undefined;
  /** The caller's own redirect mode, when authHooks replaced it with `'manual'`. */
  callerRedirect: RequestRedirect | undefined;
  credentialed: boolean;
  reauthorized: boolean;
  sentHeaderNames: readonly string[];
}

const redirectLimit = 20;
const credentialBearingHeaders = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * Turns interceptors into ky hooks for ky `^1.14` and `^2`. Interceptors run, in stage order, on the
 * first attempt and again before every retry, so a retry never resends a stale signature or token. An
 * `onResponse` that asks for it gets one re-authorized retry per request, never more.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { apiKey } from '@ky-auth/api-key';
 *
 * const api = ky.create({
 *   prefix: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/',
 *   hooks: authHooks([apiKey('my-key')]),
 * });
 * await api.get('items').json();
 * await api.get('health', { context: { authMode: 'none' } }); // no auth for this call
 * ```
 */
export function authHooks(interceptors: readonly Interceptor[], options: AuthHooksOptions = {}): AuthHooks {
  const ordered = stages.flatMap((stage) =>
    interceptors.filter((interceptor) => interceptor.stage === stage),
  );
  const headerStage = ordered.filter((interceptor) => interceptor.stage === 'headers');
  const responders = ordered.filter((interceptor) => interceptor.onResponse !== undefined);
  const headerNames = [...new Set(ordered.flatMap((interceptor) => interceptor.headerNames ?? []))];
  const clock = options.clock ?? createClock();
  const fixedEndpoint = options.endpoint === undefined ? undefined : checkedEndpoint(options.endpoint);
  const calls = new WeakMap<object, CallState>();

  const newState = (fetch: typeof globalThis.fetch | undefined): CallState => ({
    fetch,
    pristine: undefined,
    callerRedirect: undefined,
    credentialed: false,
    reauthorized: false,
    sentHeaderNames: [],
  });

  const stateOf = (kyOptions: KyOptions): CallState => {
    const key = kyOptions.context;
    const known = key === undefined ? undefined : calls.get(key);
    if (known !== undefined) return known;
    const state = newState(kyOptions.fetch);
    if (key !== undefined) calls.set(key, state);
    return state;
  };

  const endpointOf = (kyOptions: KyOptions): URL | undefined => {
    if (fixedEndpoint !== undefined) return fixedEndpoint;
    const prefix = kyOptions.prefix ?? kyOptions.prefixUrl;
    if (typeof prefix !== 'string' && !(prefix instanceof URL)) return undefined;
    try {
      return new URL(prefix);
    } catch {
      return undefined;
    }
  };

  const authMode = (kyOptions: KyOptions): RequestAuthOptions =>
    (kyOptions.context ?? {}) as RequestAuthOptions;

  const contextFor = (
    request: Request,
    kyOptions: KyOptions,
    retryCount: number,
    reauthorizing: boolean,
    body: InterceptorContext['body'],
  ): InterceptorContext => ({
    apiName: options.apiName,
    endpoint: endpointOf(kyOptions),
    retryCount,
    reauthorizing,
    signal: request.signal,
    clock,
    options: authMode(kyOptions),
    body,
  });

  /** Runs the interceptors on `request`; returns the request to send (the same one, or a replacement). */
  const authorize = async (
    request: Request,
    kyOptions: KyOptions,
    state: CallState,
    retryCount: number,
    reauthorizing: boolean,
    body: InterceptorContext['body'],
  ): Promise<Request> => {
    if (state.pristine === undefined) state.pristine = new Headers(request.headers);
    else restoreHeaders(request.headers, state.pristine);
    state.credentialed = false;

    const requestOptions = authMode(kyOptions);
    const mode = requestOptions.authMode ?? options.defaultAuthMode ?? 'default';
    // As in Amplify, `none` skips signing and tokens but still sends the configured custom headers.
    const running = mode === 'none' ? headerStage : ordered;
    if (running.length === 0) return request;

    const url = new URL(request.url);
    const endpoint = endpointOf(kyOptions);
    if (endpoint !== undefined && url.origin !== endpoint.origin) return request;
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && options.allowInsecureHttp !== true) {
      throw new RequestPolicyError(
        'ERR_INSECURE_TRANSPORT',
        `Refusing to send credentials over plain http to ${url.host}: use https, or pass { allowInsecureHttp: true } to authHooks (or fromConfig) if this network is trusted.`,
      );
    }

    const context = contextFor(request, kyOptions, retryCount, reauthorizing, body);
    let current = request;
    for (const interceptor of running) {
      let replacement: Request | undefined | void;
      try {
        replacement = await interceptor.apply(current, context);
      } catch (error) {
        // The caller's own abort (its reason, whatever its type) is theirs to see, not an interceptor failure.
        if (current.signal.aborted && error === current.signal.reason) throw error;
        throw asKyAuthError(error, interceptor);
      }
      if (replacement instanceof Request) current = replacement;
    }

    state.credentialed = true;
    state.sentHeaderNames = headerNames.filter((name) => current.headers.has(name));
    if (current.redirect === 'follow') {
      state.callerRedirect = 'follow';
      current = new Request(current, { redirect: 'manual' });
    }
    return current;
  };

  const send = (state: CallState, request: Request): Promise<Response> =>
    (state.fetch ?? options.fetch ?? globalThis.fetch)(request);

  /** A copy of `request` with its pristine headers and, where possible, its body. */
  const rebuild = (
    request: Request,
    state: CallState,
    kyOptions: KyOptions,
    url: URL = new URL(request.url),
    method: string = request.method,
  ): { request: Request; body: InterceptorContext['body'] } | undefined => {
    const keepsBody = method === request.method && request.body !== null;
    const originalBody = keepsBody ? reusableBody(kyOptions.body) : undefined;
    if (keepsBody && request.bodyUsed && originalBody === undefined) return undefined;
    const headers = new Headers(state.pristine ?? request.headers);
    if (!keepsBody) {
      for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language']) {
        headers.delete(name);
      }
    }
    const init: RequestInit & { duplex?: 'half' } = {
      method,
      headers,
      signal: request.signal,
      redirect: state.callerRedirect ?? request.redirect,
      body: keepsBody ? (request.bodyUsed ? (originalBody as BodyInit) : request.clone().body) : null,
    };
    if (init.body instanceof ReadableStream) init.duplex = 'half';
    return { request: new Request(url, init), body: keepsBody ? originalBody : null };
  };

  /** Follows redirects of a credentialed request: same origin with fresh credentials, others by policy. */
  const followRedirects = async (
    response: Response,
    request: Request,
    kyOptions: KyOptions,
    state: CallState,
  ): Promise<Response> => {
    let current = response;
    let currentRequest = request;
    for (let hop = 0; hop < redirectLimit; hop += 1) {
      if (current.type === 'opaqueredirect') {
        throw new RequestPolicyError(
          'ERR_REDIRECT_WITH_CREDENTIALS',
          'The API answered with a redirect that the browser does not let ky-auth inspect; credentials are never sent to an unknown location. Call the final URL directly.',
        );
      }
      const target =
        state.callerRedirect === 'follow' ? redirectTarget(current, currentRequest.url) : undefined;
      if (target === undefined) return current;
      const method = redirectMethod(current.status, currentRequest.method);
      const sameOrigin = target.origin === new URL(currentRequest.url).origin;
      if (!sameOrigin && options.crossOriginRedirect !== 'follow-without-credentials') {
        throw new RequestPolicyError(
          'ERR_CROSS_ORIGIN_REDIRECT',
          `The API redirected a request carrying credentials to another origin (${target.origin}); ky-auth does not send them there. Pass { crossOriginRedirect: 'follow-without-credentials' } to follow it without credentials.`,
        );
      }
      const next = rebuild(currentRequest, state, kyOptions, target, method);
      if (next === undefined) return current;
      void current.body?.cancel().catch(() => undefined);
      if (sameOrigin) {
        currentRequest = await authorize(next.request, kyOptions, state, 0, false, next.body);
      } else {
        for (const name of [...credentialBearingHeaders, ...headerNames]) next.request.headers.delete(name);
        state.credentialed = false;
        return send(state, new Request(next.request, { redirect: 'follow' }));
      }
      current = await send(state, currentRequest);
    }
    throw new RequestPolicyError(
      'ERR_TOO_MANY_REDIRECTS',
      `The API redirected more than ${redirectLimit} times.`,
    );
  };

  const afterResponse = async (
    request: Request,
    kyOptions: KyOptions,
    response: Response,
    retryCount: number,
  ): Promise<Response | undefined> => {
    const state = kyOptions.context === undefined ? undefined : calls.get(kyOptions.context);
    if (state === undefined || !state.credentialed) return undefined;
    let result = await followRedirects(response, request, kyOptions, state);

    if (!state.reauthorized && responders.length > 0) {
      const context = contextFor(request, kyOptions, retryCount, false, undefined);
      let retry = false;
      for (const interceptor of responders) {
        try {
          if (await interceptor.onResponse?.(result.clone(), request, context)) retry = true;
        } catch (error) {
          if (request.signal.aborted && error === request.signal.reason) throw error;
          throw asKyAuthError(error, interceptor);
        }
      }
      if (retry) {
        state.reauthorized = true;
        const fresh = rebuild(request, state, kyOptions);
        if (fresh !== undefined) {
          const authorized = await authorize(fresh.request, kyOptions, state, retryCount, true, fresh.body);
          void result.body?.cancel().catch(() => undefined);
          result = await followRedirects(await send(state, authorized), authorized, kyOptions, state);
        }
      }
    }
    return result === response ? undefined : result;
  };

  return {
    // ky 2 only: gives every call its own `context` object to key its state on, and remembers its fetch.
    init: [
      (...args) => {
        const kyOptions = args[0] as KyOptions & { context?: object };
        kyOptions.context = { ...kyOptions.context };
        calls.set(kyOptions.context, newState(kyOptions.fetch));
      },
    ],
    beforeRequest: [
      async (...args) => {
        // ky 1 passes (request, options, {retryCount}) on every attempt; ky 2 passes one state object, once.
        const [request, kyOptions, retryCount] =
          args[0] instanceof Request
            ? [
                args[0],
                args[1] as KyOptions,
                (args[2] as { retryCount?: number } | undefined)?.retryCount ?? 0,
              ]
            : [(args[0] as KyState).request, (args[0] as KyState).options, 0];
        const state = stateOf(kyOptions);
        const body = request.body === null ? null : reusableBody(kyOptions.body);
        const authorized = await authorize(request, kyOptions, state, retryCount, false, body);
        return authorized === request ? undefined : authorized;
      },
    ],
    beforeRetry: [
      async (...args) => {
        const {
          request,
          options: kyOptions,
          retryCount,
          error,
        } = args[0] as KyState & {
          retryCount: number;
          error: unknown;
        };
        // ky 1 retries any error a hook throws; an auth failure or an abort must reach the caller as it is.
        if (error instanceof KyAuthError || request.signal.aborted) throw error;
        // ky 1 runs beforeRequest again on every retry (its normalized options still carry `timeout`).
        if ('timeout' in kyOptions) return undefined;
        const state = stateOf(kyOptions);
        const body = request.body === null ? null : reusableBody(kyOptions.body);
        const authorized = await authorize(request, kyOptions, state, retryCount, false, body);
        return authorized === request ? undefined : authorized;
      },
    ],
    afterResponse: [
      (...args) => {
        if (args[0] instanceof Request) {
          const retryCount = (args[3] as { retryCount?: number } | undefined)?.retryCount ?? 0;
          return afterResponse(args[0], args[1] as KyOptions, args[2] as Response, retryCount);
        }
        const state = args[0] as KyState & { response: Response; retryCount: number };
        return afterResponse(state.request, state.options, state.response, state.retryCount);
      },
    ],
    beforeError: [
      (...args) => {
        // ky 1 passes (httpError, state) for HTTP errors only; ky 2 passes one state object for every error.
        if (args[0] instanceof Error) return args[0];
        const { error, request, options: kyOptions } = args[0] as KyState & { error: Error };
        const state = kyOptions.context === undefined ? undefined : calls.get(kyOptions.context);
        if (state?.credentialed === true && isNetworkError(error) && isCrossOriginInBrowser(request.url)) {
          error.message += ` (a cross-origin request that carried ${state.sentHeaderNames.join(', ')}: if the API's CORS preflight does not list these in Access-Control-Allow-Headers, the browser blocks the request; CORS may be the cause)`;
        }
        return error;
      },
    ],
  };
}

/** The parts of ky's normalized options (1.14 and 2) that authHooks reads. */
interface KyOptions {
  readonly context?: object;
  readonly fetch?: typeof globalThis.fetch;
  readonly body?: unknown;
  readonly prefix?: unknown;
  readonly prefixUrl?: unknown;
}

interface KyState {
  readonly request: Request;
  readonly options: KyOptions;
}

function isNetworkError(error: Error): boolean {
  return error.name === 'NetworkError' || error instanceof TypeError;
}

function isCrossOriginInBrowser(url: string): boolean {
  const location = (globalThis as { location?: { origin?: string } }).location;
  return (
    typeof location?.origin === 'string' &&
    'document' in globalThis &&
    new URL(url).origin !== location.origin
  );
}

function asKyAuthError(error: unknown, interceptor: Interceptor): Error {
  if (error instanceof KyAuthError) return error;
  if (error instanceof Error && error.name === 'AbortError') return error;
  return new KyAuthError(
    'ERR_INTERCEPTOR_FAILED',
    `The "${interceptor.name}" interceptor failed; the request was not sent. See \`cause\`.`,
    { cause: error },
  );
}
