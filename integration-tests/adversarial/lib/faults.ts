import { HttpResponse, type JsonBodyType } from 'msw';

/** What a remote step can do wrong. */
export const faults = ['500', '400', 'malformed', 'empty', 'network', 'hang'] as const;
export type Fault = (typeof faults)[number];

/** How long a `hang` lasts when nobody aborts it: far past any timeout a source should have. */
export const hangMs = 2500;

export interface FaultBodies {
  /** The JSON of a 400: the service's own error shape (OAuth's `error`, AWS's `__type`). */
  readonly clientError: JsonBodyType;
  /** The JSON of a 500. */
  readonly serverError?: JsonBodyType;
  /** Extra headers of the error responses (`x-amzn-ErrorType`, …). */
  readonly headers?: Record<string, string>;
}

/**
 * The response of a faulty remote step. Bodies may echo secrets, as real services do: what ky-auth throws
 * must not pass them on. A `hang` answers nothing until the request is aborted (then a network error) or
 * `hangMs` passes.
 */
export async function faultResponse(fault: Fault, request: Request, bodies: FaultBodies): Promise<Response> {
  const headers = bodies.headers ?? {};
  switch (fault) {
    case '500':
      return HttpResponse.json(bodies.serverError ?? { message: 'Internal server error' }, {
        status: 500,
        headers,
      });
    case '400':
      return HttpResponse.json(bodies.clientError, { status: 400, headers });
    case 'malformed':
      return new HttpResponse('<html><body>Bad gateway: upstream said {"unterminated', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    case 'empty':
      return new HttpResponse(null, { status: 200, headers: { 'content-type': 'application/json' } });
    case 'network':
      return HttpResponse.error();
    case 'hang':
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, hangMs);
        timer.unref?.();
        request.signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
      return HttpResponse.error();
  }
}
