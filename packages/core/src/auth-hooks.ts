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
   * The fetch used when the client has no `fetch` option of its own: for every attempt with ky 2, for the
   * re-authorized retry and followed redirects with ky 1. Default: `globalThis.fetch` at the time of the
   * call.
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

/** Where a ky call's settings come from: ky 2's raw options (in `init`) or ky 1's normalized ones. */
interface CallSource {
  readonly context: RequestAuthOptions;
  readonly prefix: unknown;
  /** The body as the caller gave it, when it can be re-read cheaply (see `InterceptorContext.body`). */
  readonly body: () => InterceptorContext['body'];
  readonly fetch: FetchFunction;
}

/** The state of one ky call, across its attempts. */
interface Call {
  readonly source: CallSource;
  endpoint: URL | undefined | null;
  /** The request's headers before any interceptor ran: what a retry or a redirect starts from. */
  pristine: Headers | undefined;
  /** `'follow'` when the caller's request follows redirects and authHooks follows them itself. */
  callerRedirect: RequestRedirect | undefined;
  credentialed: boolean;
  reauthorized: boolean;
  attempts: number;
  sentHeaderNames: readonly string[];
}

type FetchFunction = (request: Request, init?: unknown) => Promise<Response>;

const redirectLimit = 20;
const credentialBearingHeaders = ['authorization', 'cookie', 'proxy-authorization'];
const contentHeaders = ['content-type', 'content-length', 'content-encoding', 'content-language'];

/**
 * Turns interceptors into ky hooks for ky `^1.14` and `^2`. Interceptors run, in stage order, on the
 * first attempt and again before every retry, so a retry never resends a stale signature or token. An
 * `onResponse` that asks for it gets one re-authorized retry per request, never more.
 *
 * With ky 2, the `init` hook wraps the call's `fetch`, so every attempt is authorized as it is sent
 * and no response is cloned for an `afterResponse` hook; ky 1 has no `init` hook and is served by
 * `beforeRequest`, `beforeRetry` and `afterResponse`.
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
  // ky 1 calls, keyed by their `context` object (ky makes one per call); ky 2 calls, for `beforeError`.
  const calls = new WeakMap<object, Call>();
  const defaultFetch: FetchFunction = (request, init) =>
    (options.fetch ?? globalThis.fetch)(request, init as RequestInit | undefined);

  const newCall = (source: CallSource): Call => ({
    source,
    endpoint: null,
    pristine: undefined,
    callerRedirect: undefined,
    credentialed: false,
    reauthorized: false,
    attempts: 0,
    sentHeaderNames: [],
  });

  const endpointOf = (call: Call): URL | undefined => {
    if (fixedEndpoint !== undefined) return fixedEndpoint;
    if (call.endpoint === null) {
      const { prefix } = call.source;
      call.endpoint = undefined;
      if ((typeof prefix === 'string' && prefix !== '') || prefix instanceof URL) {
        try {
          call.endpoint = new URL(prefix);
        } catch {
          // A prefix that is not an absolute URL names no origin: the request's own decides.
        }
      }
    }
    return call.endpoint;
  };

  const contextFor = (
    request: Request,
    call: Call,
    retryCount: number,
    reauthorizing: boolean,
  ): InterceptorContext => ({
    apiName: options.apiName,
    endpoint: endpointOf(call),
    retryCount,
    reauthorizing,
    signal: request.signal,
    clock,
    options: call.source.context,
    get body() {
      return request.body === null ? null : call.source.body();
    },
  });

  /** Runs the interceptors on `request`; returns the request to send (the same one, or a replacement). */
  const authorize = async (
    request: Request,
    call: Call,
    retryCount: number,
    reauthorizing: boolean,
  ): Promise<Request> => {
    if (call.pristine === undefined) call.pristine = new Headers(request.headers);
    else restoreHeaders(request.headers, call.pristine);
    call.credentialed = false;

    const mode = call.source.context.authMode ?? options.defaultAuthMode ?? 'default';
    // As in Amplify, `none` skips signing and tokens but still sends the configured custom headers.
    const running = mode === 'none' ? headerStage : ordered;
    if (running.length === 0) return request;

    const url = new URL(request.url);
    const endpoint = endpointOf(call);
    if (endpoint !== undefined && url.origin !== endpoint.origin) return request;
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && options.allowInsecureHttp !== true) {
      throw new RequestPolicyError(
        'ERR_INSECURE_TRANSPORT',
        `Refusing to send credentials over plain http to ${url.host}: use https, or pass { allowInsecureHttp: true } to authHooks (or fromConfig) if this network is trusted.`,
      );
    }

    const context = contextFor(request, call, retryCount, reauthorizing);
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

    call.credentialed = true;
    call.sentHeaderNames = headerNames.filter((name) => current.headers.has(name));
    return current;
  };

  /**
   * A copy of `request` to send again (re-authorized, or to a redirect's target): its pristine headers,
   * and its body when the method keeps one and it can still be had.
   */
  const rebuild = (
    request: Request,
    call: Call,
    url: URL,
    method: string,
    redirect: RequestRedirect,
  ): Request | undefined => {
    const keepsBody = method === request.method && request.body !== null;
    const originalBody = keepsBody ? call.source.body() : undefined;
    if (keepsBody && request.bodyUsed && originalBody === undefined) return undefined;
    const headers = new Headers(call.pristine ?? request.headers);
    if (!keepsBody) for (const name of contentHeaders) headers.delete(name);
    const init: RequestInit & { duplex?: 'half' } = {
      method,
      headers,
      signal: request.signal,
      redirect,
      body: keepsBody ? (originalBody ?? request.clone().body) : null,
    };
    if (init.body instanceof ReadableStream) init.duplex = 'half';
    return new Request(url, init);
  };

  /** Follows redirects of a credentialed request: same origin with fresh credentials, others by policy. */
  const followRedirects = async (response: Response, request: Request, call: Call): Promise<Response> => {
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
        call.callerRedirect === 'follow' ? redirectTarget(current, currentRequest.url) : undefined;
      if (target === undefined) return current;
      const method = redirectMethod(current.status, currentRequest.method);
      const sameOrigin = target.origin === new URL(currentRequest.url).origin;
      if (!sameOrigin && options.crossOriginRedirect !== 'follow-without-credentials') {
        throw new RequestPolicyError(
          'ERR_CROSS_ORIGIN_REDIRECT',
          `The API redirected a request carrying credentials to another origin (${target.origin}); ky-auth does not send them there. Pass { crossOriginRedirect: 'follow-without-credentials' } to follow it without credentials.`,
        );
      }
      const next = rebuild(currentRequest, call, target, method, sameOrigin ? 'manual' : 'follow');
      if (next === undefined) return current;
      void current.body?.cancel().catch(() => undefined);
      if (!sameOrigin) {
        for (const name of [...credentialBearingHeaders, ...headerNames]) next.headers.delete(name);
        call.credentialed = false;
        return call.source.fetch(next);
      }
      currentRequest = await authorize(next, call, 0, false);
      current = await call.source.fetch(currentRequest);
    }
    throw new RequestPolicyError(
      'ERR_TOO_MANY_REDIRECTS',
      `The API redirected more than ${redirectLimit} times.`,
    );
  };

  /**
   * What a credentialed request's response becomes: its redirects followed, and the one re-authorized
   * retry sent when an interceptor asks for it. `unsent` is a copy of the request whose body is unread.
   */
  const respond = async (
    response: Response,
    unsent: Request,
    call: Call,
    retryCount: number,
  ): Promise<Response> => {
    let result = await followRedirects(response, unsent, call);
    if (call.reauthorized || responders.length === 0 || !call.credentialed) return result;
    const context = contextFor(unsent, call, retryCount, false);
    let retry = false;
    for (const interceptor of responders) {
      try {
        if (await interceptor.onResponse?.(result, unsent, context)) retry = true;
      } catch (error) {
        if (unsent.signal.aborted && error === unsent.signal.reason) throw error;
        throw asKyAuthError(error, interceptor);
      }
    }
    if (!retry) return result;
    call.reauthorized = true;
    const redirect = call.callerRedirect === 'follow' ? 'manual' : unsent.redirect;
    const fresh = rebuild(unsent, call, new URL(unsent.url), unsent.method, redirect);
    if (fresh === undefined) return result;
    const authorized = await authorize(fresh, call, retryCount, true);
    void result.body?.cancel().catch(() => undefined);
    result = await followRedirects(await call.source.fetch(authorized), authorized, call);
    return result;
  };

  /** ky 2: authorizes each attempt as ky sends it, through the call's own fetch. */
  const wrapFetch = (call: Call): FetchFunction => {
    return async (request, extra) => {
      const retryCount = call.attempts;
      call.attempts += 1;
      const sending = await authorize(request, call, retryCount, false);
      if (!call.credentialed) {
        // authHooks asked ky for `redirect: 'manual'`; a request without credentials follows as fetch does.
        const plain =
          call.callerRedirect === 'follow' ? new Request(sending, { redirect: 'follow' }) : sending;
        return call.source.fetch(plain, extra);
      }
      const keepCopy = responders.length > 0 && sending.body !== null && call.source.body() === undefined;
      const unsent = keepCopy ? sending.clone() : sending;
      return respond(await call.source.fetch(sending, extra), unsent, call, retryCount);
    };
  };

  const own = {
    beforeRequest: async (...args: unknown[]) => {
      // Only ky 1 reaches here: in ky 2 the `init` hook takes these hooks out of the call.
      if (!(args[0] instanceof Request)) return undefined;
      const request = args[0];
      const kyOptions = args[1] as NormalizedKyOptions;
      const call = callOf(kyOptions);
      const retryCount = (args[2] as { retryCount?: number } | undefined)?.retryCount ?? 0;
      // ky 1's `timeout` covers only the fetch: bound a provider that hangs by it too.
      let sending = await withinTimeout(authorize(request, call, retryCount, false), kyOptions.timeout);
      if (call.credentialed && sending.redirect === 'follow') {
        call.callerRedirect = 'follow';
        sending = new Request(sending, { redirect: 'manual' });
      }
      return sending === request ? undefined : sending;
    },
    // ky 1 retries any error a hook throws; an auth failure or an abort must reach the caller as it is.
    // ky 1 then runs `beforeRequest` again, which re-authorizes the retry.
    beforeRetry: (...args: unknown[]) => {
      const { request, error } = args[0] as { request: Request; error: unknown };
      if (error instanceof KyAuthError || request.signal.aborted) throw error;
      return undefined;
    },
    afterResponse: async (...args: unknown[]) => {
      if (!(args[0] instanceof Request)) return undefined;
      const call = callOf(args[1] as NormalizedKyOptions);
      if (!call.credentialed) return undefined;
      const response = args[2] as Response;
      const retryCount = (args[3] as { retryCount?: number } | undefined)?.retryCount ?? 0;
      const result = await respond(response, args[0], call, retryCount);
      return result === response ? undefined : result;
    },
  };

  /** ky 1: the call's state, keyed by the call's own `context` object. */
  const callOf = (kyOptions: NormalizedKyOptions): Call => {
    const key = kyOptions.context ?? {};
    let call = calls.get(key);
    if (call === undefined) {
      const inner = kyOptions.fetch;
      call = newCall({
        context: key as RequestAuthOptions,
        prefix: kyOptions.prefixUrl,
        body: () => reusableBody(kyOptions.body),
        fetch: inner === undefined ? defaultFetch : (request, init) => inner(request, init as RequestInit),
      });
      calls.set(key, call);
    }
    return call;
  };

  return {
    init: [
      (kyOptions: RawKyOptions) => {
        const context = { ...kyOptions.context } as RequestAuthOptions;
        const inner = kyOptions.fetch;
        const call = newCall({
          context,
          prefix: kyOptions.prefix,
          body: once(() => originalBody(kyOptions)),
          fetch: inner === undefined ? defaultFetch : (request, init) => inner(request, init as RequestInit),
        });
        calls.set(context, call);
        kyOptions.context = context;
        kyOptions.fetch = wrapFetch(call) as typeof globalThis.fetch;
        if (kyOptions.redirect === undefined || kyOptions.redirect === 'follow') {
          call.callerRedirect = 'follow';
          kyOptions.redirect = 'manual';
        }
        const hooks = kyOptions.hooks ?? {};
        kyOptions.hooks = {
          ...hooks,
          beforeRequest: hooks.beforeRequest?.filter((hook) => hook !== own.beforeRequest),
          beforeRetry: hooks.beforeRetry?.filter((hook) => hook !== own.beforeRetry),
          afterResponse: hooks.afterResponse?.filter((hook) => hook !== own.afterResponse),
        };
      },
    ],
    beforeRequest: [own.beforeRequest],
    beforeRetry: [own.beforeRetry],
    afterResponse: [own.afterResponse],
    beforeError: [
      (...args) => {
        // ky 1 passes (httpError, state) for HTTP errors only; ky 2 passes one state object for every error.
        if (args[0] instanceof Error) return args[0];
        const {
          error,
          request,
          options: kyOptions,
        } = args[0] as {
          error: Error;
          request: Request;
          options: NormalizedKyOptions;
        };
        const call = kyOptions.context === undefined ? undefined : calls.get(kyOptions.context);
        if (call?.credentialed === true && isNetworkError(error) && isCrossOriginInBrowser(request.url)) {
          error.message += ` (a cross-origin request that carried ${call.sentHeaderNames.join(', ')}: if the API's CORS preflight does not list these in Access-Control-Allow-Headers, the browser blocks the request; CORS may be the cause)`;
        }
        return error;
      },
    ],
  };
}

/** The options ky 2 gives its `init` hooks, before it reads them. */
interface RawKyOptions {
  context?: object;
  fetch?: typeof globalThis.fetch;
  redirect?: RequestRedirect;
  readonly prefix?: unknown;
  readonly body?: unknown;
  readonly json?: unknown;
  readonly stringifyJson?: (data: unknown) => string;
  hooks?: {
    readonly beforeRequest?: readonly unknown[] | undefined;
    readonly beforeRetry?: readonly unknown[] | undefined;
    readonly afterResponse?: readonly unknown[] | undefined;
  };
}

/** The parts of ky 1's normalized options that authHooks reads. */
interface NormalizedKyOptions {
  readonly context?: object;
  readonly timeout?: number | false;
  readonly fetch?: typeof globalThis.fetch;
  readonly body?: unknown;
  readonly prefixUrl?: unknown;
}

/** `compute`, run on the first call only: a call's original body is serialized once, however often it is asked for. */
function once<T>(compute: () => T): () => T {
  let result: { value: T } | undefined;
  return () => {
    result ??= { value: compute() };
    return result.value;
  };
}

/** ky 2 serializes `json` only after `init`: the same string, for an interceptor that hashes the body. */
function originalBody(kyOptions: RawKyOptions): InterceptorContext['body'] {
  if (kyOptions.body !== undefined) return reusableBody(kyOptions.body);
  if (kyOptions.json === undefined) return undefined;
  const text = (kyOptions.stringifyJson ?? JSON.stringify)(kyOptions.json);
  return typeof text === 'string' ? text : undefined;
}

/** Settles like `work`, or fails with `ERR_AUTH_TIMEOUT` once `timeout` ms have passed. */
function withinTimeout<T>(work: Promise<T>, timeout: number | false | undefined): Promise<T> {
  if (typeof timeout !== 'number' || !Number.isFinite(timeout)) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new KyAuthError(
            'ERR_AUTH_TIMEOUT',
            `Authorizing the request took longer than ky's timeout (${timeout} ms); it was not sent. A credentials or token provider did not answer in time.`,
          ),
        ),
      timeout,
    );
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
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
