import { RUNTIME_MANIFEST } from '@wisp/core';
import { strToU8, zipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotation } from '../support/actions';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { buildOpenWhiskHttpImage, OPENWHISK_HTTP_IMAGE } from '../support/openwhisk-http-image';

jest.setTimeout(120_000);

/** A zip as `wsk` sends it; `exec` entries are executable. */
function zip(files: Record<string, string | Uint8Array>): Buffer {
  const entries = Object.fromEntries(
    Object.entries(files).map(([name, content]) => [name, [typeof content === 'string' ? strToU8(content) : content, { os: 3, attrs: ((0o100000 | (name === 'exec' ? 0o755 : 0o644)) << 16) >>> 0 }]]),
  );
  return Buffer.from(zipSync(entries as Parameters<typeof zipSync>[0]));
}

function logText(activation: { logs: string[] }): string {
  return activation.logs.map((l) => l.replace(/^\S+\s+/, '')).join('\n');
}

/** Python, native binaries and standard OpenWhisk images, created and invoked as an OpenWhisk user would. */
describe('actions in the language of your choice', () => {
  let t: TestNamespace;
  beforeAll(async () => {
    buildOpenWhiskHttpImage();
    t = await createTestNamespace('rt');
  });

  it('GET / lists the runtimes of the manifest, as OpenWhisk does', async () => {
    const r = await http('GET', '/');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.runtimes).sort()).toEqual(['nodejs', 'python']);
    expect(r.body.runtimes.python).toEqual([
      { kind: 'python:3', image: RUNTIME_MANIFEST.runtime('python:3')!.image, deprecated: false, default: true, attached: true, requireMain: false },
    ]);
    expect(r.body.runtimes.nodejs[0]).toMatchObject({ kind: 'nodejs:20', default: true });
  });

  it('python:3 and python:default through the openwhisk client: create, invoke, warm reuse, logs, errors', async () => {
    const code = 'import os\ndef main(args):\n    print("hello", args.get("name"))\n    return {"greeting": "Hello " + args.get("name", "nobody"), "ns": os.environ["__OW_NAMESPACE"]}\n';
    const created = await t.ow.actions.create({ name: 'py', action: code, kind: 'python:3' });
    expect(created.exec.kind).toBe('python:3');
    const first = await t.ow.actions.invoke({ name: 'py', params: { name: 'Ada' }, blocking: true });
    expect(first.response).toMatchObject({ status: 'success', result: { greeting: 'Hello Ada', ns: t.namespace } });
    expect(annotation(first, 'kind')).toBe('python:3');
    expect(annotation(first, 'initTime')).toEqual(expect.any(Number));
    expect(logText(first)).toBe('stdout: hello Ada');
    const warm = await t.ow.actions.invoke({ name: 'py', params: { name: 'Bob' }, blocking: true });
    expect(warm.response.result).toEqual({ greeting: 'Hello Bob', ns: t.namespace });
    expect(annotation(warm, 'initTime')).toBeUndefined();

    // The aio CLI sends python:default; an exception is an application error, as on OpenWhisk.
    await t.ow.actions.create({ name: 'pydefault', action: 'def main(args):\n    return {"x": 1 / 0}\n', kind: 'python:default' });
    expect((await t.ow.actions.get({ name: 'pydefault' })).exec.kind).toBe('python:3');
    const failed = await t.ow.actions.invoke({ name: 'pydefault', blocking: true }).catch((e: { error: unknown }) => e.error);
    expect(failed.response).toMatchObject({ status: 'application error', result: { error: 'division by zero' } });
    expect(logText(failed)).toMatch(/ZeroDivisionError/);
  });

  it('the catalog ships a Python sample', async () => {
    expect(await t.ow.actions.invoke({ name: '/whisk.system/samples/helloPython', params: { payload: 'Cat' }, blocking: true, result: true })).toEqual({ payload: 'Hello, Cat' });
  });

  it('a python zip action with modules beside __main__.py and another entry point', async () => {
    const action = zip({ '__main__.py': 'from helper import shout\ndef handler(args):\n    return {"said": shout(args["word"])}\n', 'helper.py': 'def shout(w):\n    return w.upper()\n' });
    await t.ow.actions.create({ name: 'pyzip', action, kind: 'python:3', exec: { main: 'handler' } });
    expect(await t.ow.actions.invoke({ name: 'pyzip', params: { word: 'wisp' }, blocking: true, result: true })).toEqual({ said: 'WISP' });
  });

  it('a native exec shell script, as wsk action create --native sends it', async () => {
    const script = '#!/bin/bash\necho "native log"\necho "{\\"native\\": $1}"\n';
    await t.ow.actions.create({ name: 'native', action: { exec: { kind: 'blackbox', image: 'openwhisk/dockerskeleton', code: zip({ exec: script }).toString('base64'), binary: true } } });
    const activation = await t.ow.actions.invoke({ name: 'native', params: { n: 1 }, blocking: true });
    expect(activation.response).toMatchObject({ status: 'success', result: { native: { n: 1 } } });
    expect(logText(activation)).toBe('stdout: native log');
  });

  it('a compiled C binary on the docker skeleton, with a tagged image name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wisp-e2e-c-'));
    let binary: Buffer;
    try {
      writeFileSync(join(dir, 'exec.c'), '#include <stdio.h>\nint main(int argc, char **argv) {\n  fprintf(stderr, "C says hi\\n");\n  printf("{\\"from\\": \\"c\\", \\"args\\": %s}\\n", argv[1]);\n  return 0;\n}\n');
      execFileSync('gcc', ['-O2', '-o', join(dir, 'exec'), join(dir, 'exec.c')]);
      binary = readFileSync(join(dir, 'exec'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await t.ow.actions.create({ name: 'cbin', action: { exec: { kind: 'blackbox', image: 'openwhisk/dockerskeleton:nightly', code: zip({ exec: binary }).toString('base64') } } });
    const activation = await t.ow.actions.invoke({ name: 'cbin', params: { x: 'y' }, blocking: true });
    expect(activation.response).toMatchObject({ status: 'success', result: { from: 'c', args: { x: 'y' } } });
    expect(logText(activation)).toBe('stderr: C says hi');
  });

  it('an image that serves the OpenWhisk protocol on :8080 works unchanged under --network none', async () => {
    const code = 'def main(args):\n    print("from the 8080 image")\n    return {"served": args}\n';
    await t.ow.actions.create({ name: 'std', action: { exec: { kind: 'blackbox', image: OPENWHISK_HTTP_IMAGE, code } } });
    const activation = await t.ow.actions.invoke({ name: 'std', params: { k: 'v' }, blocking: true });
    expect(activation.response).toMatchObject({ status: 'success', result: { served: { k: 'v' } } });
    expect(logText(activation)).toBe('stdout: from the 8080 image');
    expect(await t.ow.actions.invoke({ name: 'std', params: { k: 2 }, blocking: true, result: true })).toEqual({ served: { k: 2 } });
  });
});
