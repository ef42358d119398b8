import type { AuthEvent, AuthEventListener, AuthEventRequest, SkipReason } from '../events.ts';
import type { Interceptor } from '../types.ts';

// Loaded by the engine only when `onEvent` is set (a dynamic import): without a listener, no event is
// built or timed and none of this is in a bundle's up-front code.

/** Distributive Omit: each event type without the fields the emitter fills in. */
type WithoutRequest<Event> = Event extends AuthEvent ? Omit<Event, keyof AuthEventRequest> : never;

/** Sends one event about `request`; the listener's own failure never reaches the request. */
export type Emit = (request: Request, event: WithoutRequest<AuthEvent>) => void;

/** What the engine tells a listener, one method per event it sends itself (each a one-line call site). */
export interface Watch {
  readonly emit: Emit;
  /** Milliseconds from a high-resolution clock, for durations. */
  now(): number;
  /**
   * Which interceptors ran on `request` and which were skipped (for `reason`: the engine's interceptors
   * that did not run), and how long it took since `startedAt`.
   */
  authorize(
    request: Request,
    ran: readonly Interceptor[],
    reason: SkipReason,
    retryCount: number,
    reauthorizing: boolean,
    startedAt: number | undefined,
  ): void;
  wait(request: Request, interceptor: Interceptor, waitedFrom: number | undefined): void;
  redirect(request: Request, status: number, followed: boolean): void;
  /** Sent only when the offset changed. */
  clockOffset(request: Request, offsetMs: number, previousOffsetMs: number): void;
  retry(request: Request, status: number, askedBy: readonly string[]): void;
}

/** The watch of an engine whose interceptors are `all` (in stage order). */
export function createWatch(
  listener: AuthEventListener,
  apiName: string | undefined,
  all: readonly Interceptor[],
): Watch {
  const now = () => performance.now();
  const emit: Emit = (request, event) => {
    const query = request.url.indexOf('?');
    // Watching must not change what is watched: a listener that throws, or whose promise rejects, is ignored.
    try {
      const result: unknown = listener({
        apiName,
        method: request.method,
        url: query < 0 ? request.url : request.url.slice(0, query),
        ...event,
      } as AuthEvent);
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function')
        Promise.resolve(result).catch(() => undefined);
    } catch {
      // As above.
    }
  };
  return {
    emit,
    now,
    authorize: (request, ran, reason, retryCount, reauthorizing, startedAt) =>
      emit(request, {
        type: 'authorize',
        ran: ran.map(({ name }) => name),
        skipped: all
          .filter((interceptor) => !ran.includes(interceptor))
          .map(({ name }) => ({ name, reason })),
        retryCount,
        reauthorizing,
        durationMs: now() - (startedAt ?? 0),
      }),
    wait: (request, interceptor, waitedFrom) =>
      emit(request, { type: 'wait', interceptor: interceptor.name, durationMs: now() - (waitedFrom ?? 0) }),
    redirect: (request, status, followed) =>
      emit(request, { type: 'redirect', status, action: followed ? 'followed' : 'refused' }),
    clockOffset: (request, offsetMs, previousOffsetMs) => {
      if (offsetMs !== previousOffsetMs) emit(request, { type: 'clock-offset', offsetMs, previousOffsetMs });
    },
    retry: (request, status, askedBy) => emit(request, { type: 'retry', status, askedBy }),
  };
}
