import { bypass } from 'msw';

/**
 * An MSW resolver that sends a request on to a real local server, as a DNS entry and a TLS-terminating
 * proxy would: the path, method, headers and body are kept, the origin becomes `origin`, and `headers`
 * (such as `x-forwarded-proto`/`x-forwarded-host`) are added. It lets a README snippet name public hosts
 * while the tests answer it with real servers.
 */
export function forwardTo(origin: string, headers: Record<string, string> = {}) {
  return async ({ request }: { request: Request }): Promise<Response> => {
    const url = new URL(request.url);
    const target = new URL(`${url.pathname}${url.search}`, origin);
    const forwarded = new Headers(request.headers);
    for (const [name, value] of Object.entries(headers)) forwarded.set(name, value);
    const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
    const response = await fetch(
      bypass(new Request(target, { method: request.method, headers: forwarded, body, redirect: 'manual' })),
    );
    return new Response(await response.arrayBuffer(), { status: response.status, headers: response.headers });
  };
}
