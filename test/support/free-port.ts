import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 nothing listens on right now (the OS picks it), for a server a test starts as a child. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}
