import { abortable } from '@ky-auth/core';

/**
 * A request as it reached the wire: what a server would receive, plus the object the wire `fetch` was
 * handed (to tell ky's own Request from a copy).
 */
export interface WireRequest {
  /** The first argument the wire fetch was called with; `undefined` for a redirect hop the stub followed. */
  readonly handed: Request | undefined;
  readonly url: string;
  readonly method: string;
  /** Lower-case names, as a server reads them. */
  readonly headers: Readonly<Record<string, string>>;
  /** The request's redirect mode, as fetch was asked. */
  readonly redirect: RequestRedirect;
  /** The bytes sent; `null` for no body. */
  readonly body: Uint8Array | null;
  /** 0 for the request fetch was handed; 1, 2, … for the redirects the stub followed (`redirect: 'follow'`). */
  readonly hop: number;
}

/** How the server answers: a response, a connection reset, or never (until the request aborts). */
export type WireAnswer = Response | 'reset' | 'hang';
export type WireServer = (request: WireRequest) => WireAnswer | Promise<WireAnswer>;

export interface WireStub {
  /** A `fetch` with fetch's redirect handling, answered by the server function: install it as the wire. */
  readonly fetch: typeof globalThis.fetch;
  /** Every request that reached the wire, redirect hops included, in order. */
  readonly received: WireRequest[];
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxHops = 20;

/**
 * An in-process stand-in for the network: a `fetch` that reads each request whole (as a server would),
 * records it, and answers with `server`'s answer. Redirects are handled as fetch handles them: returned
 * as they are for `redirect: 'manual'`, refused for `'error'`, and followed for `'follow'` (303, and 301/302
 * after a POST, become a body-less GET; `authorization` is dropped when the redirect leaves the origin, as
 * undici does; every other header goes along), each hop recorded. A reset is fetch's `TypeError: fetch failed`.
 *
 * @example
 * const wire = wireStub(() => new Response('ok'));
 * globalThis.fetch = wire.fetch;
 * await ky.get('https://api.example/items'); // wire.received[0].url === 'https://api.example/items'
 */
export function wireStub(server: WireServer): WireStub {
  const received: WireRequest[] = [];

  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const handed = input instanceof Request ? input : undefined;
    const request =
      input instanceof Request && (init === undefined || Object.keys(init).length === 0)
        ? input
        : new Request(input, init);
    const { signal } = request;
    if (signal.aborted) throw signal.reason;
    const body =
      request.body === null ? null : new Uint8Array(await abortable(request.arrayBuffer(), signal));
    let current: WireRequest = {
      handed,
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers),
      redirect: request.redirect,
      body,
      hop: 0,
    };
    for (;;) {
      received.push(current);
      const answer = await abortable(Promise.resolve(server(current)), signal);
      if (answer === 'reset') {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
        });
      }
      if (answer === 'hang') return abortable(new Promise<never>(() => undefined), signal);
      const location = answer.headers.get('location');
      if (!redirectStatuses.has(answer.status) || location === null || current.redirect === 'manual') {
        return withUrl(answer, current.url, current.hop > 0);
      }
      void answer.body?.cancel();
      if (current.redirect === 'error' || current.hop >= maxHops) {
        throw new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
      }
      const next = new URL(location, current.url);
      const toGet =
        answer.status === 303
          ? current.method !== 'HEAD'
          : (answer.status === 301 || answer.status === 302) && current.method === 'POST';
      const headers = { ...current.headers };
      if (next.origin !== new URL(current.url).origin) delete headers.authorization;
      if (toGet) {
        for (const name of [
          'content-type',
          'content-length',
          'content-encoding',
          'content-language',
          'content-location',
        ])
          delete headers[name];
      }
      current = {
        handed: undefined,
        url: next.href,
        method: toGet ? 'GET' : current.method,
        headers,
        redirect: current.redirect,
        body: toGet ? null : current.body,
        hop: current.hop + 1,
      };
    }
  };
  return { fetch: fetch as typeof globalThis.fetch, received };
}

/** A response with fetch's `url` and `redirected`, which `new Response` cannot set. */
function withUrl(response: Response, url: string, redirected: boolean): Response {
  Object.defineProperty(response, 'url', { value: url, configurable: true });
  Object.defineProperty(response, 'redirected', { value: redirected, configurable: true });
  return response;
}
