/** What ky hands a hook, the same for both majors (ky 1 passes positional arguments, ky 2 one object). */
export interface HookState {
  readonly request: Request;
  /** ky's normalized options as the hook sees them (`context`, `redirect`, `headers`, …). */
  readonly options: { readonly context?: object; readonly redirect?: RequestRedirect } & Record<
    string,
    unknown
  >;
  readonly retryCount: number;
  readonly response?: Response | undefined;
  readonly error?: Error | undefined;
}

/** An app's hooks, written once for both ky majors: `hooksOf` turns them into each major's signatures. */
export interface AppHooks {
  /** ky 2 only (ky 1 has no `init`): the raw options, before ky reads them. */
  readonly init?: (options: Record<string, unknown>) => void;
  readonly beforeRequest?: (state: HookState) => unknown;
  readonly beforeRetry?: (state: HookState) => unknown;
  readonly afterResponse?: (state: HookState) => unknown;
  /** Returns the error to throw (the one given, or another). */
  readonly beforeError?: (state: {
    readonly error: Error;
    readonly request?: Request | undefined;
    readonly options?: HookState['options'] | undefined;
    readonly retryCount: number;
  }) => Error | Promise<Error>;
}

// biome-ignore lint/suspicious/noExplicitAny: ky 1's and ky 2's hook types differ; these fit both.
type Hook = (...args: any[]) => any;

/**
 * `app` as the `hooks` option of a ky `major` client or call.
 *
 * @example
 * ky.create({ hooks: hooksOf(2, { beforeRequest: ({ request }) => console.log(request.url) }) });
 */
export function hooksOf(major: 1 | 2, app: AppHooks): Record<string, Hook[]> {
  const hooks: Record<string, Hook[]> = {};
  const { init, beforeRequest, beforeRetry, afterResponse, beforeError } = app;
  if (major === 2) {
    if (init) hooks.init = [init];
    if (beforeRequest) hooks.beforeRequest = [(state: HookState) => beforeRequest(state)];
    if (beforeRetry) hooks.beforeRetry = [(state: HookState) => beforeRetry(state)];
    if (afterResponse) hooks.afterResponse = [(state: HookState) => afterResponse(state)];
    if (beforeError) hooks.beforeError = [(state: HookState & { error: Error }) => beforeError(state)];
    return hooks;
  }
  if (beforeRequest) {
    hooks.beforeRequest = [
      (request: Request, options: HookState['options'], state?: { retryCount?: number }) =>
        beforeRequest({ request, options, retryCount: state?.retryCount ?? 0 }),
    ];
  }
  if (beforeRetry) hooks.beforeRetry = [(state: HookState) => beforeRetry(state)];
  if (afterResponse) {
    hooks.afterResponse = [
      (
        request: Request,
        options: HookState['options'],
        response: Response,
        state?: { retryCount?: number },
      ) => afterResponse({ request, options, response, retryCount: state?.retryCount ?? 0 }),
    ];
  }
  if (beforeError) {
    hooks.beforeError = [
      (
        error: Error & { request?: Request; options?: HookState['options'] },
        state?: { retryCount?: number },
      ) =>
        beforeError({
          error,
          request: error.request,
          options: error.options,
          retryCount: state?.retryCount ?? 0,
        }),
    ];
  }
  return hooks;
}
