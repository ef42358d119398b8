import type { IncomingMessage, ServerResponse } from 'node:http';
import { getResponse, type RequestHandler } from 'msw';

/**
 * Options of {@link httpListener}.
 *
 * @example
 * ```ts
 * const options: HttpListenerOptions = { protocol: 'http' };
 * ```
 */
export interface HttpListenerOptions {
  /** The scheme requests are taken to have arrived with. Default `http`. */
  readonly protocol?: 'http' | 'https';
}

/**
 * Serves MSW handlers (a gateway's, a user pool's, Cognito Identity's) over real HTTP: a Node
 * `http.createServer` listener that is also Express/Connect middleware (unmatched requests go to `next`, or get
 * 404 without it). A handler's network error (`cors.enforce`) closes the connection. Built on msw's
 * `getResponse`, so it works with msw 3, where `@mswjs/http-middleware` 0.10 fails (it calls the
 * `handleRequest` that msw 3 no longer exports). Uses no `node:` module at runtime.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { apiGateway, gatewayApiKeyAuthorizer } from '@ky-auth/testing';
 * import { httpListener } from '@ky-auth/testing/node';
 *
 * const gateway = apiGateway({
 *   endpoint: 'http://127.0.0.1:4010/prod',
 *   authorizer: gatewayApiKeyAuthorizer({ keys: ['da2-local'] }),
 * });
 * createServer(httpListener(gateway.handlers)).listen(4010, '127.0.0.1');
 * // curl -H 'x-api-key: da2-local' http://127.0.0.1:4010/prod/items
 * ```
 */
export function httpListener(
  handlers: readonly RequestHandler[],
  options: HttpListenerOptions = {},
): (request: IncomingMessage, response: ServerResponse, next?: (error?: unknown) => void) => Promise<void> {
  const protocol = options.protocol ?? 'http';
  return async (incoming, outgoing, next) => {
    try {
      const chunks: Uint8Array[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Uint8Array);
      const body = concat(chunks);
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        for (const item of [value ?? []].flat()) headers.append(name, item);
      }
      const method = incoming.method ?? 'GET';
      const request = new Request(
        `${protocol}://${incoming.headers.host ?? 'localhost'}${incoming.url ?? '/'}`,
        {
          method,
          headers,
          ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
        },
      );
      const response = await getResponse([...handlers], request);
      if (!response) {
        if (next) return next();
        outgoing.writeHead(404, { 'content-type': 'text/plain' }).end('No handler for this request');
        return;
      }
      if (response.type === 'error') {
        incoming.socket.destroy();
        return;
      }
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        responseHeaders[name] = value;
      });
      outgoing.writeHead(response.status, response.statusText, responseHeaders);
      outgoing.end(new Uint8Array(await response.arrayBuffer()));
    } catch (error) {
      if (next) return next(error);
      outgoing.writeHead(500, { 'content-type': 'text/plain' }).end('The mock handlers failed');
    }
  };
}

function concat(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(chunks.reduce((length, chunk) => length + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}
