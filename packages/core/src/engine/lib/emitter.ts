import type { AuthEvent, AuthEventListener, AuthEventRequest, SkipReason } from '../events.ts';
import type { Interceptor } from '../types.ts';

/** Distributive Omit: each event type without the fields the emitter fills in. */
type WithoutRequest<Event> = Event extends AuthEvent ? Omit<Event, keyof AuthEventRequest> : never;

/** Sends one event about `request`; the listener's own failure never reaches the request. */
export type Emit = (request: Request, event: WithoutRequest<AuthEvent>) => void;

/** The emitter of an engine, or `undefined` without a listener (then no event is built). */
export function createEmitter(
  listener: AuthEventListener | undefined,
  apiName: string | undefined,
): Emit | undefined {
  if (listener === undefined) return undefined;
  return (request, event) => {
    const query = request.url.indexOf('?');
    try {
      listener({
        apiName,
        method: request.method,
        url: query < 0 ? request.url : request.url.slice(0, query),
        ...event,
      } as AuthEvent);
    } catch {
      // Watching must not change what is watched.
    }
  };
}

/** Milliseconds from a high-resolution clock, for durations. */
export const now = (): number => performance.now();

/**
 * Tells the listener which interceptors ran on `request` and which were skipped (for `reason`: the
 * interceptors of the engine that did not run), and how long it took since `startedAt`; returns `request`.
 */
export function emitAuthorize(
  emit: Emit,
  request: Request,
  all: readonly Interceptor[],
  ran: readonly Interceptor[],
  reason: SkipReason,
  retryCount: number,
  reauthorizing: boolean,
  startedAt: number,
): Request {
  emit(request, {
    type: 'authorize',
    ran: ran.map(({ name }) => name),
    skipped: all.filter((interceptor) => !ran.includes(interceptor)).map(({ name }) => ({ name, reason })),
    retryCount,
    reauthorizing,
    durationMs: now() - startedAt,
  });
  return request;
}
