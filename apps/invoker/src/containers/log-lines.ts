/** The line the action proxy writes on stdout and stderr after each activation (and after a failed init). */
export const ACTIVATION_SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';

/** Which output stream a line came from. */
export type LogStream = 'stdout' | 'stderr';

/** One line as Docker delivered it, timestamp split off. */
export interface LogLine {
  /** Docker's RFC3339Nano timestamp, as given (trailing zeros trimmed, hence variable length). */
  time: string;
  stream: LogStream;
  text: string;
}

/** OpenWhisk's texts for lines the invoker adds itself. */
export const LogNotices = {
  truncated: (limitBytes: number) => `Logs were truncated because the total bytes size exceeds the limit of ${limitBytes} bytes.`,
  collectionFailed: 'There was an issue while collecting your logs. Data might be missing.',
  developerError: 'The action did not initialize or run as expected. Log data might be missing.',
} as const;

/** Docker's RFC3339Nano timestamp, as `--timestamps` puts it before each message. */
const DOCKER_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
/** The longest timestamp prefix and its space (`2006-01-02T15:04:05.999999999+07:00 `). */
const MAX_STAMP_BYTES = 36;

/**
 * Length of the `<timestamp> ` that starts `bytes` (a log message of the engine), or 0 when it starts with none.
 * Only the first bytes are read.
 */
export function timestampPrefixLength(bytes: Buffer): number {
  const head = bytes.toString('latin1', 0, Math.min(bytes.length, MAX_STAMP_BYTES));
  const space = head.indexOf(' ');
  return space > 0 && DOCKER_TIME.test(head.slice(0, space)) ? space + 1 : 0;
}

/**
 * Splits one line of `docker logs --timestamps` output (`<RFC3339Nano> <text>`) into time and text.
 * A line without a parsable timestamp keeps the whole line as text and gets `fallbackTime`.
 */
export function parseDockerLine(raw: string, stream: LogStream, fallbackTime: string): LogLine {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const space = line.indexOf(' ');
  const head = space > 0 ? line.slice(0, space) : line;
  if (DOCKER_TIME.test(head)) {
    return { time: head, stream, text: space > 0 ? line.slice(space + 1) : '' };
  }
  return { time: fallbackTime, stream, text: line };
}

/** True when the line is the end-of-activation marker. */
export function isSentinel(line: LogLine): boolean {
  return line.text.trim() === ACTIVATION_SENTINEL;
}

/** OpenWhisk's `LogLine.toFormattedString`: `f"$time%-30s $stream: ${log.trim}"`. */
export function formatLogLine(line: LogLine): string {
  return `${line.time.padEnd(30)} ${line.stream}: ${line.text.trim()}`;
}

/** A sortable key for an RFC3339Nano UTC timestamp (fraction padded to nanoseconds). */
export function timeSortKey(time: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(time);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}` : time;
}

/** Merges per-stream line lists into one list ordered by timestamp (stable: stdout before stderr on ties). */
export function mergeByTime(...streams: LogLine[][]): LogLine[] {
  const all = streams.flatMap((lines, s) => lines.map((line, i) => ({ line, key: timeSortKey(line.time), s, i })));
  all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.s - b.s || a.i - b.i));
  return all.map((x) => x.line);
}

/**
 * Formats lines under OpenWhisk's log limit: text bytes (plus one per newline) are counted until the limit; past it the
 * rest is dropped and a stderr notice ends the list. `alreadyTruncated` (the collector dropped lines itself) forces
 * the notice.
 */
export function formatWithLimit(lines: LogLine[], limitBytes: number, now: string, alreadyTruncated = false): { lines: string[]; truncated: boolean } {
  const out: string[] = [];
  let used = 0;
  let truncated = alreadyTruncated;
  for (const line of lines) {
    const size = Buffer.byteLength(line.text, 'utf8') + 1;
    if (used + size > limitBytes) {
      // The line that crosses the limit keeps its head (OpenWhisk cuts the bytes, not whole lines).
      const room = limitBytes - used - 1;
      if (room > 0) out.push(formatLogLine({ ...line, text: utf8Head(line.text, room) }));
      truncated = true;
      break;
    }
    used += size;
    out.push(formatLogLine(line));
  }
  if (truncated) out.push(formatLogLine({ time: now, stream: 'stderr', text: LogNotices.truncated(limitBytes) }));
  return { lines: out, truncated };
}

/**
 * The longest prefix of `text` that is at most `maxBytes` of UTF-8, never splitting a character. Only the prefix is
 * encoded, and an ASCII text is cut without encoding at all: the head of a flooded line is a log limit long.
 */
export function utf8Head(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text;
  const size = Buffer.byteLength(text, 'utf8');
  if (size <= maxBytes) return text;
  if (size === text.length) return text.slice(0, Math.max(0, maxBytes));
  // Each UTF-16 unit takes at least one byte, so the first `maxBytes` units hold the answer.
  const bytes = Buffer.from(text.slice(0, Math.max(0, maxBytes)), 'utf8');
  let end = Math.max(0, maxBytes);
  // Step back off continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** Docker-style timestamp of now (`Date` has millisecond precision; the format stays RFC3339). */
export function nowTimestamp(): string {
  return new Date().toISOString();
}
