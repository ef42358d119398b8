import type { AuthEvent, AuthEventListener, AuthEventRequest } from '../events.ts';

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
