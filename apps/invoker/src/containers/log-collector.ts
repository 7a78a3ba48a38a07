import { SystemLimits } from '@wisp/core';
import type { CollectedLogs } from './container-factory';
import type { LogSink } from './docker-logs.reader';
import { DockerStreamDemuxer } from './docker-stream.demuxer';
import { ACTIVATION_SENTINEL, formatLogLine, formatWithLimit, isSentinel, LogLine, LogNotices, LogStream, mergeByTime, nowTimestamp, parseDockerLine, timestampPrefixLength, utf8Head } from './log-lines';

/** How long a finished activation may wait for its sentinels with no output arriving (OpenWhisk waits 2 s as well). */
const SENTINEL_WAIT_MS = 2000;
/** While output keeps arriving (the engine is still delivering a flood) the wait goes on, up to this in all. */
const SENTINEL_MAX_WAIT_MS = 30_000;
/** How long a crashed or timed-out container's last lines may take to drain from the engine. */
const CRASH_DRAIN_MS = 100;
/** Until the first collection names the action's limit, a container is held to the largest limit an action may have. */
const DEFAULT_LIMIT_BYTES = SystemLimits.logs.max * 1024 * 1024;
/**
 * Bytes an unfinished line may hold beyond its activation's remaining budget: room for Docker's timestamp and the
 * sentinel, so the end of an activation is still recognised after its budget is spent.
 */
export const LINE_HEAD_ROOM = 128;
/** Enough of a line's end to hold the sentinel and a carriage return. */
const TAIL_BYTES = ACTIVATION_SENTINEL.length + 2;

/** One output stream of the container. */
interface StreamState {
  /** Complete lines (sentinels included) not yet collected. */
  queue: LogLine[];
  /** Sentinels in `queue`. */
  sentinels: number;
  /** Index of the activation the next incoming line belongs to (one more per sentinel seen). */
  gen: number;
  /** Head of the unfinished line, at most its activation's remaining budget plus {@link LINE_HEAD_ROOM}. */
  pending: Buffer[];
  pendingBytes: number;
  /** Bytes of the unfinished line past its head: counted, never held. */
  pendingDropped: number;
  /** The last {@link TAIL_BYTES} of the unfinished line once it outgrew its head (first `tailFill` bytes). */
  tail: Buffer;
  tailFill: number;
}

/** What one activation's kept lines cost (text bytes plus one per line, as the limit counts them). */
interface Budget {
  used: number;
  dropped: number;
}

/**
 * Follows one container's output from its start and cuts it into activations at the sentinels.
 * Fed by the container's log reader from its start, so the warm path never opens a log request.
 *
 * Memory is bounded per container whatever the action writes: each activation keeps at most its log limit of text
 * (stdout and stderr together, partial lines included); the rest is counted and dropped, and the collection ends with
 * OpenWhisk's truncation notice. A line longer than what is left keeps its head. Work per byte is constant: a chunk is
 * scanned once, never re-joined with what came before.
 */
export class LogCollector implements LogSink {
  private readonly streams: Record<LogStream, StreamState> = { stdout: newStream(), stderr: newStream() };
  private readonly budgets = new Map<number, Budget>();
  /** Index of the activation the next `collect` returns. */
  private next = 0;
  private dropped = 0;
  /** Bytes pushed so far: a wait for sentinels goes on while this grows. */
  private bytesSeen = 0;
  private ended = false;
  private wake: (() => void)[] = [];
  private readonly demuxer = new DockerStreamDemuxer((stream, piece, frameStart) => this.push(stream, piece, frameStart));

  /** @param limitBytes log limit of the activations to come; each `collect` replaces it with the action's own. */
  constructor(private limitBytes = DEFAULT_LIMIT_BYTES) {}

  /**
   * Holds the activations to come to `limitBytes` of text (the action's log limit, known at `/init`), so even the first
   * activation of a container keeps no more than its own limit while it runs.
   */
  holdTo(limitBytes: number): void {
    this.limitBytes = limitBytes;
  }

  /**
   * Feeds a chunk of the engine's multiplexed log stream (`follow`, `timestamps`). The chunk is read during the call
   * only (what is kept is copied), so the caller may reuse its buffer. The collector is done when `end` is called.
   */
  write(chunk: Buffer): void {
    if (!this.ended) this.demuxer.write(chunk);
  }

  /**
   * Feeds raw bytes of one stream (exposed for tests and non-Docker backends). `messageStart`: the bytes begin one
   * log message of the engine (a frame), which starts with its timestamp. The engine cuts a long line into 16 KB
   * messages; the timestamps of the pieces after the first are dropped here, so a line's text stays what the action
   * wrote (and a sentinel cut in two is still seen).
   */
  push(stream: LogStream, chunk: Buffer | string, messageStart = false): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const s = this.streams[stream];
    this.bytesSeen += bytes.length;
    let completed = false;
    let at = messageStart && s.pendingBytes + s.pendingDropped > 0 ? timestampPrefixLength(bytes) : 0;
    while (at < bytes.length) {
      const newline = bytes.indexOf(10, at);
      const end = newline < 0 ? bytes.length : newline;
      this.appendPending(s, bytes, at, end);
      if (newline < 0) break;
      this.finishLine(stream);
      completed = true;
      at = newline + 1;
    }
    if (completed) this.notify();
  }

  /** Marks the stream as finished (the container stopped or is going away); pending partial lines become lines. */
  end(): void {
    if (this.ended) return;
    for (const stream of ['stdout', 'stderr'] as const) if (this.streams[stream].pendingBytes + this.streams[stream].pendingDropped > 0) this.finishLine(stream);
    this.ended = true;
    this.notify();
  }

  /** Bytes of log text held right now (lines not yet collected plus unfinished lines); for tests and metrics. */
  get heldBytes(): number {
    let held = 0;
    for (const s of Object.values(this.streams)) {
      held += s.pendingBytes;
      for (const line of s.queue) held += Buffer.byteLength(line.text, 'utf8');
    }
    return held;
  }

  /** Bytes the action wrote that were counted and dropped, over all activations so far; for tests and metrics. */
  get droppedBytes(): number {
    return this.dropped + this.streams.stdout.pendingDropped + this.streams.stderr.pendingDropped;
  }

  /**
   * Returns the lines of the activation that just ended. With `waitForSentinels` it waits (bounded) until both
   * streams delivered their sentinel; without (crash, timeout) it drains briefly and takes whatever arrived.
   */
  async collect(options: { limitBytes: number; waitForSentinels: boolean; waitMs?: number }): Promise<CollectedLogs> {
    const complete = () => this.ended || (this.streams.stdout.sentinels > 0 && this.streams.stderr.sentinels > 0);
    if (options.waitForSentinels) await this.waitWhileArriving(complete, options.waitMs ?? SENTINEL_WAIT_MS);
    else await this.waitUntil(complete, Math.min(options.waitMs ?? CRASH_DRAIN_MS, CRASH_DRAIN_MS));
    const sawBoth = this.streams.stdout.sentinels > 0 && this.streams.stderr.sentinels > 0;
    const taken = mergeByTime(this.take('stdout', options.waitForSentinels), this.take('stderr', options.waitForSentinels));
    const budget = this.budgets.get(this.next);
    this.budgets.delete(this.next);
    let dropped = budget?.dropped ?? 0;
    // A line of this activation still unfinished (no sentinel came) may already have overflowed.
    for (const st of Object.values(this.streams)) if (st.gen === this.next) dropped += st.pendingDropped;
    this.next++;
    // A stream that gave no sentinel (timeout, crash) starts the next activation now, not at a late sentinel.
    for (const s of Object.values(this.streams)) s.gen = Math.max(s.gen, this.next);
    this.limitBytes = options.limitBytes;
    const now = nowTimestamp();
    const result = formatWithLimit(taken, options.limitBytes, now, dropped > 0);
    if (!result.truncated) {
      if (!options.waitForSentinels) result.lines.push(formatLogLine({ time: now, stream: 'stderr', text: LogNotices.developerError }));
      else if (!sawBoth) result.lines.push(formatLogLine({ time: now, stream: 'stderr', text: LogNotices.collectionFailed }));
    }
    return result;
  }

  private take(stream: LogStream, upToSentinel: boolean): LogLine[] {
    const s = this.streams[stream];
    let cut = s.queue.length;
    let skip = 0;
    if (s.sentinels > 0) {
      cut = s.queue.findIndex(isSentinel);
      skip = 1;
      s.sentinels--;
    } else if (!upToSentinel && s.pendingBytes + s.pendingDropped > 0) {
      // A crashed or timed-out action may have left half a line; it belongs to this activation.
      this.finishLine(stream);
      cut = s.queue.length;
    }
    return s.queue.splice(0, cut + skip).slice(0, cut);
  }

  /** Adds bytes `[from, to)` of `bytes` to the unfinished line: its head while there is room, otherwise only counted. */
  private appendPending(s: StreamState, bytes: Buffer, from: number, to: number): void {
    const room = Math.max(0, this.left(s.gen, s) + LINE_HEAD_ROOM - s.pendingBytes);
    const keep = Math.min(room, to - from);
    if (keep > 0) {
      // A copy: a view would pin the engine's whole chunk.
      s.pending.push(Buffer.from(bytes.subarray(from, from + keep)));
      s.pendingBytes += keep;
    }
    s.pendingDropped += to - from - keep;
    // Past the head only the last bytes are kept (in place, no allocation), to see a sentinel glued to the end of a long line.
    if (s.pendingDropped > 0 && to > from) {
      const n = Math.min(to - from, TAIL_BYTES);
      const keepOld = Math.min(s.tailFill, TAIL_BYTES - n);
      s.tail.copyWithin(0, s.tailFill - keepOld, s.tailFill);
      bytes.copy(s.tail, keepOld, to - n, to);
      s.tailFill = keepOld + n;
    }
  }

  private finishLine(stream: LogStream): void {
    const s = this.streams[stream];
    const raw = Buffer.concat(s.pending, s.pendingBytes).toString('utf8');
    const dropped = s.pendingDropped;
    s.pending = [];
    s.pendingBytes = 0;
    s.pendingDropped = 0;
    const tail = s.tail.toString('latin1', 0, s.tailFill).trimEnd();
    s.tailFill = 0;
    const line = parseDockerLine(raw, stream, nowTimestamp());
    if (dropped === 0 && isSentinel(line)) return this.addSentinel(s, line);
    // An action that ends its output without a newline gets the proxy's sentinel glued to its last line.
    if (!(dropped === 0 ? line.text.trimEnd() : tail).endsWith(ACTIVATION_SENTINEL)) return this.admit(s, line, dropped);
    const at = line.text.lastIndexOf(ACTIVATION_SENTINEL);
    const inHead = at >= 0 && line.text.slice(at + ACTIVATION_SENTINEL.length).trim() === '';
    this.admit(s, inHead ? { ...line, text: line.text.slice(0, at) } : line, inHead ? dropped : Math.max(0, dropped - ACTIVATION_SENTINEL.length));
    this.addSentinel(s, { ...line, text: ACTIVATION_SENTINEL });
  }

  private addSentinel(s: StreamState, line: LogLine): void {
    s.queue.push(line);
    s.sentinels++;
    s.gen++;
  }

  /** Queues a line of activation `s.gen` within its budget: whole, or its head, or only counted. */
  private admit(s: StreamState, line: LogLine, dropped: number): void {
    const budget = this.budget(s.gen);
    const size = Buffer.byteLength(line.text, 'utf8');
    const room = this.left(s.gen, s) - 1;
    const text = dropped === 0 && size <= room ? line.text : room > 0 ? utf8Head(line.text, room) : undefined;
    const kept = text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
    if (text !== undefined) {
      s.queue.push({ ...line, text });
      budget.used += kept + 1;
    }
    const lost = size - kept + dropped;
    budget.dropped += lost;
    this.dropped += lost;
  }

  /**
   * Bytes of text the activation `gen` may still keep, for stream `own`: lines kept so far count, and so does what the
   * other stream's unfinished line of the same activation holds beyond its head room.
   */
  private left(gen: number, own: StreamState): number {
    let held = this.budgets.get(gen)?.used ?? 0;
    for (const s of Object.values(this.streams)) if (s !== own && s.gen === gen) held += Math.max(0, s.pendingBytes - LINE_HEAD_ROOM);
    return Math.max(0, this.limitBytes - held);
  }

  private budget(gen: number): Budget {
    let b = this.budgets.get(gen);
    if (!b) this.budgets.set(gen, (b = { used: 0, dropped: 0 }));
    return b;
  }

  private notify(): void {
    const waiting = this.wake;
    this.wake = [];
    for (const w of waiting) w();
  }

  /** Waits for `done`, giving up after `quietMs` without new output (and after {@link SENTINEL_MAX_WAIT_MS} in all). */
  private async waitWhileArriving(done: () => boolean, quietMs: number): Promise<void> {
    const deadline = Date.now() + Math.max(quietMs, SENTINEL_MAX_WAIT_MS);
    for (;;) {
      const seen = this.bytesSeen;
      await this.waitUntil(done, Math.min(quietMs, deadline - Date.now()));
      if (done() || this.bytesSeen === seen || Date.now() >= deadline) return;
    }
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

function newStream(): StreamState {
  return { queue: [], sentinels: 0, gen: 0, pending: [], pendingBytes: 0, pendingDropped: 0, tail: Buffer.alloc(TAIL_BYTES), tailFill: 0 };
}
