import { DockerStreamDemuxer, FRAME_HEAD_BYTES } from './docker-stream.demuxer';
import { LogCollector } from './log-collector';

const S = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';
/** The engine's line buffer: a longer line is written as several messages, each with its own timestamp. */
const ENGINE_PIECE = 16 * 1024;
const ts = (n: number) => `2026-11-28T08:06:58.7469649${String(n).padStart(2, '0')}Z`;
const MARKER = /stderr: Logs were truncated because the total bytes size exceeds the limit of \d+ bytes\.$/;

function frame(type: 1 | 2, payload: string): Buffer {
  const body = Buffer.from(payload);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

/** What `GET /containers/{id}/logs?timestamps=1` sends for `text` (one line): a frame per 16 KB message, each stamped. */
function engineLine(type: 1 | 2, text: string, newline = true): Buffer[] {
  const frames: Buffer[] = [];
  for (let at = 0, n = 0; at < text.length || n === 0; at += ENGINE_PIECE, n++) {
    const last = at + ENGINE_PIECE >= text.length;
    frames.push(frame(type, `${ts(n)} ${text.slice(at, at + ENGINE_PIECE)}${last && newline ? '\n' : ''}`));
  }
  return frames;
}

/**
 * Feeds `bytes` to a collector in chunks of `size`, as a socket might cut them, through **one reused buffer** as the
 * log reader does: each chunk is overwritten with junk right after `write`, so a view the collector kept would show it.
 */
function feed(c: LogCollector, bytes: Buffer, size: number): void {
  const reused = Buffer.alloc(Math.min(size, bytes.length));
  for (let at = 0; at < bytes.length; at += size) {
    const n = bytes.copy(reused, 0, at, at + size);
    c.write(reused.subarray(0, n));
    reused.fill(0xff);
  }
}

const sentinels = () => [...engineLine(1, S), ...engineLine(2, S)];

describe('Docker log frames through the demuxer and the collector', () => {
  it('marks the first piece of each frame, which holds the frame head however the chunks are cut', () => {
    const bytes = Buffer.concat([frame(1, `${ts(1)} ${'a'.repeat(100)}`), frame(2, 'short'), frame(1, `${ts(2)} b`)]);
    for (const size of [1, 5, 9, 39, 41, bytes.length]) {
      const starts: string[] = [];
      const demuxer = new DockerStreamDemuxer((_stream, piece, frameStart) => frameStart && starts.push(piece.toString()));
      for (let at = 0; at < bytes.length; at += size) demuxer.write(bytes.subarray(at, at + size));
      expect(starts).toEqual([`${ts(1)} ${'a'.repeat(FRAME_HEAD_BYTES - ts(1).length - 1)}`, 'short', `${ts(2)} b`]);
    }
  });

  it.each([1, 7, 31, 4096, 65536])('keeps a long line clean of the timestamps of its 16 KB pieces (chunks of %i bytes)', async (size) => {
    const text = Array.from({ length: 50_000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    const c = new LogCollector();
    feed(c, Buffer.concat([...engineLine(1, text), ...sentinels()]), size);
    const logs = await c.collect({ limitBytes: 1_000_000, waitForSentinels: true });
    expect(logs).toEqual({ lines: [`${ts(0)} stdout: ${text}`], truncated: false });
  });

  it('keeps the head of an over-long line clean when the limit spans several pieces', async () => {
    const limit = 40_000;
    const c = new LogCollector(limit);
    feed(c, Buffer.concat([...engineLine(2, 'y'.repeat(200_000)), ...sentinels()]), 65536);
    const logs = await c.collect({ limitBytes: limit, waitForSentinels: true });
    expect(logs.lines).toHaveLength(2);
    expect(logs.lines[0]).toBe(`${ts(0)} stderr: ${'y'.repeat(limit - 1)}`);
    expect(logs.lines[1]).toMatch(MARKER);
  });

  it('sees a sentinel glued to an unterminated line even when a piece boundary cuts it in two', async () => {
    const text = 'z'.repeat(3 * ENGINE_PIECE - 10);
    const c = new LogCollector();
    feed(c, Buffer.concat([...engineLine(1, `${text}${S}`), ...engineLine(2, S), ...engineLine(1, 'next'), ...sentinels()]), 8192);
    expect(await c.collect({ limitBytes: 1_000_000, waitForSentinels: true, waitMs: 200 })).toEqual({ lines: [`${ts(0)} stdout: ${text}`], truncated: false });
    expect(await c.collect({ limitBytes: 1_000_000, waitForSentinels: true, waitMs: 200 })).toEqual({ lines: [`${ts(0)} stdout: next`], truncated: false });
  });

  it('keeps text that looks like a timestamp when it starts a piece of a line that is not continued from a frame', async () => {
    const c = new LogCollector();
    c.push('stdout', `${ts(1)} head `);
    c.push('stdout', `${ts(2)} still text\n`);
    c.push('stdout', `${ts(3)} ${S}\n`);
    c.push('stderr', `${ts(3)} ${S}\n`);
    expect((await c.collect({ limitBytes: 1000, waitForSentinels: true })).lines).toEqual([`${ts(1)} stdout: head ${ts(2)} still text`]);
  });
});
