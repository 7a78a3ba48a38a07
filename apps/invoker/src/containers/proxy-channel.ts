import type { Socket } from 'node:net';

/**
 * Frame codes of the invoker ↔ proxy wire (runtimes/nodejs/proxy/frames.js): every frame is an 8-byte header (u32
 * code, u32 payload length, big-endian) and its payload. The proxy opens with HELLO carrying its token; the invoker sends
 * INIT or RUN with a JSON body; each gets one reply whose code is an HTTP status and whose payload is JSON.
 */
export const ProxyFrame = { hello: 0, init: 1, run: 2, headerBytes: 8 } as const;

/** What one proxy call produced, before the container's state is consulted. */
export type ProxyCallResult =
  | { kind: 'response'; status: number; body: string; size: number; truncated: boolean }
  | { kind: 'timeout' }
  | { kind: 'error'; error: Error };

interface PendingCall {
  resolve: (r: ProxyCallResult) => void;
  timer: NodeJS.Timeout;
  maxBytes: number;
  status?: number;
  remaining: number;
  size: number;
  kept: number;
  chunks: Buffer[];
}

/** Encodes one frame as header + payload (written together with one writev). */
export function frameHeader(code: number, length: number): Buffer {
  const header = Buffer.allocUnsafe(ProxyFrame.headerBytes);
  header.writeUInt32BE(code, 0);
  header.writeUInt32BE(length, 4);
  return header;
}

/**
 * The invoker's end of the one connection a container's proxy opened to it. One call at a time; the reply body is read
 * up to `maxBytes` and the rest only counted. The channel never reconnects: once it breaks (the connection closed, a
 * call timed out, or bytes arrived that no call asked for) every later call resolves as an error, and the container
 * behind it is to be destroyed. Timeouts are enforced here, never by the proxy.
 */
export class ProxyChannel {
  private pending?: PendingCall;
  private header = Buffer.alloc(0);
  private broken?: Error;
  private brokenListeners: ((error: Error) => void)[] = [];

  constructor(
    private readonly socket: Socket,
    leftover: Buffer = Buffer.alloc(0),
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.breakWith(error));
    socket.on('close', () => this.breakWith(new Error('the action proxy connection closed')));
    if (leftover.length > 0) this.onData(leftover);
  }

  /** False once the channel broke; a broken channel never recovers. */
  get usable(): boolean {
    return this.broken === undefined;
  }

  /**
   * Calls `listener` once when the channel breaks, whatever broke it (at once when it is broken already), so an owner
   * learns of a connection lost while no call is in flight.
   */
  onBroken(listener: (error: Error) => void): void {
    if (this.broken) listener(this.broken);
    else this.brokenListeners.push(listener);
  }

  /** Sends one INIT or RUN frame and resolves its reply, a timeout, or the error that broke the channel. */
  call(code: number, body: unknown, timeoutMs: number, maxBytes: number): Promise<ProxyCallResult> {
    if (this.broken) return Promise.resolve({ kind: 'error', error: this.broken });
    if (this.pending) return Promise.resolve({ kind: 'error', error: new Error('another call is in flight on this container') });
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.settle({ kind: 'timeout' });
        // A late reply would be taken for the next call's: the channel ends with the call.
        this.breakWith(new Error('a call to the action proxy timed out'));
      }, timeoutMs);
      this.pending = { resolve, timer, maxBytes, remaining: 0, size: 0, kept: 0, chunks: [] };
      this.socket.cork();
      this.socket.write(frameHeader(code, payload.length));
      this.socket.write(payload);
      this.socket.uncork();
    });
  }

  /** Drops the connection (the proxy then exits); pending and later calls resolve as errors. */
  close(): void {
    this.breakWith(new Error('the action proxy connection was closed by the invoker'));
  }

  private onData(chunk: Buffer): void {
    let data = chunk;
    while (data.length > 0 && !this.broken) {
      const call = this.pending;
      if (!call) {
        this.breakWith(new Error('the action proxy sent bytes no call asked for'));
        return;
      }
      if (call.status === undefined) {
        data = this.readHeader(call, data);
        continue;
      }
      const n = Math.min(call.remaining, data.length);
      const part = data.subarray(0, n);
      data = data.subarray(n);
      call.remaining -= n;
      if (call.kept < call.maxBytes) {
        const keep = part.subarray(0, call.maxBytes - call.kept);
        call.chunks.push(keep);
        call.kept += keep.length;
      }
      if (call.remaining === 0) this.complete(call);
    }
  }

  private readHeader(call: PendingCall, data: Buffer): Buffer {
    const need = ProxyFrame.headerBytes - this.header.length;
    this.header = Buffer.concat([this.header, data.subarray(0, need)]);
    const rest = data.subarray(need);
    if (this.header.length < ProxyFrame.headerBytes) return rest;
    call.status = this.header.readUInt32BE(0);
    call.size = call.remaining = this.header.readUInt32BE(4);
    this.header = Buffer.alloc(0);
    if (call.remaining === 0) this.complete(call);
    return rest;
  }

  private complete(call: PendingCall): void {
    this.settle({ kind: 'response', status: call.status ?? 0, body: Buffer.concat(call.chunks, call.kept).toString('utf8'), size: call.size, truncated: call.size > call.kept });
  }

  private settle(result: ProxyCallResult): void {
    const call = this.pending;
    if (!call) return;
    this.pending = undefined;
    clearTimeout(call.timer);
    call.resolve(result);
  }

  private breakWith(error: Error): void {
    if (this.broken) return;
    this.broken = error;
    this.settle({ kind: 'error', error });
    this.socket.destroy();
    const listeners = this.brokenListeners;
    this.brokenListeners = [];
    for (const listener of listeners) listener(error);
  }
}
