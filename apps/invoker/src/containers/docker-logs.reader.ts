import { connect, Socket } from 'node:net';
import { ChunkedDecoder } from './http-chunked.decoder';

/** Where a container's log bytes go. A chunk is valid only during `write` (the reader reuses its buffer). */
export interface LogSink {
  write(chunk: Buffer): void;
  /** The stream ended (the container stopped, the connection broke, or the reader was stopped). Idempotent. */
  end(): void;
}

/** One read buffer per followed container: every socket read lands here, none allocates. */
const READ_BUFFER_BYTES = 64 * 1024;
/** The engine's response head is a few hundred bytes. */
const MAX_HEAD_BYTES = 8 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Follows one container's multiplexed output (`GET /containers/{id}/logs?follow=1&stdout=1&stderr=1&timestamps=1`) over
 * the engine's unix socket, reading into **one buffer for the container's whole life** (`net` `onread`). An HTTP
 * client allocates a fresh buffer per socket read, so a 100 MB log flood costs 100 MB of garbage; here a flood costs
 * nothing beyond what the sink keeps (the log collector copies only what it keeps, within the activation's limit).
 * dockerode serves every other engine call; only this endless, hot stream gets its own small HTTP/1.1 reader.
 */
export class DockerLogsReader {
  private socket?: Socket;
  /** The response head while it arrives; dropped once read. */
  private head?: Buffer;
  private headFill = 0;
  /** Set once the head said `Transfer-Encoding: chunked`; otherwise the body runs until the connection closes. */
  private decoder?: ChunkedDecoder;
  private sink?: LogSink;
  private settle?: (error?: Error) => void;
  private finished = false;

  constructor(
    private readonly dockerSocket: string,
    private readonly containerId: string,
  ) {}

  /** Starts following; resolves once the engine accepted the request, rejects when it refused or was unreachable. */
  follow(sink: LogSink): Promise<void> {
    this.sink = sink;
    this.head = Buffer.alloc(MAX_HEAD_BYTES);
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    return new Promise<void>((resolve, reject) => {
      this.settle = (error) => {
        this.settle = undefined;
        if (error) reject(error);
        else resolve();
      };
      const socket = connect({ path: this.dockerSocket, onread: { buffer, callback: (n) => this.onRead(buffer, n) } });
      this.socket = socket;
      socket.on('connect', () => socket.write(this.request()));
      socket.on('error', (e) => this.finish(e));
      socket.on('close', () => this.finish(new Error(`the engine closed the log stream of ${this.containerId} before answering`)));
    });
  }

  /** Stops following (idempotent); the sink is ended. */
  stop(): void {
    this.finish(new Error('the log stream was stopped before the engine answered'));
  }

  private request(): string {
    const path = `/containers/${encodeURIComponent(this.containerId)}/logs?follow=1&stdout=1&stderr=1&timestamps=1`;
    return `GET ${path} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n`;
  }

  private onRead(buf: Buffer, n: number): boolean {
    try {
      let bytes = buf.subarray(0, n);
      if (this.head) bytes = this.readHead(bytes);
      if (this.head || bytes.length === 0 || this.finished) return true;
      if (!this.decoder) this.sink!.write(bytes);
      else {
        this.decoder.write(bytes);
        if (this.decoder.done) this.finish();
      }
    } catch (e) {
      this.finish(e as Error);
    }
    return true;
  }

  /** Gathers the response head; returns the bytes of this read that follow it (none while it is incomplete). */
  private readHead(bytes: Buffer): Buffer {
    const head = this.head!;
    const before = this.headFill;
    const take = Math.min(bytes.length, head.length - before);
    bytes.copy(head, before, 0, take);
    this.headFill += take;
    const end = head.subarray(0, this.headFill).indexOf(HEAD_END, Math.max(0, before - HEAD_END.length + 1));
    if (end < 0) {
      if (this.headFill === head.length) throw new Error('the engine sent a response head larger than 8 KB');
      return bytes.subarray(bytes.length);
    }
    const text = head.toString('latin1', 0, end);
    this.head = undefined;
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
    const rest = bytes.subarray(end + HEAD_END.length - before);
    if (status !== '200') throw new Error(`the engine refused the log stream of ${this.containerId}: ${text.split('\r\n')[0]} ${rest.toString('utf8', 0, 200).trim()}`);
    if (/^transfer-encoding:[^\r]*\bchunked\b/im.test(text)) this.decoder = new ChunkedDecoder((piece) => this.sink!.write(piece));
    this.settle?.();
    return rest;
  }

  /** Ends once: a failure before the head rejects `follow`; afterwards the sink is ended either way. */
  private finish(error?: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.head = undefined;
    this.socket?.destroy();
    if (this.settle) this.settle(error ?? new Error(`the log stream of ${this.containerId} ended before the engine answered`));
    this.sink?.end();
  }
}
