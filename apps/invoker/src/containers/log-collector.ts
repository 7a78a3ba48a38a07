import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import type { CollectedLogs } from './container-factory';
import { formatLogLine, formatWithLimit, isSentinel, LogLine, LogNotices, LogStream, mergeByTime, nowTimestamp, parseDockerLine } from './log-lines';

/** How long a finished activation may wait for its sentinels (OpenWhisk waits 2 s as well). */
const SENTINEL_WAIT_MS = 2000;
/** How long a crashed or timed-out container's last lines may take to drain from the engine. */
const CRASH_DRAIN_MS = 100;
/** Upper bound of text held between two collections; past it lines are dropped and the logs marked truncated. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * Follows one container's output from its start and cuts it into activations at the sentinels.
 * Attached once when the container starts, so the warm path never opens a log request.
 */
export class LogCollector {
  private readonly lines: Record<LogStream, LogLine[]> = { stdout: [], stderr: [] };
  private readonly partial: Record<LogStream, string> = { stdout: '', stderr: '' };
  private readonly decoders: Record<LogStream, StringDecoder> = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private readonly sentinels: Record<LogStream, number> = { stdout: 0, stderr: 0 };
  private buffered = 0;
  private overflowed = false;
  private ended = false;
  private wake: (() => void)[] = [];
  private source?: NodeJS.ReadableStream;

  constructor(private readonly maxBufferedBytes = MAX_BUFFERED_BYTES) {}

  /**
   * Attaches to a multiplexed Docker log stream (`follow`, `timestamps`) using the engine client's demuxer.
   * The collector is done when the stream ends (the container stopped) or `detach` is called.
   */
  attach(source: NodeJS.ReadableStream, demux: (source: NodeJS.ReadableStream, stdout: Writable, stderr: Writable) => void): this {
    this.source = source;
    const sink = (stream: LogStream) =>
      new Writable({
        write: (chunk: Buffer, _enc, done) => {
          this.push(stream, chunk);
          done();
        },
      });
    demux(source, sink('stdout'), sink('stderr'));
    source.on('end', () => this.end());
    source.on('close', () => this.end());
    source.on('error', () => this.end());
    return this;
  }

  /** Feeds raw bytes of one stream (exposed for tests and non-Docker backends). */
  push(stream: LogStream, chunk: Buffer | string): void {
    const text = this.partial[stream] + (typeof chunk === 'string' ? chunk : this.decoders[stream].write(chunk));
    const parts = text.split('\n');
    this.partial[stream] = parts.pop() ?? '';
    if (parts.length === 0) return;
    for (const raw of parts) this.addLine(parseDockerLine(raw, stream, nowTimestamp()));
    this.notify();
  }

  /** Marks the source as finished; pending partial lines become lines. */
  end(): void {
    if (this.ended) return;
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.partial[stream] + this.decoders[stream].end();
      this.partial[stream] = '';
      if (rest.length > 0) this.addLine(parseDockerLine(rest, stream, nowTimestamp()));
    }
    this.ended = true;
    this.notify();
  }

  /** Stops following (the container is going away). */
  detach(): void {
    const source = this.source as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    this.source = undefined;
    source?.destroy?.();
    this.end();
  }

  /**
   * Returns the lines of the activation that just ended. With `waitForSentinels` it waits (bounded) until both
   * streams delivered their sentinel; without (crash, timeout) it drains briefly and takes whatever arrived.
   */
  async collect(options: { limitBytes: number; waitForSentinels: boolean; waitMs?: number }): Promise<CollectedLogs> {
    const complete = () => this.ended || (this.sentinels.stdout > 0 && this.sentinels.stderr > 0);
    await this.waitUntil(complete, options.waitForSentinels ? (options.waitMs ?? SENTINEL_WAIT_MS) : Math.min(options.waitMs ?? CRASH_DRAIN_MS, CRASH_DRAIN_MS));
    const sawBoth = this.sentinels.stdout > 0 && this.sentinels.stderr > 0;
    const taken = mergeByTime(this.take('stdout', options.waitForSentinels), this.take('stderr', options.waitForSentinels));
    const overflowed = this.overflowed;
    this.overflowed = false;
    const now = nowTimestamp();
    const result = formatWithLimit(taken, options.limitBytes, now, overflowed);
    if (!result.truncated) {
      if (!options.waitForSentinels) result.lines.push(formatLogLine({ time: now, stream: 'stderr', text: LogNotices.developerError }));
      else if (!sawBoth) result.lines.push(formatLogLine({ time: now, stream: 'stderr', text: LogNotices.collectionFailed }));
    }
    return result;
  }

  private take(stream: LogStream, upToSentinel: boolean): LogLine[] {
    const queue = this.lines[stream];
    let cut = queue.length;
    let skip = 0;
    if (this.sentinels[stream] > 0) {
      cut = queue.findIndex(isSentinel);
      skip = 1;
      this.sentinels[stream]--;
    } else if (!upToSentinel && this.partial[stream].length > 0) {
      // A crashed or timed-out action may have left half a line; it belongs to this activation.
      queue.push(parseDockerLine(this.partial[stream], stream, nowTimestamp()));
      this.partial[stream] = '';
      cut = queue.length;
    }
    const taken = queue.splice(0, cut + skip).slice(0, cut);
    for (const line of taken) this.buffered -= line.text.length;
    return taken;
  }

  private addLine(line: LogLine): void {
    if (isSentinel(line)) {
      this.sentinels[line.stream]++;
      this.lines[line.stream].push(line);
      return;
    }
    if (this.buffered + line.text.length > this.maxBufferedBytes) {
      this.overflowed = true;
      return;
    }
    this.buffered += line.text.length;
    this.lines[line.stream].push(line);
  }

  private notify(): void {
    const waiting = this.wake;
    this.wake = [];
    for (const w of waiting) w();
  }

  private waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let settled = false;
      const finish = () => {
        settled = true;
        clearTimeout(timer);
        resolve();
      };
      const check = () => {
        if (settled) return;
        if (done()) finish();
        else this.wake.push(check);
      };
      const timer = setTimeout(finish, timeoutMs);
      this.wake.push(check);
    });
  }
}
