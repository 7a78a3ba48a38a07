import { LogCollector } from './log-collector';

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

  it('truncates at the limit', async () => {
    const c = new LogCollector();
    c.push('stdout', `${t(1)} 0123456789\n${t(2)} 0123456789\n${t(3)} ${S}\n`);
    c.push('stderr', `${t(3)} ${S}\n`);
    const logs = await c.collect({ limitBytes: 15, waitForSentinels: true });
    expect(logs.truncated).toBe(true);
    expect(logs.lines).toHaveLength(2);
    expect(logs.lines[1]).toMatch(/stderr: Logs were truncated because the total bytes size exceeds the limit of 15 bytes.$/);
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
