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
import { carriesCredentials, isAuthFetch, markCredentialed } from './credentialed-mark.ts';
import { createDiagnose, type Diagnosis } from './diagnose.ts';
import type { Watch } from './emitter.ts';
import { isRedirect } from './redirect-target.ts';

/** Where a ky call's settings come from: ky 2's raw options (in `init`) or ky 1's normalized ones. */
export interface CallSource {
  readonly context: RequestAuthOptions;
  /** The body as the caller gave it, when it can be re-read cheaply (see `InterceptorContext.body`). */
  readonly body: () => InterceptorContext['body'];
  /** The client's own fetch, or undefined for `AuthHooksOptions.fetch` / the global one. */
  readonly fetch: typeof globalThis.fetch | undefined;
}

/** The state of one ky call, across its attempts. */
export interface Call {
  readonly source: CallSource;
  /**
   * The request's headers before any interceptor ran: what a re-authorized retry or a followed redirect
   * starts from. Kept only when there can be one.
   */
  pristine: Headers | undefined;
  /** Whether the caller's request follows redirects (authHooks sends credentialed ones with `manual`). */
  follows: boolean;
  credentialed: boolean;
  reauthorized: boolean;
  attempts: number;
  /** The request last sent with credentials, for the header names a CORS hint lists. */
  sent: Request | undefined;
  /** What the interceptors were told for the last attempt: `onResponse` is told the same. */
  context: InterceptorContext | undefined;
  /** Why the API refused the last credentialed request (401/403), for `beforeError`. */
  diagnosis: Diagnosis | undefined;
}

export interface AuthEngine {
  call(source: CallSource): Call;
  /** The interceptors a call runs, by its auth mode: none at all means it is sent as it is. */
  running(call: Call): readonly Interceptor[];
  /** Runs the interceptors on `request`; returns the request to send (the same one, or a replacement). */
  authorize(request: Request, call: Call, retryCount: number, reauthorizing: boolean): Promise<Request>;
  /**
   * What a credentialed request's response becomes: its redirect handled by policy, and the one
   * re-authorized retry sent when an interceptor asks for it. `unsent` is a copy of the request whose body
   * is unread, or the request itself when its body can be had again from the call.
   */
  respond(response: Response, unsent: Request, call: Call, retryCount: number): Promise<Response>;
  /** One attempt, as ky 2 hands it to fetch: authorized, sent through the call's fetch, answered. */
  send(call: Call, request: Request, init: unknown): Promise<Response>;
  /** `unsent` to send again: with the caller's headers (as before any interceptor ran) and its body. */
  fresh(unsent: Request, call: Call): Request;
  /** The header names the interceptors may set, lower case. */
  readonly headerNames: readonly string[];
  /** Whether `url` is on an origin these hooks are bound to (where their credentials go). */
  owns(url: string): boolean;
}

/** The machinery both ky majors' hooks share: interceptors in stage order, policies, redirects, retry. */
export function createAuthEngine(
  interceptors: readonly Interceptor[],
  options: AuthHooksOptions,
): AuthEngine {
  const ordered = stages.flatMap((stage) =>
    interceptors.filter((interceptor) => interceptor.stage === stage),
  );
  const headerStage = ordered.filter((interceptor) => interceptor.stage === 'headers');
  const responders = ordered.filter((interceptor) => interceptor.onResponse !== undefined);
  const headerNames = [...new Set(ordered.flatMap((interceptor) => interceptor.headerNames ?? []))];
  const clock = options.clock ?? createClock();
  const keepsPristine = responders.length > 0 || options.redirects !== undefined;
  const defaultMode = configuredAuthMode(options.defaultAuthMode);
  // Bound once, here: no call option (prefix, baseUrl, an absolute URL) can move the credentials.
  const endpoints = boundEndpoints(options, ordered.length);
  const [onlyEndpoint] = endpoints;
  const endpointFor = (url: string): URL | undefined =>
    endpoints.length === 1
      ? isSameOrigin(url, onlyEndpoint!.origin)
        ? onlyEndpoint
        : undefined
      : endpoints.find((endpoint) => isSameOrigin(url, endpoint.origin));
  // Without a listener, `watch` is undefined: no event is built or timed, and its code never loads.
  // With one, it loads when the hooks are made, and the first `authorize` waits for it.
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

  const fetchVia = (call: Call, request: Request, init?: unknown): Promise<Response> =>
    (call.source.fetch ?? options.fetch ?? globalThis.fetch)(request, init as RequestInit | undefined);

  const contextFor = (
    request: Request,
    call: Call,
    retryCount: number,
    reauthorizing: boolean,
    endpoint = endpointFor(request.url),
  ): InterceptorContext => ({
    apiName: options.apiName,
    endpoint,
    retryCount,
    reauthorizing,
    signal: request.signal,
    clock,
    options: call.source.context,
    get body() {
      return request.body === null ? null : call.source.body();
    },
  });

  /** An interceptor's failure as the caller sees it: a KyAuthError, or the caller's own abort as it is. */
  const failure = (error: unknown, interceptor: Interceptor, signal: AbortSignal): unknown =>
    isKyAuthErrorOrAbort(error, signal) || (error instanceof Error && error.name === 'AbortError')
      ? error
      : new KyAuthError(
          'ERR_INTERCEPTOR_FAILED',
          `The "${interceptor.name}" interceptor failed; the request was not sent. See \`cause\`.`,
          { cause: error },
        );

  // As in Amplify, `none` skips signing and tokens but still sends the configured custom headers. An
  // invalid mode (`null`) counts as the default here and fails in `authorize`, before anything is sent.
  const running = (call: Call): readonly Interceptor[] =>
    (requestedAuthMode(call.source.context) ?? defaultMode) === 'none' ? headerStage : ordered;

  // The last plain-http origin found to be loopback: a client's calls go to one origin, parsed once.
  let loopbackOrigin = '';

  const authorize: AuthEngine['authorize'] = async (request, call, retryCount, reauthorizing) => {
    if (watch === undefined && watching) await watching;
    if (keepsPristine && call.pristine === undefined) call.pristine = new Headers(request.headers);
    call.credentialed = false;

    const requested = requestedAuthMode(call.source.context);
    if (requested === null) {
      const { invalidAuthMode } = await import('./refusal.ts');
      throw invalidAuthMode(call.source.context);
    }
    const mode = requested ?? defaultMode;
    const interceptors = mode === 'none' ? headerStage : ordered;
    const startedAt = watch?.now();
    if (interceptors.length === 0) {
      watch?.authorize(request, interceptors, 'auth-mode-none', retryCount, reauthorizing, startedAt);
      return request;
    }

    const { url } = request;
    const endpoint = endpointFor(url);
    if (endpoint === undefined) {
      watch?.authorize(request, [], 'other-origin', retryCount, reauthorizing, startedAt);
      return request;
    }
    if (!url.startsWith('https:') && !isSameOrigin(url, loopbackOrigin)) {
      const parsed = new URL(url);
      assertSecureTransport(parsed, 'credentials', options);
      loopbackOrigin = parsed.origin;
    }

    const context = contextFor(request, call, retryCount, reauthorizing, endpoint);
    call.context = context;
    let current = request;
    for (const interceptor of interceptors) {
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
    call.credentialed = true;
    call.sent = current;
    // The request the caller's ky holds (and puts in its errors) may carry headers too, when an
    // interceptor set them before another replaced the request.
    markCredentialed(request);
    markCredentialed(current);
    // Any interceptor left out here was skipped by the call's auth mode ('none': the headers stage only).
    watch?.authorize(current, interceptors, 'auth-mode-none', retryCount, reauthorizing, startedAt);
    return current;
  };

  /** `request` to send again: as the caller made it (pristine headers), with its body. */
  const fresh = (unsent: Request, call: Call): Request => {
    const body = unsent.body === null ? null : call.source.body();
    return new Request(unsent, { headers: new Headers(call.pristine), ...(body != null && { body }) });
  };

  const redirectContext = (call: Call): RedirectContext => ({
    headerNames,
    body: call.source.body,
    pristine: () => new Headers(call.pristine),
    authorize: (request) => authorize(request, call, 0, false),
    fetch: (request) => fetchVia(call, request),
    uncredentialed: () => {
      call.credentialed = false;
    },
  });

  const handleRedirect = (response: Response, request: Request, call: Call): Promise<Response> | Response => {
    const redirected = response.type === 'opaqueredirect' || (call.follows && isRedirect(response));
    if (!redirected) return response;
    watch?.redirect(request, response.status, options.redirects !== undefined);
    if (options.redirects !== undefined) return options.redirects(response, request, redirectContext(call));
    void response.body?.cancel().catch(() => undefined);
    // Every caller of handleRedirect awaits it: the refusal's words load when one happens.
    return import('./refusal.ts').then(({ redirectRefusal }) => {
      throw redirectRefusal(response.status);
    });
  };

  const diagnose = createDiagnose(ordered, running, () => watch?.emit);
  // Without an interceptor that explains, `respond` is `answer` itself: not one promise more.
  const respond: AuthEngine['respond'] = (response, unsent, call, retryCount) =>
    diagnose === undefined
      ? answer(response, unsent, call, retryCount)
      : answer(response, unsent, call, retryCount).then((result) => diagnose(result, call));

  const answer: AuthEngine['respond'] = async (response, unsent, call, retryCount) => {
    const handled = handleRedirect(response, unsent, call);
    const result = handled instanceof Promise ? await handled : handled;
    if (call.reauthorized || responders.length === 0 || !call.credentialed) return result;
    // Only the API's own answers may teach an interceptor (a clock offset, a refresh).
    if (result.url !== '' && endpointFor(result.url) === undefined) return result;
    const context = call.context ?? contextFor(unsent, call, retryCount, false);
    let retry = false;
    const offset = clock.offset;
    const askedBy: string[] | undefined = watch && [];
    for (const interceptor of responders) {
      try {
        let answer = interceptor.onResponse?.(result, unsent, context);
        // Most answers are known at once (not a 401): no microtask for them.
        if (answer instanceof Promise) answer = await answer;
        if (answer === true) {
          retry = true;
          askedBy?.push(interceptor.name);
        }
      } catch (error) {
        throw failure(error, interceptor, unsent.signal);
      }
    }
    watch?.clockOffset(unsent, clock.offset, offset);
    if (!retry || (unsent.bodyUsed && call.source.body() === undefined)) return result;
    watch?.retry(unsent, result.status, askedBy ?? []);
    call.reauthorized = true;
    void result.body?.cancel().catch(() => undefined);
    const authorized = await authorize(fresh(unsent, call), call, retryCount, true);
    return handleRedirect(await fetchVia(call, authorized), authorized, call);
  };

  return {
    call: (source) => ({
      source,
      pristine: undefined,
      follows: false,
      credentialed: false,
      reauthorized: false,
      attempts: 0,
      sent: undefined,
      context: undefined,
      diagnosis: undefined,
    }),
    running,
    authorize,
    respond,
    fresh,
    headerNames,
    owns: (url) => endpointFor(url) !== undefined,
    async send(call, request, init) {
      const retryCount = call.attempts;
      call.attempts += 1;
      // ky 2 hands every attempt a copy of the request made before the last one was authorized.
      const sending = await authorize(request, call, retryCount, false);
      if (!call.credentialed) {
        // authHooks asked ky for `redirect: 'manual'`; a request without credentials follows as fetch does.
        // Not when another set of hooks on the same client put its credentials on it (that set handles the
        // redirect by its own policy), nor before the sets this one wraps have run: the set that calls
        // fetch itself decides.
        const follow = call.follows && !carriesCredentials(sending) && !isAuthFetch(call.source.fetch);
        return fetchVia(call, follow ? new Request(sending, { redirect: 'follow' }) : sending, init);
      }
      if (responders.length === 0) {
        const handled = handleRedirect(await fetchVia(call, sending, init), sending, call);
        return diagnose === undefined ? handled : diagnose(handled, call);
      }
      const keepCopy = sending.body !== null && call.source.body() === undefined;
      const unsent = keepCopy ? sending.clone() : sending;
      return respond(await fetchVia(call, sending, init), unsent, call, retryCount);
    },
  };
}

/** Whether `url` is on `origin`, without parsing it: the URL of a Request is already normalized. */
export function isSameOrigin(url: string, origin: string): boolean {
  return url.startsWith(origin) && (url.length === origin.length || url[origin.length] === '/');
}
