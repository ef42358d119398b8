import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import ky1 from 'ky1';
import ky2 from 'ky2';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { type AuthHooksOptions, authHooks as authHooks2 } from './auth-hooks.ts';
import { authOptions as authOptions1 } from './ky1.ts';
import type { Interceptor, InterceptorContext, Rejection } from './types.ts';

// The engine's side of Interceptor.explain: which responses are read, what the interceptor is shown, and
// how the caller gets the answer (ky's HTTPError, its message extended).

const api = 'https://api.example.com';
const other = 'https://other.example.net';
const longBody = JSON.stringify({ message: 'x'.repeat(40_000) });

const server = setupServer(
  http.all(`${api}/forbidden`, () =>
    HttpResponse.json(
      { Message: 'User is not authorized to access this resource with an explicit deny' },
      {
        status: 403,
        headers: {
          'x-amzn-ErrorType':
            'AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/',
        },
      },
    ),
  ),
  http.all(`${api}/unauthorized`, () => HttpResponse.json({ message: 'Unauthorized' }, { status: 401 })),
  http.all(`${api}/long`, () => new HttpResponse(longBody, { status: 403 })),
  http.all(`${api}/missing`, () =>
    HttpResponse.json(
      { message: 'Missing Authentication Token' },
      { status: 403, headers: { 'x-amzn-ErrorType': 'MissingAuthenticationTokenException' } },
    ),
  ),
  http.all(`${api}/broken`, () => HttpResponse.json({ message: 'Internal server error' }, { status: 500 })),
  http.all(`${api}/ok`, () => HttpResponse.json({ ok: true })),
  http.all(`${other}/*`, () => HttpResponse.json({ message: 'Forbidden' }, { status: 403 })),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const shown: { rejection: Rejection; context: InterceptorContext }[] = [];
afterEach(() => {
  shown.length = 0;
});

/** An interceptor that sets a header and explains every rejection it is shown, recording it. */
const explaining = (
  answer: (rejection: Rejection) => string | undefined = () => 'because.',
): Interceptor => ({
  name: 'tenant',
  stage: 'auth',
  apply(request) {
    request.headers.set('x-tenant', 'acme');
  },
  async explain(rejection, context) {
    shown.push({ rejection, context });
    return answer(rejection);
  },
});

const majors = [
  {
    major: 1,
    client: (interceptors: Interceptor[], options?: AuthHooksOptions) =>
      ky1.create({
        prefixUrl: api,
        ...authOptions1(interceptors, { ...options, endpoint: options?.endpoint ?? api }),
        retry: 0,
      }),
  },
  {
    major: 2,
    client: (interceptors: Interceptor[], options?: AuthHooksOptions) =>
      ky2.create({
        prefix: api,
        hooks: authHooks2(interceptors, { ...options, endpoint: options?.endpoint ?? api }),
        retry: 0,
      }),
  },
] as const;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('the request succeeded');
    },
    (error: unknown) => error as Error & { response: Response; data?: unknown },
  );

describe.each(majors)('through ky $major, explain', ({ major, client }) => {
  it('is shown a 403 from the API: error type without its suffix, Message, body, the request as sent', async () => {
    const error = await failure(client([explaining()]).get('forbidden'));
    expect(error.name).toBe('HTTPError');
    expect(error.message).toBe(
      `Request failed with status code 403 Forbidden: GET ${api}/forbidden\nky-auth: because.`,
    );
    expect(shown).toHaveLength(1);
    const { rejection, context } = shown[0]!;
    expect(rejection.status).toBe(403);
    expect(rejection.errorType).toBe('AccessDeniedException');
    expect(rejection.message).toBe('User is not authorized to access this resource with an explicit deny');
    expect(JSON.parse(rejection.body)).toEqual({
      Message: 'User is not authorized to access this resource with an explicit deny',
    });
    expect(rejection.request.headers.get('x-tenant')).toBe('acme');
    expect(context.reauthorizing).toBe(false);
    // The caller still has the body: the engine read a copy.
    const body = major === 2 ? error.data : await error.response.json();
    expect(body).toEqual({ Message: 'User is not authorized to access this resource with an explicit deny' });
  });

  it('is shown a 401, and reads at most 16 KiB of a body', async () => {
    await failure(client([explaining()]).get('unauthorized'));
    expect(shown[0]?.rejection).toMatchObject({ status: 401, message: 'Unauthorized', errorType: undefined });
    await failure(client([explaining()]).get('long'));
    expect(shown[1]?.rejection.body).toBe(longBody.slice(0, 16 * 1024));
    expect(shown[1]?.rejection.message).toBeUndefined();
  });

  it('is not asked about a 2xx or a 500, and the error is ky’s own', async () => {
    expect(await client([explaining()]).get('ok').json()).toEqual({ ok: true });
    const error = await failure(client([explaining()]).get('broken'));
    expect(error.message).toBe(
      `Request failed with status code 500 Internal Server Error: GET ${api}/broken`,
    );
    expect(shown).toHaveLength(0);
  });

  it('is not asked about another origin’s answer, nor a request sent without auth', async () => {
    const toOther = await failure(
      client([explaining()], { endpoint: api }).get(`${other}/x`, {
        [major === 1 ? 'prefixUrl' : 'prefix']: '',
      }),
    );
    expect(toOther.message).toBe(`Request failed with status code 403 Forbidden: GET ${other}/x`);
    const unauthenticated = await failure(
      client([explaining()]).get('forbidden', { context: { authMode: 'none' } }),
    );
    expect(unauthenticated.message).toBe(
      `Request failed with status code 403 Forbidden: GET ${api}/forbidden`,
    );
    expect(shown).toHaveLength(0);
  });

  it('leaves the message alone when no interceptor has anything to say, or one throws', async () => {
    const silent = await failure(client([explaining(() => undefined)]).get('forbidden'));
    expect(silent.message).toBe(`Request failed with status code 403 Forbidden: GET ${api}/forbidden`);
    const throwing: Interceptor = {
      name: 'thrower',
      stage: 'auth',
      apply() {},
      explain() {
        throw new Error('explain failed');
      },
    };
    const thrown = await failure(client([throwing]).get('forbidden'));
    expect(thrown.message).toBe(`Request failed with status code 403 Forbidden: GET ${api}/forbidden`);
  });

  it('falls back on the engine’s own words for Missing Authentication Token, knowing nothing signed', async () => {
    const error = await failure(client([explaining(() => undefined)]).post('missing'));
    expect(error.message).toContain(
      `ky-auth: API Gateway answers "Missing Authentication Token" when no resource or stage matches the request (POST /missing), or when the method requires IAM authorization and the request is not signed, and no interceptor signed this one.`,
    );
  });

  it('with a sign-stage interceptor, says the resource or stage does not exist', async () => {
    const signer: Interceptor = { name: 'signer', stage: 'sign', apply() {}, explain: () => undefined };
    const error = await failure(client([signer]).get('missing'));
    expect(error.message).toContain('and this one was signed: nothing matches GET /missing.');
  });
});
