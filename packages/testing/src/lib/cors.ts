/**
 * How the gateway answers CORS: the `OPTIONS` method "Enable CORS" adds, and the headers its actual and
 * error responses carry.
 *
 * @example
 * ```ts
 * import { apiGateway } from '@ky-auth/testing';
 *
 * const gateway = apiGateway({
 *   endpoint: 'https://api.example.com',
 *   cors: { allowOrigin: 'https://app.example.com', allowHeaders: ['Content-Type', 'Authorization'], enforce: true },
 * });
 * ```
 */
export interface CorsOptions {
  /** `Access-Control-Allow-Origin`. Default `*`. */
  readonly allowOrigin?: string;
  /** `Access-Control-Allow-Headers`. Default API Gateway's `Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token`. */
  readonly allowHeaders?: readonly string[];
  /** `Access-Control-Allow-Methods`. Default `DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT`. */
  readonly allowMethods?: readonly string[];
  /**
   * `Access-Control-Expose-Headers` on actual responses. Default none, as API Gateway's "Enable CORS"
   * writes it: a browser's page then reads only the safelisted response headers (`Content-Type`, …), not
   * `Date` nor `x-amzn-ErrorType`. With `enforce`, the gateway's responses show only those, as a browser does.
   */
  readonly exposeHeaders?: readonly string[];
  /** Sends `Access-Control-Allow-Credentials: true` (and echoes the `Origin` instead of `*`). */
  readonly allowCredentials?: boolean;
  /** `Access-Control-Max-Age` of the preflight, in seconds. */
  readonly maxAge?: number;
  /** Whether gateway error responses (401/403/500 of authorizers) carry CORS headers too. Default true. */
  readonly errorResponses?: boolean;
  /**
   * Act as a browser would after a preflight: a request with a header or method the preflight does not
   * allow fails as a network error (`TypeError: Failed to fetch`) instead of reaching the gateway. Default
   * false. Lets a Node test catch a client header a real browser would be stopped by. Its actual
   * responses also carry only the headers a browser lets a page read: the CORS-safelisted ones and
   * `exposeHeaders`.
   */
  readonly enforce?: boolean;
}

const DEFAULT_ALLOW_HEADERS = [
  'Content-Type',
  'X-Amz-Date',
  'Authorization',
  'X-Api-Key',
  'X-Amz-Security-Token',
] as const;
const DEFAULT_ALLOW_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;
// The response headers a page can read of any cross-origin response (the Fetch standard's safelist).
const SAFELISTED_RESPONSE_HEADERS = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
]);

function allowOrigin(cors: CorsOptions, request: Request): string {
  const configured = cors.allowOrigin ?? '*';
  return configured === '*' && cors.allowCredentials ? (request.headers.get('origin') ?? '*') : configured;
}

/** Adds the CORS headers of an actual (non-preflight) response. */
export function addCorsHeaders(headers: Headers, cors: CorsOptions, request: Request): void {
  headers.set('access-control-allow-origin', allowOrigin(cors, request));
  if (cors.exposeHeaders !== undefined && cors.exposeHeaders.length > 0) {
    headers.set('access-control-expose-headers', cors.exposeHeaders.join(','));
  }
  if (cors.allowCredentials) headers.set('access-control-allow-credentials', 'true');
}

/**
 * The headers of an actual response as a browser's page sees them (`cors.enforce`): the safelisted ones
 * and those exposed (`*` exposes all but with credentials); `Date` and `x-amzn-ErrorType` are hidden
 * unless exposed, as in Chromium. The `Access-Control-*` answers are kept for tests to look at.
 */
export function browserVisibleHeaders(headers: Headers, cors: CorsOptions): Headers {
  const exposed = new Set((cors.exposeHeaders ?? []).map((name) => name.toLowerCase()));
  const all = exposed.has('*') && !cors.allowCredentials;
  const visible = new Headers();
  for (const [name, value] of headers) {
    // The CORS headers themselves stay, for tests to check what the gateway answered.
    const kept =
      all || SAFELISTED_RESPONSE_HEADERS.has(name) || exposed.has(name) || name.startsWith('access-control-');
    if (kept) visible.append(name, value);
  }
  return visible;
}

/** The preflight answer of API Gateway's mock `OPTIONS` integration. */
export function preflightHeaders(cors: CorsOptions, request: Request): Headers {
  const headers = new Headers({
    'content-type': 'application/json',
    'access-control-allow-origin': allowOrigin(cors, request),
    'access-control-allow-headers': (cors.allowHeaders ?? DEFAULT_ALLOW_HEADERS).join(','),
    'access-control-allow-methods': (cors.allowMethods ?? DEFAULT_ALLOW_METHODS).join(','),
  });
  if (cors.allowCredentials) headers.set('access-control-allow-credentials', 'true');
  if (cors.maxAge !== undefined) headers.set('access-control-max-age', String(cors.maxAge));
  return headers;
}

const SIMPLE_METHODS = new Set(['GET', 'HEAD', 'POST']);
const SIMPLE_CONTENT_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);
// Headers a browser sets itself (or forbids pages to set): never part of a preflight's request headers.
const BROWSER_HEADERS = new Set([
  'accept-charset',
  'accept-encoding',
  'connection',
  'content-length',
  'cookie',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'via',
]);

function safelisted(name: string, value: string): boolean {
  if (name === 'accept' || name === 'accept-language' || name === 'content-language') return true;
  if (name === 'content-type') {
    return SIMPLE_CONTENT_TYPES.has(value.split(';')[0]!.trim().toLowerCase());
  }
  return false;
}

/** Why a browser's preflight would stop this request, or undefined when it would pass. */
export function preflightBlockReason(cors: CorsOptions, request: Request): string | undefined {
  const allowedHeaders = (cors.allowHeaders ?? DEFAULT_ALLOW_HEADERS).map((name) => name.toLowerCase());
  const wildcard = allowedHeaders.includes('*') && !cors.allowCredentials;
  const blockedHeaders: string[] = [];
  request.headers.forEach((value, name) => {
    if (BROWSER_HEADERS.has(name) || name.startsWith('sec-') || name.startsWith('proxy-')) return;
    if (safelisted(name, value) || allowedHeaders.includes(name)) return;
    // The fetch standard: `*` never covers Authorization.
    if (wildcard && name !== 'authorization') return;
    blockedHeaders.push(name);
  });
  const method = request.method.toUpperCase();
  const allowedMethods = (cors.allowMethods ?? DEFAULT_ALLOW_METHODS).map((name) => name.toUpperCase());
  const methodBlocked = !SIMPLE_METHODS.has(method) && !allowedMethods.includes(method);
  if (blockedHeaders.length === 0 && !methodBlocked) return undefined;
  const reasons = [
    ...(blockedHeaders.length > 0
      ? [`request header(s) ${blockedHeaders.join(', ')} not in Access-Control-Allow-Headers`]
      : []),
    ...(methodBlocked ? [`method ${method} not in Access-Control-Allow-Methods`] : []),
  ];
  return `CORS preflight would fail: ${reasons.join('; ')}`;
}
