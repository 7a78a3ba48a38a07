import fc from 'fast-check';
import { LINE_HEAD_ROOM, LogCollector } from './log-collector';

const S = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';
const t = (n: number) => `2024-01-01T00:00:0${n}.000000001Z`;

describe('LogCollector', () => {
  it('returns the lines of one activation once both sentinels arrived, merged by time', async () => {
    const c = new LogCollector();
    c.push('stdout', `${t(1)} one\n${t(3)} three\n`);
    const pending = c.collect({ limitBytes: 1000, waitForSentinels: true, waitMs: 1000 });
    c.push('stderr', `${t(2)} two\n${t(4)} ${S}\n`);
    c.push('stdout', `${t(4)} ${S}\n${t(5)} next activation\n`);
    const logs = await pending;
    expect(logs.truncated).toBe(false);
    expect(logs.lines).toEqual([`${t(1)} stdout: one`, `${t(2)} stderr: two`, `${t(3)} stdout: three`]);
  });

  it('keeps later lines for the next activation', async () => {
    const c = new LogCollector();
    c.push('stdout', `${t(1)} a\n${t(2)} ${S}\n${t(3)} b\n${t(4)} ${S}\n`);
    c.push('stderr', `${t(2)} ${S}\n${t(4)} ${S}\n`);
    expect((await c.collect({ limitBytes: 1000, waitForSentinels: true })).lines).toEqual([`${t(1)} stdout: a`]);
    expect((await c.collect({ limitBytes: 1000, waitForSentinels: true })).lines).toEqual([`${t(3)} stdout: b`]);
  });

  it('joins lines split across chunks, including multi-byte characters', async () => {
    const c = new LogCollector();
    const bytes = Buffer.from(`${t(1)} héllo\n`);
    c.push('stdout', bytes.subarray(0, 33));
    c.push('stdout', bytes.subarray(33));
    c.push('stdout', `${t(2)} ${S}\n`);
    c.push('stderr', `${t(2)} ${S}\n`);
    expect((await c.collect({ limitBytes: 1000, waitForSentinels: true })).lines).toEqual([`${t(1)} stdout: héllo`]);
  });

  it('gives up waiting after the bound and says logs may be missing', async () => {
    const c = new LogCollector();
    c.push('stdout', `${t(1)} only stdout\n${t(2)} ${S}\n`);
    const logs = await c.collect({ limitBytes: 1000, waitForSentinels: true, waitMs: 20 });
    expect(logs.lines[0]).toBe(`${t(1)} stdout: only stdout`);
    expect(logs.lines[1]).toMatch(/stderr: There was an issue while collecting your logs. Data might be missing.$/);
  });

  it('after a crash takes what is there, partial line included, with the developer-error notice', async () => {
    const c = new LogCollector();
    c.push('stdout', `${t(1)} before crash\n${t(2)} half`);
    c.end();
    const logs = await c.collect({ limitBytes: 1000, waitForSentinels: false });
    expect(logs.lines.slice(0, 2)).toEqual([`${t(1)} stdout: before crash`, `${t(2)} stdout: half`]);
    expect(logs.lines[2]).toMatch(/stderr: The action did not initialize or run as expected. Log data might be missing.$/);
  });

  it('truncates at the limit, keeping the head of the line that crosses it', async () => {
    const c = new LogCollector();
    c.push('stdout', `${t(1)} 0123456789\n${t(2)} 0123456789\n${t(3)} ${S}\n`);
    c.push('stderr', `${t(3)} ${S}\n`);
    const logs = await c.collect({ limitBytes: 15, waitForSentinels: true });
    expect(logs.truncated).toBe(true);
    expect(logs.lines).toHaveLength(3);
    expect(logs.lines[1]).toBe(`${t(2)} stdout: 012`);
    expect(logs.lines[2]).toMatch(/stderr: Logs were truncated because the total bytes size exceeds the limit of 15 bytes.$/);
  });

  it('bounds what it buffers and reports the overflow as truncation', async () => {
    const c = new LogCollector(20);
    c.push('stdout', `${t(1)} 0123456789\n${t(1)} 0123456789\n${t(1)} 0123456789\n${t(2)} ${S}\n`);
    c.push('stderr', `${t(2)} ${S}\n`);
    const logs = await c.collect({ limitBytes: 1_000_000, waitForSentinels: true });
    expect(logs.truncated).toBe(true);
    expect(logs.lines).toHaveLength(3);
  });
});

/** Text bytes of formatted lines as the limit counts them (text plus one per line), the notice left out. */
const textBytes = (lines: string[]) => lines.reduce((n, l) => n + Buffer.byteLength(l.replace(/^.{30} std(out|err): /, ''), 'utf8') + 1, 0);
const MARKER = /stderr: Logs were truncated because the total bytes size exceeds the limit of \d+ bytes\.$/;

describe('LogCollector under a flood', () => {
  it('holds at most the limit of one unfinished 100 MB line, keeps its head and counts the rest', async () => {
    const limit = 64 * 1024;
    const c = new LogCollector(limit);
    const chunk = Buffer.alloc(16 * 1024, 'x');
    c.push('stdout', `${t(1)} `);
    let peak = 0;
    for (let i = 0; i < 6400; i++) {
      c.push('stdout', chunk);
      peak = Math.max(peak, c.heldBytes);
    }
    expect(peak).toBeLessThanOrEqual(limit + LINE_HEAD_ROOM);
    expect(c.droppedBytes).toBeGreaterThan(100 * 1000 * 1000);
    c.push('stdout', `\n${t(2)} ${S}\n`);
    c.push('stderr', `${t(2)} ${S}\n`);
    const logs = await c.collect({ limitBytes: limit, waitForSentinels: true });
    expect(logs.truncated).toBe(true);
    expect(logs.lines).toHaveLength(2);
    expect(logs.lines[0]).toBe(`${t(1)} stdout: ${'x'.repeat(limit - 1)}`);
    expect(logs.lines[1]).toMatch(MARKER);
    expect(c.heldBytes).toBe(0);
  });

  it('a new container held to the action\'s limit at /init keeps no more than that limit of its first activation', async () => {
    const limit = 64 * 1024;
    const c = new LogCollector();
    c.holdTo(limit);
    c.push('stdout', `${t(1)} `);
    for (let i = 0; i < 640; i++) c.push('stdout', Buffer.alloc(16 * 1024, 'x'));
    expect(c.heldBytes).toBeLessThanOrEqual(limit + LINE_HEAD_ROOM);
    c.push('stdout', `\n${t(2)} ${S}\n`);
    c.push('stderr', `${t(2)} ${S}\n`);
    const logs = await c.collect({ limitBytes: limit, waitForSentinels: true });
    expect(logs.lines[0]).toBe(`${t(1)} stdout: ${'x'.repeat(limit - 1)}`);
    expect(logs.lines[1]).toMatch(MARKER);
  });

  it('shares one budget across lines and both streams, and gives the next activation a fresh one', async () => {
    const limit = 1000;
    const c = new LogCollector(limit);
    for (let i = 0; i < 500; i++) {
      c.push('stdout', `${t(1)} out line ${i}\n`);
      c.push('stderr', `${t(1)} err line ${i}\n`);
      expect(c.heldBytes).toBeLessThanOrEqual(limit);
    }
    c.push('stdout', `${t(2)} ${S}\n${t(3)} next\n`);
    c.push('stderr', `${t(2)} ${S}\n`);
    const first = await c.collect({ limitBytes: limit, waitForSentinels: true });
    expect(first.lines[first.lines.length - 1]).toMatch(MARKER);
    expect(textBytes(first.lines.slice(0, -1))).toBeLessThanOrEqual(limit);
    c.push('stdout', `${t(4)} ${S}\n`);
    c.push('stderr', `${t(4)} ${S}\n`);
    expect(await c.collect({ limitBytes: limit, waitForSentinels: true })).toEqual({ lines: [`${t(3)} stdout: next`], truncated: false });
  });

  it('still finds the sentinel after the budget is spent, and a crash keeps the head of a half line', async () => {
    const c = new LogCollector(10);
    c.push('stderr', `${t(1)} ${'e'.repeat(5000)}\n${t(2)} ${S}\n`);
    c.push('stdout', `${t(2)} ${S}\n`);
    const logs = await c.collect({ limitBytes: 10, waitForSentinels: true });
    expect(logs.lines[0]).toBe(`${t(1)} stderr: ${'e'.repeat(9)}`);
    expect(logs.lines[1]).toMatch(MARKER);
    c.push('stdout', `${t(3)} ${'y'.repeat(100_000)}`);
    c.end();
    const crashed = await c.collect({ limitBytes: 10, waitForSentinels: false });
    expect(crashed.lines[0]).toBe(`${t(3)} stdout: ${'y'.repeat(9)}`);
    expect(crashed.lines[1]).toMatch(MARKER);
  });

  it('finds the sentinel glued to the end of output without a final newline, short or cut', async () => {
    const c = new LogCollector(100);
    c.push('stdout', `${t(1)} no newline${S}\n`);
    c.push('stderr', `${t(1)} ${'z'.repeat(100_000)}`);
    c.push('stderr', `${S}\n`);
    const logs = await c.collect({ limitBytes: 100, waitForSentinels: true, waitMs: 50 });
    expect(logs.lines[0]).toBe(`${t(1)} stdout: no newline`);
    expect(logs.lines[1]).toBe(`${t(1)} stderr: ${'z'.repeat(100 - 11 - 1)}`);
    expect(logs.lines[2]).toMatch(MARKER);
    expect(logs.lines).toHaveLength(3);
  });

  it('never splits a multi-byte character when it cuts a line', async () => {
    const c = new LogCollector(8);
    c.push('stdout', `${t(1)} ${'é'.repeat(100)}\n${t(2)} ${S}\n`);
    c.push('stderr', `${t(2)} ${S}\n`);
    const logs = await c.collect({ limitBytes: 8, waitForSentinels: true });
    expect(logs.lines[0]).toBe(`${t(1)} stdout: ${'é'.repeat(3)}`);
  });

  it('for any output, holds at most the limit plus one head room per stream and returns at most the limit plus the notice', async () => {
    const piece = fc.oneof(fc.string({ maxLength: 40 }), fc.constant('\n'), fc.constant(`${t(1)} `), fc.constant('x'.repeat(3000)), fc.constant('ü€😀'));
    const write = fc.record({ stream: fc.constantFrom<'stdout' | 'stderr'>('stdout', 'stderr'), text: piece });
    await fc.assert(
      fc.asyncProperty(fc.array(write, { maxLength: 60 }), fc.integer({ min: 0, max: 2000 }), async (writes, limit) => {
        const c = new LogCollector(limit);
        for (const w of writes) {
          c.push(w.stream, w.text);
          expect(c.heldBytes).toBeLessThanOrEqual(limit + 2 * LINE_HEAD_ROOM);
        }
        c.push('stdout', `\n${t(9)} ${S}\n`);
        c.push('stderr', `\n${t(9)} ${S}\n`);
        const logs = await c.collect({ limitBytes: limit, waitForSentinels: true });
        const body = logs.truncated ? logs.lines.slice(0, -1) : logs.lines;
        expect(textBytes(body)).toBeLessThanOrEqual(limit);
        if (logs.truncated) expect(logs.lines[logs.lines.length - 1]).toMatch(MARKER);
      }),
      { numRuns: 200 },
    );
  });
});
