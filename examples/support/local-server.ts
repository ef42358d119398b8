import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpListener } from '@ky-auth/testing/node';
import type { RequestHandler } from 'msw';

/** MSW handlers answering real HTTP on a loopback port. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Adds handlers (a gateway made once the port is known); the first that answers a request wins. */
  use(...handlers: readonly RequestHandler[]): void;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1 (a free port) that answers with `@ky-auth/testing`'s `httpListener`. */
export async function listenLocal(): Promise<LocalServer> {
  const handlers: RequestHandler[] = [];
  const server = createServer(httpListener(handlers));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    use: (...more) => {
      handlers.push(...more);
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
