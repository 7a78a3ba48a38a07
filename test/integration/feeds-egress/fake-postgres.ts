import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/** What a fake server saw of one client. */
export interface FakePostgresSession {
  /** Startup parameters (user, database, options, application_name, …). */
  startup: Record<string, string>;
  /** The password message's text, when the client sent one. */
  password?: string;
  /** Bytes the server wrote to the client. */
  sent: number;
}

/** How the fake answers: refuse after the cleartext password, or accept and flood the first query's answer. */
export type FakePostgresMode = 'ask-password' | 'flood-first-query';

/** A key and certificate for a fake server that accepts `sslmode` (the client does not verify it). */
export interface FakeTls {
  key: string;
  cert: string;
}

const SSL_REQUEST = 80877103;

/** A loopback TCP server speaking just enough of PostgreSQL's protocol to see what a client sends it. */
export interface FakePostgres {
  host: string;
  port: number;
  readonly sessions: FakePostgresSession[];
  close(): Promise<void>;
}

const msg = (type: string, body: Buffer): Buffer => {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const cstr = (s: string) => Buffer.from(`${s}\0`, 'utf8');

/**
 * Listens on `host` (loopback only). `ask-password`: asks for a cleartext password, records it, answers an
 * error. `flood-first-query`: trusts the client, then answers its first query with a DataRow that claims 1 GB and
 * keeps writing until the client goes away (what a hostile server does to the identity query). With `tls`, an
 * SSLRequest is accepted and the rest is spoken over TLS.
 */
export async function fakePostgres(host: string, mode: FakePostgresMode, tls?: FakeTls): Promise<FakePostgres> {
  if (!host.startsWith('127.')) throw new Error(`tests listen on loopback only, not ${host}`);
  const sessions: FakePostgresSession[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    const session: FakePostgresSession = { startup: {}, sent: 0 };
    sessions.push(session);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let wire: Socket = socket;
    const write = (b: Buffer) => {
      session.sent += b.length;
      return wire.write(b);
    };
    let buffer = Buffer.alloc(0);
    let started = false;
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 4 || buffer.length < buffer.readInt32BE(0)) return;
          const len = buffer.readInt32BE(0);
          if (len === 8 && buffer.readInt32BE(4) === SSL_REQUEST) {
            buffer = buffer.subarray(8);
            socket.removeListener('data', onData);
            socket.write(tls ? 'S' : 'N');
            if (tls) {
              wire = new TLSSocket(socket, { isServer: true, key: tls.key, cert: tls.cert });
              wire.on('error', () => undefined);
              wire.on('data', onData);
            } else {
              socket.on('data', onData);
            }
            return;
          }
          const fields = buffer.subarray(8, len - 1).toString('utf8').split('\0');
          for (let i = 0; i + 1 < fields.length; i += 2) session.startup[fields[i]] = fields[i + 1];
          buffer = buffer.subarray(len);
          started = true;
          if (mode === 'ask-password') write(msg('R', int32(3)));
          else write(Buffer.concat([msg('R', int32(0)), msg('Z', Buffer.from('I'))]));
          continue;
        }
        if (buffer.length < 5 || buffer.length < buffer.readInt32BE(1) + 1) return;
        const type = String.fromCharCode(buffer[0]);
        const body = buffer.subarray(5, buffer.readInt32BE(1) + 1);
        buffer = buffer.subarray(body.length + 5);
        if (type === 'p') {
          session.password = body.subarray(0, body.length - 1).toString('utf8');
          write(msg('E', Buffer.concat([cstr('SFATAL'), cstr('C28P01'), cstr('Mfake server: password recorded'), Buffer.from([0])])));
          socket.end();
        } else if (type === 'Q' && mode === 'flood-first-query') {
          flood(wire, write);
        }
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  return {
    host,
    port: (server.address() as { port: number }).port,
    sessions,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function flood(socket: Socket, write: (b: Buffer) => boolean): void {
  const field = Buffer.concat([cstr('system_identifier'), int32(0), Buffer.from([0, 0]), int32(25), Buffer.from([0xff, 0xff]), int32(-1), Buffer.from([0, 0])]);
  write(msg('T', Buffer.concat([Buffer.from([0, 1]), field])));
  const head = Buffer.alloc(11);
  head.write('D', 0, 'latin1');
  head.writeInt32BE(1_000_000_000, 1);
  head.writeInt16BE(1, 5);
  head.writeInt32BE(1_000_000_000 - 10, 7);
  write(head);
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  const pump = () => {
    while (!socket.destroyed && write(chunk));
    if (!socket.destroyed) socket.once('drain', pump);
  };
  pump();
}
