import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { E2E } from './e2e-env';
import { FaultProxy } from './fault-proxy';
import { waitForInvoker } from './invoker-health';
import { recordPid } from './invokers';
import { resetVhost } from './rabbit-vhost';
import { recreateDatabase, stackEnv, startProcess, waitForHttp } from './stack';

const run = promisify(execFile);

/**
 * A second API and invoker whose PostgreSQL and RabbitMQ are reached only through {@link FaultProxy}s, so a test can
 * fake outages without touching the machine's services. Its database, vhost, ids, port and directories derive from the
 * e2e port, so engineers' stacks never meet.
 */
export interface OutageStack {
  apihost: string;
  invokerId: string;
  /** Direct URL of the stack's database (not through the proxy), for checks. */
  databaseUrl: string;
  /** In front of PostgreSQL, for the API and the invoker. */
  pg: FaultProxy;
  /** In front of RabbitMQ, for the API. */
  mq: FaultProxy;
  /** In front of RabbitMQ, for the invoker (a test can fail the controller's broker connection alone). */
  mqInvoker: FaultProxy;
  api: ChildProcess;
  invoker: ChildProcess;
  /** Creates a namespace through the admin command; returns its key. */
  createNamespace(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the stack with `extra` environment on top of the e2e defaults. */
export async function startOutageStack(extra: Record<string, string> = {}): Promise<OutageStack> {
  const port = E2E.port + 1000;
  const database = `wisp_outage_${E2E.port}`;
  const vhost = `wisp-outage-${E2E.port}`;
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/${database}`;
  const invokerId = `outage-invoker-${E2E.port}`;
  await recreateDatabase(databaseUrl);
  resetVhost(vhost);
  const pg = await FaultProxy.start({ host: '127.0.0.1', port: 5432 });
  const mq = await FaultProxy.start({ host: '127.0.0.1', port: 5672 });
  const mqInvoker = await FaultProxy.start({ host: '127.0.0.1', port: 5672 });
  const env = stackEnv({
    WISP_DATABASE_URL: `postgres://postgres@127.0.0.1:${pg.port}/${database}`,
    WISP_AMQP_URL: `amqp://guest:guest@127.0.0.1:${mq.port}/${vhost}`,
    WISP_API_PORT: String(port),
    WISP_CONTROLLER_ID: `outage-controller-${E2E.port}`,
    WISP_INVOKER_ID: invokerId,
    WISP_CONTAINER_DIR: `/tmp/wisp-outage-${E2E.port}/containers`,
    WISP_INVOKER_METRICS_PORT: String(E2E.port + 3000),
    ...extra,
  });
  const apihost = `http://127.0.0.1:${port}`;
  const api = startProcess('outage-api', 'dist/apps/api/src/main.js', env);
  recordPid(api.pid!);
  await waitForHttp(`${apihost}/ping`, 30_000, api);
  const invoker = startProcess('outage-invoker', 'dist/apps/invoker/src/main.js', { ...env, WISP_AMQP_URL: `amqp://guest:guest@127.0.0.1:${mqInvoker.port}/${vhost}` });
  recordPid(invoker.pid!);
  await waitForInvoker(invokerId, 60_000, apihost);
  const stop = async () => {
    for (const child of [invoker, api]) {
      if (child.exitCode !== null) continue;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    for (const proxy of [pg, mq, mqInvoker]) await proxy.close();
  };
  const createNamespace = async (name: string) => {
    const cli = join(E2E.repoRoot, 'dist/apps/api/src/cli/wisp.js');
    const { stdout } = await run(process.execPath, [cli, 'namespace', 'create', name], { env: { ...env, WISP_DATABASE_URL: databaseUrl } });
    return stdout.trim();
  };
  return { apihost, invokerId, databaseUrl, pg, mq, mqInvoker, api, invoker, createNamespace, stop };
}
