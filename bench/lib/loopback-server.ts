/**
 * The loopback API for the per-request overhead bench, run in a child process (forked by overhead.ts) so
 * that its work is not counted in the client's event loop. Answers every request 200 with a small JSON
 * body, keeps connections alive, and counts the requests it served; the parent asks for the count over IPC.
 */
import { createServer } from 'node:http';

let hits = 0;
const body = JSON.stringify({ items: [{ id: 1, name: 'one' }], next: null });

const server = createServer((request, response) => {
  hits += 1;
  request.resume();
  request.on('end', () => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  process.send?.({ type: 'listening', port: address.port });
});

process.on('message', (message: { type: string }) => {
  if (message.type === 'hits') process.send?.({ type: 'hits', hits });
  if (message.type === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
