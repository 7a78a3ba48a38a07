import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { putAction } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace, uniqueName } from '../support/namespaces';
import { stackEnv } from '../support/stack';

const run = promisify(execFile);
const CLI = join(E2E.repoRoot, 'dist/apps/api/src/cli/wisp.js');

/** Runs the CLI; resolves with its exit code and output whatever the code. */
async function wisp(args: string[], env: NodeJS.ProcessEnv = stackEnv()): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('the wisp CLI', () => {
  let tenant: TestNamespace;
  beforeAll(async () => {
    tenant = await createTestNamespace('cli');
  });

  it('answers --help on every command without touching the database', async () => {
    const noDb = stackEnv({ WISP_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unreachable' });
    const root = await wisp(['--help'], noDb);
    expect(root.code).toBe(0);
    for (const group of ['namespace', 'key', 'limits', 'catalog', 'status', 'activations']) expect(root.stdout).toMatch(new RegExp(`^  ${group}\\b`, 'm'));
    const sub = await wisp(['activations', 'tail', '--help'], noDb);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--count <n>');
  });

  it('refuses bad usage with exit code 2 and the error on stderr, and a failed command with 1', async () => {
    const unknown = await wisp(['nonsense']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain("unknown command 'nonsense'");
    const bad = await wisp(['limits', 'set', tenant.namespace, '--feeds', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--feeds <n>.*invalid/);
    const missing = await wisp(['catalog', 'show', uniqueName('nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^wisp: No catalog package named/);
  });

  it('prints JSON with --json and a table otherwise', async () => {
    const json = await wisp(['--json', 'key', 'list', tenant.namespace]);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ namespace: tenant.namespace, revoked: false })]);
    expect(json.stdout).not.toContain(tenant.key.split(':')[1]);
    const text = await wisp(['limits', 'show', tenant.namespace]);
    expect(text.stdout).toMatch(/^invocationsPerMinute {2}\d+$/m);
  });

  it('status shows the invoker with its containers and free memory, feeds and database sizes', async () => {
    const r = await wisp(['--json', 'status', '--invoker', `http://127.0.0.1:${E2E.invokerMetricsPort}/metrics`]);
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout);
    expect(status.invokers[0]).toMatchObject({ reachable: true, containers: expect.objectContaining({ warm: expect.any(Number), prewarm: expect.any(Number) }) });
    // Earlier suites may have filled the pool with idle containers (evicted when needed): free memory may be 0.
    expect(status.invokers[0].freeMemoryMb).toEqual(expect.any(Number));
    expect(status.invokers[0].freeMemoryMb).toBeGreaterThanOrEqual(0);
    expect(status.database.bytes).toBeGreaterThan(0);
    expect(status.database.activationPartitions).toBeGreaterThan(0);
    expect(Array.isArray(status.feeds)).toBe(true);
    const text = await wisp(['status', '--invoker', `http://127.0.0.1:${E2E.invokerMetricsPort}/metrics`]);
    expect(text.stdout).toMatch(/^Invokers\nmetrics +state +warm/m);
  });

  it('activations tail follows new activations', async () => {
    const action = uniqueName('tailed');
    await putAction(tenant.key, action, 'function main() { return {} }');
    const child = spawn(process.execPath, [CLI, '--json', 'activations', 'tail', '--namespace', tenant.namespace, '--count', '1'], { env: stackEnv() });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number>((r) => child.once('exit', (code) => r(code ?? -1)));
    try {
      // The tail starts from "now" once connected: invoke until it has printed one (first invokes may precede it).
      let id = '';
      for (let i = 0; i < 60 && !out; i++) {
        const r = await http('POST', `/api/v1/namespaces/_/actions/${action}?blocking=true`, { key: tenant.key, body: {} });
        id = r.body.activationId;
        await Promise.race([exited, new Promise((res) => setTimeout(res, 1_000))]);
      }
      expect(await exited).toBe(0);
      const line = JSON.parse(out.trim());
      expect(line).toMatchObject({ namespace: tenant.namespace, name: action, statusCode: 0 });
      expect(line.activationId).toMatch(/^[0-9a-f]{32}$/);
      expect(id).toBeTruthy();
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
  }, 120_000);
});
