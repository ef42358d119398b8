import { HttpResponse, http } from 'msw';
import {
  addCorsHeaders,
  browserVisibleHeaders,
  type CorsOptions,
  preflightBlockReason,
  preflightHeaders,
} from './lib/cors.ts';
import { type EchoBody, echoBody } from './lib/echo.ts';
import { type CallFilter, createRecorder } from './lib/recorder.ts';
import { gatewayHeaders, requestId } from './lib/request-id.ts';
import { type RoutePattern, routePattern } from './lib/route-pattern.ts';
import type { Authorizer, Denial, NowClock, Principal } from './types.ts';

/**
 * What a route's handler is given.
 *
 * @example
 * ```ts
 * const handler = ({ params, principal }: RouteInput) => ({ id: params.id, caller: principal?.type });
 * ```
 */
export interface RouteInput {
  readonly request: Request;
  /** Path parameters (`{id}`, `:id`, `{proxy+}`), decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly principal: Principal | null;
  readonly principals: readonly Principal[];
  readonly requestId: string;
  /** What the default echo route would have answered. */
  readonly echo: EchoBody;
}

/**
 * A resource and method of the API.
 *
 * @example
 * ```ts
 * const route: GatewayRoute = { method: 'GET', path: '/items/{id}', handler: ({ params }) => ({ id: params.id }) };
 * ```
 */
export interface GatewayRoute {
  /** HTTP method, or `ANY` (default). */
  readonly method?: string;
  /** Path below the endpoint: `/items/{id}`, `/{proxy+}`, `/items/:id`, `*`. */
  readonly path: string;
  /** This method's authorization, replacing the gateway's; `null` for NONE. */
  readonly authorizer?: Authorizer | readonly Authorizer[] | null;
  /** The integration: returns a `Response` or a JSON value (answered with 200). Default: the echo. */
  readonly handler?: (input: RouteInput) => unknown;
}

/**
 * Options of {@link apiGateway}.
 *
 * @example
 * ```ts
 * const options: ApiGatewayOptions = {
 *   endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod',
 *   authorizer: null,
 *   cors: { allowOrigin: 'https://app.example.com' },
 * };
 * ```
 */
export interface ApiGatewayOptions {
  /** The invoke URL, with its stage path if any. Requests outside it are left to other handlers. */
  readonly endpoint: string;
  /**
   * The methods' authorization: one authorizer, several that must all allow (e.g. Cognito then API key, as
   * API Gateway checks the authorizer before the usage plan's key), or `null`/absent for NONE.
   */
  readonly authorizer?: Authorizer | readonly Authorizer[] | null;
  /** The resources; default one `ANY /{proxy+}` echo route (and the root). Unknown resources get 403 Missing Authentication Token. */
  readonly routes?: readonly GatewayRoute[];
  /** CORS as "Enable CORS" configures it; default on with API Gateway's defaults. `false` turns it off. */
  readonly cors?: CorsOptions | boolean;
  /** The gateway's clock, for signature windows, token expiry and the `Date` header. Default `Date`. */
  readonly clock?: NowClock;
}

/**
 * One request the gateway saw, and what became of it.
 *
 * @example
 * ```ts
 * const call: GatewayCall = gateway.calls[0]!;
 * if (call.outcome === 'rejected') console.log(call.status, call.errorType, call.reason);
 * ```
 */
export interface GatewayCall {
  readonly requestId: string;
  /** The gateway clock's time of the request, in milliseconds since the epoch. */
  readonly time: number;
  readonly method: string;
  readonly url: string;
  /** The path as it arrived. */
  readonly path: string;
  /** The matched route pattern, if any. */
  readonly route: string | undefined;
  /** `accepted` reached the integration; `rejected` was turned away by the gateway; `preflight` was a CORS `OPTIONS`; `cors-blocked` failed as a browser would (`cors.enforce`). */
  readonly outcome: 'accepted' | 'rejected' | 'preflight' | 'cors-blocked';
  /** The status answered (0 for `cors-blocked`). */
  readonly status: number;
  /** The type of the authorizer that rejected, or of the last that accepted; undefined for NONE. */
  readonly authorizer: string | undefined;
  /** The `x-amzn-ErrorType` of a rejection. */
  readonly errorType: string | undefined;
  /** Why it was rejected, in words. */
  readonly reason: string | undefined;
  readonly principal: Principal | null;
  /** For signature mismatches: the canonical request and string to sign the gateway expected. */
  readonly details: Readonly<Record<string, string>> | undefined;
}

/**
 * The gateway: MSW handlers to install, and the record of the calls they answered.
 *
 * @example
 * ```ts
 * const server = setupServer(...gateway.handlers);
 * // … run the code under test …
 * expect(gateway.count({ outcome: 'accepted', authorizer: undefined })).toBe(0);
 * ```
 */
export interface ApiGateway {
  /** The endpoint, without a trailing slash. */
  readonly endpoint: string;
  /** MSW request handlers for `setupServer`, `setupWorker` or `@mswjs/http-middleware`. */
  readonly handlers: ReturnType<typeof http.all>[];
  /** Every request seen, in order. */
  readonly calls: readonly GatewayCall[];
  /** How many calls match `filter` (fields that must be equal, or a predicate); all calls without one. */
  count(filter?: CallFilter<GatewayCall>): number;
  /** Forgets the recorded calls. */
  reset(): void;
}

interface CompiledRoute {
  readonly method: string;
  readonly pattern: RoutePattern;
  readonly authorizers: readonly Authorizer[];
  readonly handler: ((input: RouteInput) => unknown) | undefined;
}

function authorizerList(
  authorizer: Authorizer | readonly Authorizer[] | null | undefined,
): readonly Authorizer[] {
  if (!authorizer) return [];
  return Array.isArray(authorizer) ? authorizer : [authorizer as Authorizer];
}

function jsonResponse(body: unknown, status: number, headers: Headers): Response {
  headers.set('content-type', 'application/json');
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * A stand-in for an API Gateway REST (or HTTP) API, as MSW handlers: each request is authorized the way the
 * configured authorizers do it, unknown resources get `403 {"message":"Missing Authentication Token"}`, and
 * accepted requests reach your route handlers or, by default, an echo that answers 200 with JSON describing
 * what arrived and who the authorizer says sent it. Every answer carries `x-amzn-RequestId`, a `Date` from the
 * gateway's clock and, unless turned off, CORS headers (error responses included), and every request is
 * recorded in `gateway.calls`.
 *
 * @example
 * ```ts
 * import { apiGateway, gatewayApiKeyAuthorizer } from '@ky-auth/testing';
 * import { setupServer } from 'msw/node';
 *
 * const gateway = apiGateway({
 *   endpoint: 'https://api.example.com/prod',
 *   authorizer: gatewayApiKeyAuthorizer({ keys: ['da2-secret'] }),
 *   routes: [
 *     { method: 'GET', path: '/items/{id}', handler: ({ params }) => ({ id: params.id }) },
 *     { method: 'GET', path: '/health', authorizer: null },
 *   ],
 * });
 * const server = setupServer(...gateway.handlers);
 * server.listen();
 * const response = await fetch('https://api.example.com/prod/items/42', { headers: { 'x-api-key': 'da2-secret' } });
 * await response.json(); // { id: '42' }
 * gateway.count({ outcome: 'rejected' }); // 0
 * server.close();
 * ```
 */
export function apiGateway(options: ApiGatewayOptions): ApiGateway {
  const base = new URL(options.endpoint);
  const basePath = base.pathname.replace(/\/+$/, '');
  const endpoint = `${base.origin}${basePath}`;
  const clock = options.clock ?? Date;
  const cors: CorsOptions | undefined =
    options.cors === false
      ? undefined
      : options.cors === true || options.cors === undefined
        ? {}
        : options.cors;
  const defaultAuthorizers = authorizerList(options.authorizer);
  const routes: CompiledRoute[] = (options.routes ?? [{ path: '/{proxy+}' }, { path: '/' }]).map((route) => ({
    method: (route.method ?? 'ANY').toUpperCase(),
    pattern: routePattern(route.path),
    authorizers: route.authorizer === undefined ? defaultAuthorizers : authorizerList(route.authorizer),
    handler: route.handler,
  }));
  const recorder = createRecorder<GatewayCall>();

  const handler = http.all(`${base.origin}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const inBase = url.pathname === basePath || url.pathname.startsWith(`${basePath}/`) || basePath === '';
    if (!inBase) return undefined;
    const relativePath = url.pathname.slice(basePath.length) || '/';
    const id = requestId();
    const now = clock.now();
    const method = request.method.toUpperCase();
    const found = findRoute(routes, method, relativePath);
    const call = {
      requestId: id,
      time: now,
      method,
      url: request.url,
      path: url.pathname,
      route: found?.route.pattern.path,
    };

    const reject = (denial: Denial, authorizer: string | undefined): Response => {
      recorder.record({
        ...call,
        outcome: 'rejected',
        status: denial.status,
        authorizer,
        errorType: denial.errorType,
        reason: denial.reason,
        principal: null,
        details: denial.details,
      });
      const headers = gatewayHeaders(id, now);
      if (denial.errorType) headers.set('x-amzn-ErrorType', denial.errorType);
      for (const [name, value] of Object.entries(denial.headers ?? {})) headers.set(name, value);
      if (cors && cors.errorResponses !== false) addCorsHeaders(headers, cors, request);
      return jsonResponse(
        denial.body,
        denial.status,
        cors?.enforce ? browserVisibleHeaders(headers, cors) : headers,
      );
    };

    // "Enable CORS" adds an OPTIONS method to every resource, whatever methods the resource has.
    if (method === 'OPTIONS' && cors && routes.some((route) => route.pattern.match(relativePath))) {
      recorder.record({
        ...call,
        outcome: 'preflight',
        status: 200,
        authorizer: undefined,
        errorType: undefined,
        reason: undefined,
        principal: null,
        details: undefined,
      });
      const headers = preflightHeaders(cors, request);
      for (const [name, value] of gatewayHeaders(id, now)) headers.set(name, value);
      return new Response(null, { status: 200, headers });
    }
    if (cors?.enforce) {
      const blocked = preflightBlockReason(cors, request);
      if (blocked) {
        recorder.record({
          ...call,
          outcome: 'cors-blocked',
          status: 0,
          authorizer: undefined,
          errorType: undefined,
          reason: blocked,
          principal: null,
          details: undefined,
        });
        return HttpResponse.error();
      }
    }
    if (!found) {
      return reject(
        {
          status: 403,
          body: { message: 'Missing Authentication Token' },
          errorType: 'MissingAuthenticationTokenException',
          reason: `no route ${method} ${relativePath}`,
        },
        undefined,
      );
    }

    const body = new Uint8Array(await request.clone().arrayBuffer());
    const principals: Principal[] = [];
    for (const authorizer of found.route.authorizers) {
      const decision = await authorizer.authorize(request, { clock, body });
      if (!decision.allow) return reject(decision.denial, authorizer.type);
      principals.push(decision.principal);
    }

    const echo = echoBody({
      request,
      requestId: id,
      route: found.route.pattern.path,
      params: found.params,
      body,
      principals,
    });
    const result = found.route.handler
      ? await found.route.handler({
          request,
          params: found.params,
          principal: principals[0] ?? null,
          principals,
          requestId: id,
          echo,
        })
      : echo;
    const response = result instanceof Response ? result : jsonResponse(result, 200, new Headers());
    const headers = new Headers(response.headers);
    for (const [name, value] of gatewayHeaders(id, now)) if (!headers.has(name)) headers.set(name, value);
    if (cors) addCorsHeaders(headers, cors, request);
    recorder.record({
      ...call,
      outcome: 'accepted',
      status: response.status,
      authorizer: found.route.authorizers.at(-1)?.type,
      errorType: undefined,
      reason: undefined,
      principal: principals[0] ?? null,
      details: undefined,
    });
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: cors?.enforce ? browserVisibleHeaders(headers, cors) : headers,
    });
  });

  return {
    endpoint,
    handlers: [handler],
    calls: recorder.calls,
    count: recorder.count,
    reset: recorder.reset,
  };
}

function findRoute(
  routes: readonly CompiledRoute[],
  method: string,
  relativePath: string,
): { route: CompiledRoute; params: Record<string, string> } | undefined {
  // As on API Gateway, the most specific resource wins (static, then parameters, then greedy), and within
  // it the exact method before ANY, whatever the declaration order.
  let best: { route: CompiledRoute; params: Record<string, string>; rank: number } | undefined;
  for (const route of routes) {
    if (route.method !== method && route.method !== 'ANY') continue;
    const params = route.pattern.match(relativePath);
    if (!params) continue;
    const rank = route.pattern.generality * 2 + (route.method === 'ANY' ? 1 : 0);
    if (!best || rank < best.rank) best = { route, params, rank };
  }
  return best && { route: best.route, params: best.params };
}
