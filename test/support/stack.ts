import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { E2E } from './e2e-env';

/** Environment every e2e process shares. */
export function stackEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WISP_DATABASE_URL: E2E.databaseUrl,
    WISP_AMQP_URL: `amqp://guest:guest@127.0.0.1:5672/${E2E.vhost}`,
    WISP_API_PORT: String(E2E.port),
    WISP_API_HOST: '127.0.0.1',
    WISP_SEED_DEV_KEYS: 'true',
    WISP_CONTROLLER_ID: E2E.controllerId,
    WISP_INVOKER_ID: E2E.invokerId,
    WISP_CONTAINER_DIR: E2E.containerDir,
    WISP_STATE_DIR: E2E.stateDir,
    WISP_ACTION_NETWORK: 'none',
    WISP_INVOKER_OFFLINE_MS: '3000',
    WISP_PAUSE_GRACE_MS: '2000',
    WISP_PREWARM_COUNT: '1',
    WISP_INVOKER_MEMORY_MB: '2048',
    WISP_INVOCATIONS_PER_MINUTE: '100000',
    WISP_CONCURRENT_INVOCATIONS: '1000',
    WISP_FIRES_PER_MINUTE: '100000',
    // As `npm start`: loopback targets (the local Mosquitto, tenant databases on this server) are allowed.
    WISP_FEED_ALLOW: 'public,127.0.0.0/8,::1',
    WISP_LOG_LEVEL: 'warn',
    // Its own port per e2e port; further invokers started with this env log that it is taken and run without it.
    WISP_INVOKER_METRICS_PORT: String(E2E.invokerMetricsPort),
    ...extra,
  };
}

/** Starts a built Wisp entry point (`dist/...`) with its output in the e2e log dir. */
export function startProcess(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  mkdirSync(E2E.logDir, { recursive: true });
  const log = createWriteStream(join(E2E.logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [join(E2E.repoRoot, entry)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

/** Path of a built entry point, or undefined when the build lacks it. */
export function builtEntry(relative: string): string | undefined {
  return existsSync(join(E2E.repoRoot, relative)) ? relative : undefined;
}

/** Polls `url` until it answers 2xx; throws after `timeoutMs`, or at once when `process` exits first. */
export async function waitForHttp(url: string, timeoutMs = 30_000, process?: ChildProcess): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (process && process.exitCode !== null) throw new Error(`the process behind ${url} exited with ${process.exitCode}; see ${E2E.logDir}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Drops and recreates the database named in `url` (see {@link dropDatabase}). */
export async function recreateDatabase(url: string): Promise<void> {
  await dropDatabase(url, true);
}

/**
 * Drops the database named in `url` (disconnecting leftovers, dropping replication slots a crashed run's PostgreSQL
 * feed left, which would block the drop); with `recreate`, creates it again empty.
 */
export async function dropDatabase(url: string, recreate = false): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  try {
    await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    for (let i = 0; i < 20; i++) {
      const left = await c.query<{ slot_name: string; active: boolean }>('SELECT slot_name, active FROM pg_replication_slots WHERE database = $1', [name]);
      if (left.rows.length === 0) break;
      for (const slot of left.rows.filter((s) => !s.active)) await c.query('SELECT pg_drop_replication_slot($1)', [slot.slot_name]).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
    await c.query(`DROP DATABASE IF EXISTS "${name}"`);
    if (recreate) await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
}
