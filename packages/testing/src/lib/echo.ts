import type { Principal } from '../types.ts';

/**
 * What the default route answers: what the gateway received, so a test can assert on it.
 *
 * @example
 * ```ts
 * const response = await fetch('https://api.example.com/items?tag=a&tag=b', { headers: { 'x-api-key': 'k1' } });
 * const echo = (await response.json()) as EchoBody;
 * echo.query.tag; // ['a', 'b']
 * echo.principal?.type; // 'apiKey'
 * ```
 */
export interface EchoBody {
  readonly requestId: string;
  readonly method: string;
  /** The path as it arrived (percent-encoded as on the wire), including any stage prefix. */
  readonly path: string;
  /** The matched route's pattern. */
  readonly route: string;
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters, decoded; a repeated name gives an array. */
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /** Request headers, lowercase; the values of credentials (`authorization`, `x-api-key`, `x-amz-security-token`, `cookie`) are redacted. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyLength: number;
  /** The principal of the first authorizer, or null with no authorizer. */
  readonly principal: Principal | null;
  /** Every authorizer's principal, in order. */
  readonly principals: readonly Principal[];
}

const REDACTED = new Set(['x-api-key', 'x-amz-security-token', 'cookie']);

function redact(name: string, value: string): string {
  if (REDACTED.has(name)) return '<redacted>';
  if (name === 'authorization') {
    const scheme = /^(\S+)\s+\S/.exec(value.trim());
    return scheme ? `${scheme[1]} <redacted>` : '<redacted>';
  }
  return value;
}

export function echoBody(input: {
  request: Request;
  requestId: string;
  route: string;
  params: Record<string, string>;
  body: Uint8Array;
  principals: readonly Principal[];
}): EchoBody {
  const url = new URL(input.request.url);
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const existing = query[name];
    query[name] = existing === undefined ? value : [existing, value].flat();
  }
  const headers: Record<string, string> = {};
  input.request.headers.forEach((value, name) => {
    headers[name] = redact(name, value);
  });
  return {
    requestId: input.requestId,
    method: input.request.method,
    path: url.pathname,
    route: input.route,
    params: input.params,
    query,
    headers,
    bodyLength: input.body.byteLength,
    principal: input.principals[0] ?? null,
    principals: input.principals,
  };
}
