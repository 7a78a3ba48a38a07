import { timingSafeEqual } from 'node:crypto';
import { chmod } from 'node:fs/promises';
import { createServer, Server, Socket } from 'node:net';
import { ProxyChannel, ProxyFrame } from './proxy-channel';

/** Thrown by {@link ProxyListener.accept} when the proxy never connected. */
export class ProxyNotReadyError extends Error {}

/** A HELLO is a header and a token of a few dozen bytes; anything longer is not a proxy. */
const MAX_HELLO_BYTES = ProxyFrame.headerBytes + 256;
const ALIVE_CHECK_MS = 500;
/** A connection that has not said HELLO by then is dropped. */
const HELLO_TIMEOUT_MS = 5_000;

/**
 * The invoker's side of the reverse connection: a unix socket the invoker listens on in a directory it owns, which the
 * container sees read-only. The first connection that opens with HELLO and the container's token becomes the
 * {@link ProxyChannel}; the listener then closes (Node unlinks the socket file), so nothing can connect afterwards, not
 * even the same proxy. Connections without the token are dropped. The invoker never resolves a path the action can write.
 */
export class ProxyListener {
  private waiting?: (error?: Error, channel?: ProxyChannel) => void;
  private channel?: ProxyChannel;

  private constructor(
    private readonly server: Server,
    private readonly token: Buffer,
  ) {
    server.on('connection', (socket) => this.screen(socket));
  }

  /** Listens on `socketPath` (mode 0666: the container's unprivileged user must be able to connect). */
  static async open(socketPath: string, token: string): Promise<ProxyListener> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const listener = new ProxyListener(server, Buffer.from(token, 'utf8'));
    try {
      await chmod(socketPath, 0o666);
    } catch (e) {
      listener.close();
      throw e;
    }
    return listener;
  }

  /**
   * Resolves the channel of the proxy, bounded by `timeoutMs`. `alive` is consulted now and then so a container that
   * exited before its proxy connected fails fast.
   */
  accept(timeoutMs: number, alive?: () => Promise<boolean>): Promise<ProxyChannel> {
    if (this.channel) return Promise.resolve(this.channel);
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const finish = (error?: Error, channel?: ProxyChannel) => {
        clearInterval(timer);
        this.waiting = undefined;
        if (error) reject(error);
        else resolve(channel!);
      };
      const timer = setInterval(async () => {
        if (Date.now() - started > timeoutMs) finish(new ProxyNotReadyError(`the action proxy did not connect within ${timeoutMs} ms`));
        else if (alive && !(await alive()) && this.waiting === finish) finish(new ProxyNotReadyError('the action container exited before its proxy connected'));
      }, Math.min(ALIVE_CHECK_MS, timeoutMs));
      this.waiting = finish;
    });
  }

  /** Stops listening (idempotent); the socket file goes with it. An accepted channel stays open; a pending accept fails. */
  close(): void {
    if (this.server.listening) this.server.close();
    this.waiting?.(new ProxyNotReadyError('the listener was closed before the action proxy connected'));
  }

  private screen(socket: Socket): void {
    if (this.channel) {
      socket.destroy();
      return;
    }
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length > MAX_HELLO_BYTES) return socket.destroy();
      if (received.length < ProxyFrame.headerBytes) return;
      const length = received.readUInt32BE(4);
      if (received.readUInt32BE(0) !== ProxyFrame.hello || length > MAX_HELLO_BYTES) return socket.destroy();
      if (received.length < ProxyFrame.headerBytes + length) return;
      socket.off('data', onData);
      socket.setTimeout(0);
      const token = received.subarray(ProxyFrame.headerBytes, ProxyFrame.headerBytes + length);
      if (this.channel || !this.isToken(token)) return socket.destroy();
      this.channel = new ProxyChannel(socket, received.subarray(ProxyFrame.headerBytes + length));
      if (this.server.listening) this.server.close();
      this.waiting?.(undefined, this.channel);
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
    socket.setTimeout(HELLO_TIMEOUT_MS, () => socket.destroy());
  }

  private isToken(candidate: Buffer): boolean {
    return candidate.length === this.token.length && timingSafeEqual(candidate, this.token);
  }
}
