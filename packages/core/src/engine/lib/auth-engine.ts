import { KyAuthError } from '../../errors.ts';
import { createClock } from '../../helpers/clock.ts';
import { isKyAuthErrorOrAbort } from '../../helpers/is-ky-auth-error-or-abort.ts';
import { assertSecureTransport } from '../../helpers/secure-transport.ts';
import type {
  AuthHooksOptions,
  Interceptor,
  InterceptorContext,
  RedirectContext,
  RequestAuthOptions,
} from '../types.ts';
import { stages } from '../types.ts';
import { configuredAuthMode, requestedAuthMode } from './auth-mode.ts';
import { boundEndpoints } from './bound-endpoints.ts';
import {
  carriesCredentials,
  markCredentialed,
  type RedirectStance,
  strictestStance,
} from './credentialed-mark.ts';
import type { Watch } from './emitter.ts';
import { isRedirect } from './redirect-target.ts';

let sentBytes: typeof import('./sent-bytes.ts').sentBytes | undefined;

/**
 * `sentBytes`, loaded when a body is first kept for a retry or redirect and then kept: each `import()`
 * goes through the module loader again (about 6 µs in Node 24), and every call with a body needs it.
 */
async function readSentBytes(request: Request): Promise<Uint8Array<ArrayBuffer> | null> {
  sentBytes ??= (await import('./sent-bytes.ts')).sentBytes;
  return sentBytes(request);
}

/** One ky call, across its attempts: what the hooks learned of it when ky started it. */
export interface Call {
  /** ky's `context` for the call: the auth mode, and anything a custom interceptor reads. */
  readonly context: RequestAuthOptions;
  /** The client's own fetch, or undefined for `AuthHooksOptions.fetch` / the global one. */
  readonly fetch: typeof globalThis.fetch | undefined;
  /** How long reading a refusal's body may take (see `readTimeout`). */
  readonly readTimeoutMs: number;
  attempts: number;
  reauthorized: boolean;
}

/** What ky knows of a call when it starts it. */
export interface CallSource {
  readonly context: RequestAuthOptions;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly timeout?: unknown;
  readonly totalTimeout?: unknown;
}

export interface AuthEngine {
  call(source: CallSource): Call;
  /**
   * One attempt, as ky hands it to fetch. A request to a bound origin is authorized on a copy (ky's own
   * request never holds a credential), sent with `redirect: 'manual'` when the caller follows redirects,
   * and answered by policy; any other request reaches fetch exactly as ky made it.
   */
  send(call: Call, request: Request, init: unknown, retryCount?: number): Promise<Response>;
  /** Why the API refused the request `response` answers, when an interceptor can say. */
  diagnosisOf(response: unknown): Promise<(error: Error) => Error> | undefined;
  /** The credential header names a request carried when fetch failed with `error` (for a CORS hint). */
  sentHeaderNamesOf(error: unknown): string[] | undefined;
  /** The header names the interceptors may set, lower case. */
  readonly headerNames: readonly string[];
}

/** What one credentialed attempt carries from `send` to the code that answers it. */
interface Attempt {
  readonly call: Call;
  /** ky's request: the caller's headers, no credential. */
  readonly request: Request;
  readonly init: unknown;
  readonly endpoint: URL;
  readonly running: readonly Interceptor[];
  readonly retryCount: number;
  readonly follows: boolean;
  /** The body's bytes when they were read (the same bytes went out), `null` for no body. */
  readonly bytes: Uint8Array<ArrayBuffer> | null | undefined;
  /** Every request the interceptors authorized for it (a retry, a redirect hop): whose values to redact. */
  readonly wires: Request[];
  /** What the interceptors were told for the last of them: an explanation is asked with the same. */
  context: InterceptorContext | undefined;
}

/** The machinery both ky majors' hooks share: interceptors in stage order, policies, redirects, retry. */
export function createAuthEngine(
  interceptors: readonly Interceptor[],
  options: AuthHooksOptions,
  /** The function the app called, for messages: `authHooks`, or ky 1's `authOptions`. */
  door: string,
): AuthEngine {
  const ordered = stages.flatMap((stage) =>
    interceptors.filter((interceptor) => interceptor.stage === stage),
  );
  const headerStage = ordered.filter((interceptor) => interceptor.stage === 'headers');
  // What may ask for a re-authorized retry, for each set of interceptors a call can run.
  const respondersOf = new Map<readonly Interceptor[], readonly Interceptor[]>(
    [ordered, headerStage].map((running) => [
      running,
      running.filter((interceptor) => interceptor.onResponse !== undefined),
    ]),
  );
  const headerNames = [...new Set(ordered.flatMap((interceptor) => interceptor.headerNames ?? []))];
  const clock = options.clock ?? createClock();
  const stance: RedirectStance = options.redirects === undefined ? 'refuse' : 'follow';
  // The body is read (and the same bytes sent) only when something may need it again: a retry, a redirect.
  const keepsBody = options.redirects !== undefined || respondersOf.get(ordered)!.length > 0;
  const defaultMode = configuredAuthMode(options.defaultAuthMode);
  // Bound once, here: no call option (prefix, baseUrl, an absolute URL) can move the credentials.
  const endpoints = boundEndpoints(options, ordered.length, door);
  const endpointFor = (url: string): URL | undefined =>
    endpoints.find((endpoint) => isSameOrigin(url, endpoint.origin));
  // Without a listener, `watch` is undefined: no event is built or timed, and its code never loads.
  const { onEvent } = options;
  let watch: Watch | undefined;
  const watching =
    onEvent &&
    import('./emitter.ts').then(
      ({ createWatch }) => {
        watch = createWatch(onEvent, options.apiName, ordered);
      },
      // Watching must not change what is watched: should its code fail to load, requests go on unwatched.
      () => undefined,
    );
  const diagnoses = new WeakMap<Response, Promise<(error: Error) => Error>>();

  const fetchVia = (call: Call, request: Request, init?: unknown): Promise<Response> =>
    (call.fetch ?? options.fetch ?? globalThis.fetch)(request, init as RequestInit | undefined);

  /**
   * `fetchVia` for a credentialed request. When fetch fails, the copy's body is cancelled, as ky cancels
   * its own (the caller's upload stream stops), and the failure remembers which credential headers went
   * out, for `beforeError`'s CORS hint.
   */
  const sendWire = async (call: Call, wire: Request, init?: unknown): Promise<Response> => {
    // Awaited here rather than chained: no promise of its own when fetch answers.
    try {
      return await fetchVia(call, wire, init);
    } catch (error) {
      void wire.body?.cancel().catch(() => undefined);
      if (typeof error === 'object' && error !== null)
        sentHeaderNames.set(error, () => headerNames.filter((name) => wire.headers.has(name)));
      throw error;
    }
  };
  const sentHeaderNames = new WeakMap<object, () => string[]>();

  /** An interceptor's failure as the caller sees it: a KyAuthError, or the caller's own abort as it is. */
  const failure = (error: unknown, interceptor: Interceptor, signal: AbortSignal): unknown =>
    isKyAuthErrorOrAbort(error, signal) || (error instanceof Error && error.name === 'AbortError')
      ? error
      : new KyAuthError(
          'ERR_INTERCEPTOR_FAILED',
          `The "${interceptor.name}" interceptor failed; the request was not sent. See \`cause\`.`,
          { cause: error },
        );

  // The last plain-http origin found to be loopback: a client's calls go to one origin, parsed once.
  let loopbackOrigin = '';

  /** A fresh copy of the attempt's request for the wire: the caller's headers, the bytes read, manual. */
  const wireCopy = ({ request, follows, bytes }: Attempt): Request => {
    const init: RequestInit = { redirect: follows ? 'manual' : request.redirect };
    if (bytes != null) init.body = bytes;
    return new Request(request, init);
  };

  const contextFor = (attempt: Attempt, wire: Request, reauthorizing: boolean): InterceptorContext => ({
    apiName: options.apiName,
    endpoint: attempt.endpoint,
    retryCount: attempt.retryCount,
    reauthorizing,
    signal: wire.signal,
    readTimeoutMs: attempt.call.readTimeoutMs,
    clock,
    options: attempt.call.context,
    body: attempt.bytes,
  });

  /** Runs the attempt's interceptors on `wire`; what they return goes out, never following a redirect. */
  const authorize = async (
    attempt: Attempt,
    wire: Request,
    context: InterceptorContext,
  ): Promise<Request> => {
    const startedAt = watch?.now();
    let current = wire;
    for (const interceptor of attempt.running) {
      try {
        let replacement = interceptor.apply(current, context);
        // Most interceptors set a header and return nothing: no microtask for them.
        if (replacement !== undefined && !(replacement instanceof Request)) {
          const waitedFrom = watch?.now();
          replacement = await replacement;
          watch?.wait(current, interceptor, waitedFrom);
        }
        if (replacement instanceof Request) current = replacement;
      } catch (error) {
        throw failure(error, interceptor, current.signal);
      }
    }
    // Decided here, on the request that goes out, whatever an interceptor returned.
    if (attempt.follows && current.redirect !== 'manual')
      current = new Request(current, { redirect: 'manual' });
    markCredentialed(current, stance);
    // A set of hooks that wraps this one put its credentials on the request first: it must know our stance.
    if (carriesCredentials(attempt.request)) markCredentialed(attempt.request, stance);
    attempt.wires.push(current);
    attempt.context = context;
    watch?.authorize(
      current,
      attempt.running,
      'auth-mode-none',
      attempt.retryCount,
      context.reauthorizing,
      startedAt,
    );
    return current;
  };

  const refuseRedirect = (response: Response, sent: Request): Promise<never> => {
    watch?.redirect(sent, response.status, false);
    void response.body?.cancel().catch(() => undefined);
    // The refusal's words load when one happens.
    return import('./refusal.ts').then(({ redirectRefusal }) => {
      throw redirectRefusal(response.status);
    });
  };

  /** `response` to a credentialed request, its redirects handled: refused, followed by policy, or returned. */
  const redirected = (attempt: Attempt, response: Response, sent: Request): Response | Promise<Response> => {
    // A platform that follows redirects itself (React Native's native layers ignore `manual`) already
    // sent the request on: the caller never gets what it answered.
    const { url } = response;
    if (response.redirected || (url !== '' && !isSameOrigin(url, attempt.endpoint.origin)))
      return refuseRedirect(response, sent);
    if (!attempt.follows || (response.type !== 'opaqueredirect' && !isRedirect(response))) return response;
    const policy = options.redirects;
    if (policy === undefined || strictestStance(sent) === 'refuse') return refuseRedirect(response, sent);
    watch?.redirect(sent, response.status, true);
    return policy(response, sent, redirectContext(attempt));
  };

  const redirectContext = (attempt: Attempt): RedirectContext => ({
    headerNames,
    body: () => attempt.bytes,
    pristine: () => new Headers(attempt.request.headers),
    // A policy is asked only when the caller follows redirects: every hop goes out `manual` too.
    authorize: (next) => authorize(attempt, next, contextFor(attempt, next, false)),
    fetch: (next) => sendWire(attempt.call, next),
    uncredentialed: () => undefined,
  });

  /** Asks the interceptors that ran whether to send the attempt once more, re-authorized. */
  const retried = async (
    attempt: Attempt,
    response: Response,
    sent: Request,
    context: InterceptorContext,
  ): Promise<Response> => {
    const { call } = attempt;
    const responders = respondersOf.get(attempt.running)!;
    if (call.reauthorized || responders.length === 0) return response;
    let retry = false;
    const offset = clock.offset;
    const askedBy: string[] | undefined = watch && [];
    for (const interceptor of responders) {
      try {
        let answer = interceptor.onResponse?.(response, sent, context);
        // Most answers are known at once (not a 401): no microtask for them.
        if (answer instanceof Promise) answer = await answer;
        if (answer === true) {
          retry = true;
          askedBy?.push(interceptor.name);
        }
      } catch (error) {
        throw failure(error, interceptor, sent.signal);
      }
    }
    watch?.clockOffset(sent, clock.offset, offset);
    if (!retry || attempt.bytes === undefined) return response;
    watch?.retry(sent, response.status, askedBy ?? []);
    call.reauthorized = true;
    void response.body?.cancel().catch(() => undefined);
    const wire = wireCopy(attempt);
    const again = await authorize(attempt, wire, contextFor(attempt, wire, true));
    return redirected(attempt, await sendWire(call, again, attempt.init), again);
  };

  return {
    call: (source) => ({
      context: source.context,
      fetch: source.fetch,
      readTimeoutMs: readTimeout(source),
      attempts: 0,
      reauthorized: false,
    }),
    headerNames,
    diagnosisOf: (response) => (response instanceof Response ? diagnoses.get(response) : undefined),
    sentHeaderNamesOf: (error) =>
      typeof error === 'object' && error !== null ? sentHeaderNames.get(error)?.() : undefined,
    async send(call, request, init, retryCount = call.attempts) {
      call.attempts += 1;
      if (watch === undefined && watching) await watching;
      const requested = requestedAuthMode(call.context);
      if (requested === null) {
        const { invalidAuthMode } = await import('./refusal.ts');
        throw invalidAuthMode(call.context);
      }
      const running = (requested ?? defaultMode) === 'none' ? headerStage : ordered;
      const { url } = request;
      const endpoint = running.length === 0 ? undefined : endpointFor(url);
      if (endpoint === undefined) {
        watch?.authorize(
          request,
          [],
          running.length === 0 ? 'auth-mode-none' : 'other-origin',
          retryCount,
          false,
          watch.now(),
        );
        return fetchVia(call, request, init);
      }
      if (!url.startsWith('https:') && !isSameOrigin(url, loopbackOrigin)) {
        const parsed = new URL(url);
        assertSecureTransport(parsed, 'credentials', options);
        loopbackOrigin = parsed.origin;
      }
      // A platform without body streams (React Native's fetch) gives `undefined`: its body is read whole.
      const bytes =
        request.body === null
          ? null
          : keepsBody || request.body === undefined
            ? await readSentBytes(request)
            : undefined;
      const attempt: Attempt = {
        call,
        request,
        init,
        endpoint,
        running,
        retryCount,
        follows: request.redirect === 'follow',
        bytes,
        wires: [],
        context: undefined,
      };
      const wire = wireCopy(attempt);
      const context = contextFor(attempt, wire, false);
      const sent = await authorize(attempt, wire, context);
      const answered = await redirected(attempt, await sendWire(call, sent, init), sent);
      // Only the API's own answers may teach an interceptor (a clock offset, a refresh).
      const answeredUrl = answered.url;
      const response =
        answeredUrl !== '' && endpointFor(answeredUrl) === undefined
          ? answered
          : await retried(attempt, answered, sent, context);
      // A refusal's body is read (a bounded copy) for an explanation, and for credentials it echoes.
      if (response.status < 400 || response.status > 403 || response.status === 402) return response;
      // Loaded when the first refusal comes: no bytes up front for it.
      const { diagnose } = await import('./diagnose.ts');
      const { diagnosis, response: checked } = await diagnose(
        response,
        request,
        attempt.wires,
        attempt.context ?? context,
        attempt.running,
        call,
        watch?.emit,
      );
      if (diagnosis !== undefined) diagnoses.set(checked, diagnosis);
      return checked;
    },
  };
}

/**
 * How long a refusal's body may take to read: a quarter of ky's `timeout` and `totalTimeout`, at most 1 s,
 * so that the explanation never turns ky's `HTTPError` into a `TimeoutError`.
 */
function readTimeout({ timeout, totalTimeout }: CallSource): number {
  let limit = 1_000;
  for (const each of [timeout, totalTimeout])
    if (typeof each === 'number' && each > 0) limit = Math.min(limit, each / 4);
  return limit;
}

/** Whether `url` is on `origin`, without parsing it: the URL of a Request is already normalized. */
export function isSameOrigin(url: string, origin: string): boolean {
  return url.startsWith(origin) && (url.length === origin.length || url[origin.length] === '/');
}
