import { RUNTIME_MANIFEST } from '@wisp/core';
import { base64Zip, RUN_CONTEXT, RuntimeContainer, RuntimeHarness } from './runtime-container.harness';

jest.setTimeout(90_000);

/** OpenWhisk's Python runtime tests (PythonBasicTests, PythonAdvancedTests), against the real python:3 image. */
const IMAGE = RUNTIME_MANIFEST.runtime('python:3')!.image;
const CANNOT_START = { error: 'Cannot start action. Check logs for details.' };

describe('python:3 runtime (real containers)', () => {
  const h = new RuntimeHarness();
  // One container per case below, started together up front.
  beforeAll(() => h.prestart({ image: IMAGE }, 21));
  afterAll(() => h.stop());

  async function started(code: string, extra: Record<string, unknown> = {}): Promise<RuntimeContainer> {
    const c = await h.start({ image: IMAGE });
    expect(await c.init({ code, ...extra })).toEqual({ status: 200, body: { ok: true } });
    return c;
  }

  describe('init errors', () => {
    it('refuses missing code, and a second init', async () => {
      const c = await h.start({ image: IMAGE });
      expect(await c.init({ code: '' })).toEqual({ status: 403, body: { error: 'Missing main/no code to execute.' } });
      const d = await started('def main(args):\n    return args\n');
      expect(await d.init({ code: 'def main(a): return a' })).toEqual({ status: 403, body: { error: 'Cannot initialize the action more than once.' } });
    });

    it('a syntax error, a failed import and a missing entry point cannot start; the traceback is in the logs', async () => {
      const cases: [string, Record<string, unknown>, RegExp][] = [
        ['\n 10 PRINT "Hello!"\n 20 GOTO 10\n', {}, /IndentationError: unexpected indent/],
        ['def main(args:\n    return args\n', {}, /File "\/tmp\/action-\w+\/main__.py", line 1\n[^]*SyntaxError/],
        ['import iamnotsupported\ndef main(args):\n    return {}\n', {}, /ModuleNotFoundError: No module named 'iamnotsupported'/],
        ['def main(args):\n    return args\n', { main: 'niam' }, /ImportError: cannot import name 'niam' from 'main__'/],
      ];
      for (const [code, extra, inLogs] of cases) {
        const c = await h.start({ image: IMAGE });
        expect(await c.init({ code, ...extra })).toEqual({ status: 502, body: CANNOT_START });
        const logs = (await c.logs()).join('\n');
        expect(logs).toMatch(/stderr: Traceback/);
        expect(logs).toMatch(inLogs);
      }
    });

    it('sys.exit during init is reported as OpenWhisk words it', async () => {
      const c = await h.start({ image: IMAGE });
      expect(await c.init({ code: 'import sys\nsys.exit(1)\ndef main(args):\n    pass\n' })).toEqual({ status: 502, body: CANNOT_START });
      expect(await c.logs()).toContain('stderr: Command exited abruptly during initialization.');
    });
  });

  describe('runs', () => {
    it('echoes, prints to the logs of its own activation only, keeps unicode, and refuses results JSON cannot carry, warm', async () => {
      const code = [
        'import sys',
        'count = 0',
        'def main(args):',
        '    global count',
        '    count += 1',
        '    op = args.get("op") if isinstance(args, dict) else "list"',
        '    if op == "echo":',
        '        print("hello stdout", count)',
        '        print("hello stderr", file=sys.stderr)',
        '        return {"args": args, "count": count}',
        '    if op == "unicode":',
        '        s = args["delimiter"] + " ☃ " + args["delimiter"]',
        '        print(s)',
        '        return {"winter": s}',
        '    if op == "error":',
        '        return {"error": "sorry"}',
        '    if op == "string":',
        '        return "not a json object"',
        '    if op == "set":',
        '        return {"s": {1, 2}}',
        '    if op == "nan":',
        '        return {"nan": float("nan")}',
        '    return args if op == "list" else ["a", "b"]',
      ].join('\n');
      const c = await started(code);
      expect(await c.run({ op: 'echo' })).toEqual({ status: 200, body: { args: { op: 'echo' }, count: 1 } });
      expect((await c.logs()).sort()).toEqual(['stderr: hello stderr', 'stdout: hello stdout 1']);
      expect(await c.run({ op: 'echo' })).toEqual({ status: 200, body: { args: { op: 'echo' }, count: 2 } });
      expect((await c.logs()).sort()).toEqual(['stderr: hello stderr', 'stdout: hello stdout 2']);
      expect(await c.run({ op: 'unicode', delimiter: '❄' })).toEqual({ status: 200, body: { winter: '❄ ☃ ❄' } });
      expect(await c.logs()).toEqual(['stdout: ❄ ☃ ❄']);
      // An error the action returns is its result.
      expect(await c.run({ op: 'error' })).toEqual({ status: 200, body: { error: 'sorry' } });
      expect(await c.run({ op: 'string' })).toEqual({ status: 502, body: { error: 'The action did not return a dictionary or array.' } });
      expect(await c.run({ op: 'array' })).toEqual({ status: 200, body: ['a', 'b'] });
      expect(await c.run(['x', 'y'])).toEqual({ status: 200, body: ['x', 'y'] });
      for (const op of ['set', 'nan']) {
        expect(await c.run({ op })).toMatchObject({ status: 502, body: { error: expect.stringContaining('cannot be serialized to JSON') } });
      }
      expect(await c.run({ op: 'echo' })).toMatchObject({ status: 200, body: { count: 10 } });
    });

    it('an exception is an error result with the traceback in the logs; the container stays usable', async () => {
      const c = await started('def div(x, y):\n    return x / y\ndef main(args):\n    if args.get("ok"):\n        return {"ok": True}\n    return {"divBy0": div(5, 0)}\n');
      expect(await c.run({})).toEqual({ status: 200, body: { error: 'division by zero' } });
      const logs = (await c.logs()).join('\n');
      expect(logs).toMatch(/stderr: Traceback/);
      expect(logs).toMatch(/main__.py", line 6, in main/);
      expect(logs).toMatch(/ZeroDivisionError: division by zero/);
      expect(logs).not.toMatch(/wisp_proxy/);
      expect(await c.run({ ok: true })).toEqual({ status: 200, body: { ok: true } });
    });

    it('sys.exit during a run ends the container as "command exited"', async () => {
      const c = await started('import sys\ndef main(args):\n    sys.exit(1)\n');
      expect(await c.run({})).toEqual({ status: 400, body: { error: 'command exited' } });
      expect(await c.run({})).toEqual({ status: 400, body: { error: 'command exited' } });
    });

    it('a run past its time limit times out, and what it printed before is in the logs', async () => {
      const c = await started('import time\ndef main(args):\n    print("before the loop")\n    while True:\n        time.sleep(0.01)\n');
      expect(await c.run({}, 1_500)).toEqual({ status: 'timeout', body: undefined });
      const until = Date.now() + 10_000;
      let logs: string[] = [];
      while (!logs.includes('stdout: before the loop') && Date.now() < until) logs = logs.concat(await c.logs(false));
      expect(logs).toContain('stdout: before the loop');
    });
  });

  describe('environment', () => {
    it('has __OW_* in os.environ per run, drops a key a run does not carry, and init parameters at module level', async () => {
      const code = 'import os\nX = os.environ["SOME_VAR"]\ndef main(args):\n    return {"x": X, "env": {k: v for k, v in os.environ.items() if k.startswith("__OW_")}}\n';
      const c = await started(code, { env: { SOME_VAR: 'xyz', __OW_API_HOST: 'http://127.0.0.1:3233' } });
      const first = await c.run({});
      expect(first.body).toEqual({
        x: 'xyz',
        env: {
          __OW_API_HOST: 'http://127.0.0.1:3233',
          __OW_NAMESPACE: 'guest',
          __OW_ACTION_NAME: '/guest/rt',
          __OW_ACTION_VERSION: '0.0.1',
          __OW_ACTIVATION_ID: 'a1b2c3d4',
          __OW_TRANSACTION_ID: 'tx-rt',
          __OW_DEADLINE: '1700000060000',
          __OW_API_KEY: 'uuid:secret',
        },
      });
      const { api_key: _dropped, ...noKey } = RUN_CONTEXT;
      const second = await c.run({}, 30_000, { ...noKey, activation_id: 'second' });
      expect(second.body.env.__OW_API_KEY).toBeUndefined();
      expect(second.body.env.__OW_ACTIVATION_ID).toBe('second');
    });

    it('never sees the proxy token, and runs with a valid sys.executable', async () => {
      const c = await started('import os, sys\ndef main(args):\n    return {"wisp": sorted(k for k in os.environ if k.startswith("WISP_")), "exe": sys.executable}\n');
      expect((await c.run({})).body).toEqual({ wisp: [], exe: '/usr/bin/python3' });
    });
  });

  describe('zip actions', () => {
    it('runs __main__.py with modules beside it and a non-default entry point', async () => {
      const code = base64Zip({ '__main__.py': 'from echo import echo\ndef niam(args):\n    return echo(args)\n', 'echo.py': 'def echo(args):\n    return {"echo": args}\n' });
      const c = await started(code, { binary: true, main: 'niam' });
      expect(await c.run({ msg: 'it works' })).toEqual({ status: 200, body: { echo: { msg: 'it works' } } });
      expect(await c.logs()).toEqual([]);
    });

    it('reads bundled files by relative path; the entry file may be named exec', async () => {
      const c = await started(base64Zip({ exec: 'def main(args):\n    with open("workfile") as f:\n        return {"file": f.read()}\n', workfile: 'this is a test string' }), { binary: true });
      expect((await c.run({})).body).toEqual({ file: 'this is a test string' });
    });

    it('a zip without __main__.py cannot start, and says why in the logs', async () => {
      const c = await h.start({ image: IMAGE });
      expect(await c.init({ code: base64Zip({ 'echo.py': 'def echo(a):\n    return a\n' }), binary: true, main: 'echo' })).toEqual({ status: 502, body: CANNOT_START });
      expect(await c.logs()).toContain('stderr: Zip file does not include __main__.py');
    });

    it('activates a bundled virtualenv, and refuses one without activate_this.py', async () => {
      const activate = 'import os, site\nbase = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nsite.addsitedir(os.path.join(base, "lib", "python3.11", "site-packages"))\nos.environ["VIRTUAL_ENV"] = base\n';
      const venv = base64Zip({
        '__main__.py': 'import agent\ndef main(args):\n    return {"agent": agent.NAME}\n',
        'virtualenv/bin/activate_this.py': activate,
        'virtualenv/lib/python3.11/site-packages/agent.py': 'NAME = "from the virtualenv"\n',
      });
      const c = await started(venv, { binary: true });
      expect((await c.run({})).body).toEqual({ agent: 'from the virtualenv' });
      const bad = await h.start({ image: IMAGE });
      const invalid = base64Zip({ '__main__.py': 'def main(args):\n    return {}\n', 'virtualenv/invalidvirtualenv.md': 'nothing here' });
      expect(await bad.init({ code: invalid, binary: true })).toEqual({ status: 502, body: CANNOT_START });
      expect(await bad.logs()).toContain("stderr: Invalid virtualenv. Zip file does not include 'activate_this.py'.");
    });

    it('refuses a zip entry that climbs out of the action directory', async () => {
      const c = await h.start({ image: IMAGE });
      expect(await c.init({ code: base64Zip({ '__main__.py': 'def main(a):\n    return {}\n', '../../tmp/escaped.py': 'x = 1' }), binary: true })).toEqual({ status: 502, body: CANNOT_START });
      expect((await c.logs()).join('\n')).toMatch(/escapes the action directory/);
    });
  });

  it('initialises large code (8 MB of source)', async () => {
    const blob = 'x'.repeat(8 * 1024 * 1024);
    const c = await started(`BLOB = "${blob}"\ndef main(args):\n    return {"size": len(BLOB)}\n`);
    expect((await c.run({})).body).toEqual({ size: blob.length });
  });

  it('isolation: not root, no network but loopback, read-only root, /tmp writable and noexec', async () => {
    const probe = [
      'import os, socket, subprocess',
      'def main(args):',
      '    out = {"uid": os.getuid(), "gid": os.getgid(), "interfaces": [n for _, n in socket.if_nameindex()]}',
      '    try:',
      '        open("/usr/lib/wisp-probe", "w")',
      '        out["root"] = "writable"',
      '    except OSError as e:',
      '        out["root"] = e.strerror',
      '    with open("/tmp/run.sh", "w") as f:',
      '        f.write("#!/bin/sh\\necho ran\\n")',
      '    os.chmod("/tmp/run.sh", 0o755)',
      '    try:',
      '        subprocess.run(["/tmp/run.sh"], check=True)',
      '        out["tmp"] = "executed"',
      '    except OSError as e:',
      '        out["tmp"] = e.strerror',
      '    return out',
    ].join('\n');
    const c = await started(probe);
    expect((await c.run({})).body).toEqual({ uid: 1000, gid: 1000, interfaces: ['lo'], root: 'Read-only file system', tmp: 'Permission denied' });
  });
});
