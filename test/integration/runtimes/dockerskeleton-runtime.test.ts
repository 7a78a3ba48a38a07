import { RUNTIME_MANIFEST } from '@wisp/core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimeImageOf } from '../../../apps/invoker/src/activation/runtime-image';
import { base64Zip, RuntimeHarness } from './runtime-container.harness';

jest.setTimeout(90_000);

/** OpenWhisk's docker skeleton tests (ActionProxyContainerTests), against Wisp's local openwhisk/dockerskeleton. */
const SKELETON = runtimeImageOf({ kind: 'blackbox', image: 'openwhisk/dockerskeleton' }, { runtimeImage: '' })!;
const NO_BINARY = { error: 'The action failed to generate or locate a binary. See logs for details.' };
const NOT_A_DICT = { error: 'The action did not return a dictionary or array.' };
const EXEC = { exec: 0o755 };

/** A C program compiled here with gcc; it prints a log line and echoes its argv[1] as the result. */
function compiledC(): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'wisp-native-'));
  try {
    writeFileSync(join(dir, 'exec.c'), '#include <stdio.h>\nint main(int argc, char **argv) {\n  printf("log from C\\n");\n  printf("{\\"c\\": %s}\\n", argc > 1 ? argv[1] : "null");\n  return 0;\n}\n');
    execFileSync('gcc', ['-O2', '-o', join(dir, 'exec'), join(dir, 'exec.c')]);
    return readFileSync(join(dir, 'exec'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('native actions on the docker skeleton (real containers)', () => {
  const h = new RuntimeHarness();
  beforeAll(() => h.prestart(SKELETON, 9));
  afterAll(() => h.stop());

  it('the well-known skeleton names resolve to the local image, which exists', () => {
    expect(SKELETON).toEqual({ image: RUNTIME_MANIFEST.blackboxes[0].image, execDir: '/action', protocol: 'socket' });
  });

  it('runs a plain shell script: argv[1] holds the parameters, the last line is the result, the rest are logs', async () => {
    const c = await h.start(SKELETON);
    const script = '#!/bin/bash\necho "a log line"\necho "to stderr" >&2\necho "$__OW_ACTIVATION_ID"\necho "{ \\"args\\": $1 }"\n';
    expect(await c.init({ code: script })).toEqual({ status: 200, body: { ok: true } });
    expect(await c.run({ name: 'wisp' })).toEqual({ status: 200, body: { args: { name: 'wisp' } } });
    expect((await c.logs()).sort()).toEqual(['stderr: to stderr', 'stdout: a log line', 'stdout: a1b2c3d4']);
    expect(await c.run({ n: 2 })).toEqual({ status: 200, body: { args: { n: 2 } } });
    expect(await c.init({ code: script })).toEqual({ status: 403, body: { error: 'Cannot initialize the action more than once.' } });
  });

  it('runs a gcc-compiled binary from a zip, and files beside it (the exec tmpfs allows it)', async () => {
    const c = await h.start(SKELETON);
    const zip = base64Zip({ exec: '#!/bin/sh\ncat ./data.txt\n./bin/echo-c "$1"\n', 'data.txt': 'bundled data\n', 'bin/echo-c': compiledC() }, { exec: 0o755, 'bin/echo-c': 0o755 });
    expect(await c.init({ code: zip, binary: true })).toEqual({ status: 200, body: { ok: true } });
    expect(await c.run({ x: 1 })).toEqual({ status: 200, body: { c: { x: 1 } } });
    expect(await c.logs()).toEqual(['stdout: bundled data', 'stdout: log from C']);
  });

  it('an executable whose last line is no JSON object is refused, the line going to the logs', async () => {
    const c = await h.start(SKELETON);
    expect(await c.init({ code: '#!/bin/sh\necho first\necho "not json"\n' })).toEqual({ status: 200, body: { ok: true } });
    expect(await c.run({})).toEqual({ status: 502, body: NOT_A_DICT });
    expect(await c.logs()).toEqual(['stdout: first', 'stdout: not json']);
  });

  it('a zip without an exec cannot start; an action without code is the skeleton stub', async () => {
    const c = await h.start(SKELETON);
    expect(await c.init({ code: base64Zip({ 'other.sh': 'echo {}' }, EXEC), binary: true })).toEqual({ status: 502, body: NO_BINARY });
    expect((await c.logs()).join('\n')).toMatch(/no executable file named exec/);
    const stub = await h.start(SKELETON);
    expect(await stub.init({ code: '' })).toEqual({ status: 200, body: { ok: true } });
    expect(await stub.run({})).toEqual({ status: 200, body: { error: 'This is a stub action. Replace it with custom logic.' } });
  });

  it('refuses zip entries that are symbolic links or climb out of /action', async () => {
    for (const [files, modes] of [
      [{ exec: '#!/bin/sh\necho {}\n', sock: '/run/wisp/proxy.sock' }, { exec: 0o755, sock: 0o120777 }],
      [{ exec: '#!/bin/sh\necho {}\n', '../tmp/escaped': 'x' }, EXEC],
    ] as const) {
      const c = await h.start(SKELETON);
      expect(await c.init({ code: base64Zip(files, modes), binary: true })).toEqual({ status: 502, body: NO_BINARY });
      expect((await c.logs()).join('\n')).toMatch(/symbolic link|escapes the action directory/);
    }
  });

  it('parameters too long for an argument come on stdin only', async () => {
    const c = await h.start(SKELETON);
    expect(await c.init({ code: '#!/bin/sh\nread -r input\necho "{\\"argc\\": $#, \\"stdin\\": ${#input}}"\n' })).toEqual({ status: 200, body: { ok: true } });
    const big = { blob: 'x'.repeat(200_000) };
    const reply = await c.run(big);
    expect(reply).toMatchObject({ status: 200, body: { argc: 0 } });
    expect(reply.body.stdin).toBeGreaterThan(200_000);
  });

  it('a run past its time limit times out', async () => {
    const c = await h.start(SKELETON);
    expect(await c.init({ code: '#!/bin/sh\nsleep 60\n' })).toEqual({ status: 200, body: { ok: true } });
    expect(await c.run({}, 1_500)).toEqual({ status: 'timeout', body: undefined });
  });

  it('isolation: not root, no network but loopback, read-only root, /tmp noexec, /action size-limited', async () => {
    // Memory above the exec tmpfs size: the write stops at the tmpfs bound, not at the memory limit.
    const c = await h.start({ ...SKELETON, memoryMb: 256 });
    const probe = [
      '#!/bin/sh',
      'root=$(touch /usr/probe 2>/dev/null && echo writable || echo read-only)',
      'cp /action/exec /tmp/copy && chmod +x /tmp/copy',
      'tmp=$(/tmp/copy --probe 2>/dev/null && echo executed || echo refused)',
      '[ "$1" = "--probe" ] && exit 0',
      'big=$(dd if=/dev/zero of=/action/fill bs=1M count=200 2>/dev/null && echo unbounded || echo bounded)',
      'rm -f /action/fill',
      'echo "{\\"uid\\": $(id -u), \\"net\\": \\"$(ls /sys/class/net | tr "\\n" " ")\\", \\"root\\": \\"$root\\", \\"tmp\\": \\"$tmp\\", \\"action\\": \\"$big\\"}"',
    ].join('\n');
    expect(await c.init({ code: probe })).toEqual({ status: 200, body: { ok: true } });
    const probed = await c.run({});
    expect([probed, await c.logs()]).toEqual([{ status: 200, body: { uid: 1000, net: 'lo ', root: 'read-only', tmp: 'refused', action: 'bounded' } }, []]);
  });
});
