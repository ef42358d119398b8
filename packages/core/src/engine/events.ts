/**
 * What every event says about the request it is about. `url` is the origin and path only: a query may
 * carry a secret (a presigned URL, an `api_key`), so it is left out.
 */
export interface AuthEventRequest {
  /** The API's name when the hooks were built from a configuration file. */
  readonly apiName: string | undefined;
  readonly method: string;
  /** Origin and path, without the query. */
  readonly url: string;
}

/** Why an interceptor did not run for a request. */
export type SkipReason = 'other-origin' | 'auth-mode-none';

/** The interceptors ran on an attempt (or were skipped, and why); `durationMs` is all of them together. */
export interface AuthorizeEvent extends AuthEventRequest {
  readonly type: 'authorize';
  readonly ran: readonly string[];
  readonly skipped: readonly { readonly name: string; readonly reason: SkipReason }[];
  readonly retryCount: number;
  /** The one re-authorized retry an `onResponse` asked for. */
  readonly reauthorizing: boolean;
  readonly durationMs: number;
}

/** An interceptor had to wait (a token or credentials load or refresh, an API key provider). */
export interface WaitEvent extends AuthEventRequest {
  readonly type: 'wait';
  readonly interceptor: string;
  readonly durationMs: number;
}

/** A response taught the API's clock a new offset (server minus local, in milliseconds). */
export interface ClockOffsetEvent extends AuthEventRequest {
  readonly type: 'clock-offset';
  readonly offsetMs: number;
  readonly previousOffsetMs: number;
}

/** An `onResponse` asked for the one re-authorized retry, which is being sent. */
export interface RetryEvent extends AuthEventRequest {
  readonly type: 'retry';
  /** The status that was answered to the first attempt. */
  readonly status: number;
  /** The interceptors that asked. */
  readonly askedBy: readonly string[];
}

/** The API answered a credentialed request with a redirect: refused (the default) or handed to the policy. */
export interface RedirectEvent extends AuthEventRequest {
  readonly type: 'redirect';
  readonly status: number;
  readonly action: 'refused' | 'followed';
}

/** A 401 or 403 was read and explained (see `Interceptor.explain`); `explanation` holds no secret. */
export interface RejectionEvent extends AuthEventRequest {
  readonly type: 'rejection';
  readonly status: number;
  /** `x-amzn-ErrorType` without its suffix. */
  readonly errorType: string | undefined;
  readonly explanation: string | undefined;
}

/**
 * What happens out of sight while ky-auth authorizes requests, as `onEvent` (an option of `authHooks` and
 * `fromConfig`) receives it. Secret-free: names, statuses, durations and the path, never a header value,
 * token, key, signature or query. Without a listener nothing is built or timed.
 *
 * @example
 * ```ts
 * import { authHooks, type AuthEvent } from '@ky-auth/core';
 *
 * // Log it:
 * const hooks = authHooks(interceptors, { endpoint, onEvent: (event: AuthEvent) => console.debug('ky-auth', event) });
 *
 * // Count it (OpenTelemetry metrics, or any counter):
 * const counter = meter.createCounter('ky_auth_events');
 * const waits = meter.createHistogram('ky_auth_wait_ms');
 * const counted = authHooks(interceptors, {
 *   endpoint,
 *   onEvent(event) {
 *     counter.add(1, { type: event.type, api: event.apiName ?? 'default' });
 *     if (event.type === 'wait') waits.record(event.durationMs, { interceptor: event.interceptor });
 *   },
 * });
 * ```
 */
export type AuthEvent =
  | AuthorizeEvent
  | WaitEvent
  | ClockOffsetEvent
  | RetryEvent
  | RedirectEvent
  | RejectionEvent;

/**
 * Receives each {@link AuthEvent}. Called synchronously where the event happens: keep it cheap, and do not
 * throw (a listener's error is caught and dropped, so the request is not affected).
 *
 * @example
 * ```ts
 * const onEvent: AuthEventListener = (event) => {
 *   if (event.type === 'retry') console.info(`re-authorized ${event.method} ${event.url} after ${event.status}`);
 * };
 * ```
 */
export type AuthEventListener = (event: AuthEvent) => void;
