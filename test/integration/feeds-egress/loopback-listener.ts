import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP listener on a loopback address that counts the connections it accepts. */
export interface CountingListener {
  host: string;
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * Listens on `host` (127.0.0.2, 127.0.0.3 … never anything but loopback) and counts connections. With `forwardTo`
 * each connection is piped to that loopback port (PostgreSQL and Mosquitto listen on 127.0.0.1 only), so an
 * allowed non-default address works end to end; without it, connections are held open silently (an open port
 * that speaks nothing) or, with `reset`, closed at once. `port` picks the port (default: any free one).
 */
export async function countingListener(host: string, opts: { forwardTo?: number; reset?: boolean; port?: number } = {}): Promise<CountingListener> {
  if (!host.startsWith('127.')) throw new Error(`tests listen on loopback only, not ${host}`);
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (opts.reset) {
      socket.destroy();
      return;
    }
    if (opts.forwardTo === undefined) return;
    const upstream = connect({ host: '127.0.0.1', port: opts.forwardTo });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    host,
    port,
    get connections() {
      return connections;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port with nothing listening (bound once, then released). */
export async function closedPort(host: string): Promise<number> {
  const l = await countingListener(host);
  const port = l.port;
  await l.close();
  return port;
}
