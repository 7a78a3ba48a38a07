import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { FeedLimitError } from './feed-connector';
import type { ReceiveGuard } from './receive-guard';

/**
 * A feed connection's socket as its library sees it: a stream over the real one whose every received chunk passes
 * the guards first. It is a plain Duplex on purpose: a library that layers TLS on it (pg's `sslmode`) then reads
 * through it, whereas TLS over the real socket would read the socket's handle directly and skip any hook on it.
 * `connect`, `setNoDelay`, `setKeepAlive`, `ref` and `unref` go to the real socket (whose `connect` dials only the
 * vetted address).
 */
export class GuardedSocket extends Duplex {
  constructor(
    private readonly inner: Socket,
    private readonly guards: ReceiveGuard[],
  ) {
    super({ allowHalfOpen: false });
    inner.on('data', (chunk: Buffer) => this.receive(chunk));
    inner.on('end', () => this.push(null));
    inner.on('connect', () => this.emit('connect'));
    inner.on('secureConnect', () => this.emit('secureConnect'));
    inner.on('error', (e: Error) => this.destroy(e));
    inner.on('close', () => this.destroy());
  }

  connect(...args: unknown[]): this {
    (this.inner.connect as (...a: unknown[]) => Socket)(...args);
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    this.inner.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable?: boolean, initialDelay?: number): this {
    this.inner.setKeepAlive(enable, initialDelay);
    return this;
  }

  ref(): this {
    this.inner.ref();
    return this;
  }

  unref(): this {
    this.inner.unref();
    return this;
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.inner.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.inner.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner.destroy();
    callback(error);
  }

  private receive(chunk: Buffer): void {
    for (const guard of this.guards) {
      const refusal = guard.inspect(chunk);
      if (refusal !== undefined) {
        this.destroy(new FeedLimitError(refusal));
        return;
      }
    }
    if (!this.push(chunk)) this.inner.pause();
  }
}
