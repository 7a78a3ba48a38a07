import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as http from 'node:http';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { resetVhost } from '../support/rabbit-vhost';
import { recreateDatabase } from '../support/stack';
import { BENCH } from './config';

const run = promisify(execFile);

/** Environment of the bench's own API and invoker: throttles out of the way, no pausing during a run. */
export function benchEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WISP_DATABASE_URL: BENCH.databaseUrl,
    WISP_AMQP_URL: BENCH.amqpUrl,
    WISP_API_PORT: String(BENCH.port),
    WISP_API_HOST: '127.0.0.1',
    WISP_SEED_DEV_KEYS: 'false',
    WISP_CONTROLLER_ID: BENCH.controllerId,
    WISP_INVOKER_ID: BENCH.invokerId,
    WISP_CONTAINER_DIR: BENCH.containerDir,
    WISP_ACTION_NETWORK: 'none',
    WISP_PAUSE_GRACE_MS: '600000',
    WISP_PREWARM_COUNT: String(BENCH.prewarmCount),
    WISP_INVOKER_MEMORY_MB: String(BENCH.invokerMemoryMb),
    WISP_INVOCATIONS_PER_MINUTE: '100000000',
    WISP_CONCURRENT_INVOCATIONS: '100000',
    WISP_FIRES_PER_MINUTE: '100000000',
    // As `npm start`: loopback targets (the local Mosquitto, tenant databases on this server) are allowed.
    WISP_FEED_ALLOW: 'public,127.0.0.0/8,::1',
    WISP_LOG_LEVEL: 'warn',
  };
}

/** The bench's API and invoker processes; `stop` ends them and removes every container they labelled. */
export class BenchStack {
  private readonly children: ChildProcess[] = [];
  /** Engine client with a keep-alive agent, as the invoker's (docker-modem takes `agent`; its typings lack it). */
  readonly docker = new Docker({ socketPath: BENCH.dockerSocket, agent: new http.Agent({ keepAlive: true }) } as Docker.DockerOptions);

  /** Fresh database, API from `dist/`, one invoker; resolves when `GET /invokers` shows it up. */
  async start(apiNodeArgs: string[] = []): Promise<void> {
    const api = join(BENCH.repoRoot, 'dist/apps/api/src/main.js');
    const invoker = join(BENCH.repoRoot, 'dist/apps/invoker/src/main.js');
    if (!existsSync(api) || !existsSync(invoker)) throw new Error('dist/ lacks the API or the invoker: run `npm run build`');
    rmSync(BENCH.logDir, { recursive: true, force: true });
    mkdirSync(BENCH.logDir, { recursive: true });
    mkdirSync(BENCH.containerDir, { recursive: true });
    await this.removeContainers();
    resetVhost(BENCH.vhost);
    await recreateDatabase(BENCH.databaseUrl);
    const apiProcess = this.spawn('api', api, apiNodeArgs);
    await waitFor(`${BENCH.apihost}/ping`, (r) => r.ok, 30_000, apiProcess);
    const invokerProcess = this.spawn('invoker', invoker, []);
    await waitFor(`${BENCH.apihost}/invokers`, async (r) => ((await r.json()) as Record<string, string>)[BENCH.invokerId] === 'up', 60_000, invokerProcess);
  }

  /** Creates a namespace with the admin command, as an operator would; returns its key. */
  async createNamespace(name: string): Promise<string> {
    const { stdout } = await run(process.execPath, [join(BENCH.repoRoot, 'dist/apps/api/src/cli/wisp.js'), 'namespace', 'create', name], { env: benchEnv() });
    return stdout.trim().split('\n').pop()!.trim();
  }

  /** SIGTERM (then SIGKILL after 15 s) to both processes, then removes leftover containers and socket dirs. */
  async stop(): Promise<void> {
    await Promise.all(this.children.reverse().map((c) => stopChild(c)));
    await this.removeContainers();
    rmSync(BENCH.containerDir, { recursive: true, force: true });
  }

  private spawn(name: string, entry: string, nodeArgs: string[]): ChildProcess {
    const log = createWriteStream(join(BENCH.logDir, `${name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [...nodeArgs, entry], { env: benchEnv(), cwd: BENCH.logDir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.children.push(child);
    return child;
  }

  private async removeContainers(): Promise<void> {
    const list = await this.docker.listContainers({ all: true, filters: { label: [`wisp.invoker=${BENCH.invokerId}`] } });
    await Promise.all(list.map((c) => this.docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function waitFor(url: string, ok: (r: Response) => boolean | Promise<boolean>, timeoutMs: number, child: ChildProcess): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the process behind ${url} exited with ${child.exitCode}; see ${BENCH.logDir}`);
    try {
      if (await ok(await fetch(url))) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} not ready within ${timeoutMs} ms; see ${BENCH.logDir}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
