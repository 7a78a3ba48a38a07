import { activationMessage } from '@wisp/core';
import { randomUUID } from 'node:crypto';
import { InvokerHarness, prepareServices } from './invoker-harness';

jest.setTimeout(300_000);

const MB = 1024 * 1024;
/** One 100 MB stdout line with no newline (the proxy's sentinel then follows on the same line). */
const FLOOD = `function main() { process.stdout.write('x'.repeat(100 * 1024 * 1024)); return { wrote: true }; }`;
const MARKER = /stderr: Logs were truncated because the total bytes size exceeds the limit of 1048576 bytes\.$/;

beforeAll(() => prepareServices());

describe('an action that floods its log with one endless line', () => {
  let h: InvokerHarness;

  beforeAll(async () => {
    h = await InvokerHarness.create();
    await h.boot({ WISP_PREWARM_COUNT: '0' });
  });

  afterAll(() => h?.stop());

  it('three at once: each record keeps the head and the notice, and the invoker grows by at most 64 MB', async () => {
    // This process hosts the invoker, so its resident memory is the invoker's (plus jest's, which stays flat).
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const floods = Array.from({ length: 3 }, () =>
        activationMessage({ action: { id: randomUUID(), name: `flood-${randomUUID().slice(0, 6)}`, exec: { kind: 'nodejs:20', code: FLOOD }, limits: { logs: 1, memory: 512 } } }),
      );
      const done = await Promise.all(floods.map((m) => h.invoke(m, 240_000)));
      for (const c of done) {
        expect(c.activation.response).toMatchObject({ statusCode: 0, result: { wrote: true } });
        const logs = c.activation.logs;
        expect(logs[logs.length - 1]).toMatch(MARKER);
        const kept = logs.slice(0, -1).reduce((n, l) => n + Buffer.byteLength(l.slice(39), 'utf8') + 1, 0);
        expect(kept).toBeLessThanOrEqual(MB);
        expect(kept).toBeGreaterThan(MB / 2);
        // The engine cut the line into 16 KB messages, each with its own timestamp: none of them is in the kept head.
        expect(logs).toHaveLength(2);
        expect(logs[0]).toMatch(/^\S+\s+stdout: x+$/);
      }
    } finally {
      clearInterval(sampler);
    }
    process.stdout.write(`invoker RSS growth during the flood: ${Math.round((peak - before) / MB)} MB\n`);
    // The issue asks for at most 150 MB. Reading each log stream into one reused buffer, and holding a new container
    // to its action's limit from /init on, brought it from ~100 MB to ~20 MB: 64 MB catches either coming back.
    expect((peak - before) / MB).toBeLessThanOrEqual(64);
    // the container is still sound: its next activation has its own logs
    const next = await h.invoke(activationMessage({ action: { exec: { kind: 'nodejs:20', code: 'function main() { console.log("quiet"); return {}; }' } } }));
    expect(next.activation.logs.map((l) => l.slice(31))).toEqual(['stdout: quiet']);
  });
});
