import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import e2eTeardown from './e2e-teardown';
import { E2E } from './e2e-env';
import { builtEntry, recreateDatabase, stackEnv, startProcess, waitForHttp } from './stack';
import { waitForInvoker } from './invoker-health';
import { resetVhost } from './rabbit-vhost';

/**
 * Starts the whole stack the e2e suites drive: a fresh database, the API on 127.0.0.1:3299 and one invoker.
 * Needs `npm run build` first (npm test does it) and the services of this machine (and Docker with the runtime image).
 */
export default async function e2eSetup(): Promise<void> {
  const api = builtEntry('dist/apps/api/src/main.js');
  if (!api) throw new Error('dist/ is missing: run `npm run build` (npm test does it) before the e2e suites');
  await e2eTeardown(); // a previous run that was killed may have left its stack running
  rmSync(E2E.logDir, { recursive: true, force: true });
  mkdirSync(dirname(E2E.stateFile), { recursive: true });
  await recreateDatabase(E2E.databaseUrl);
  resetVhost(E2E.vhost);
  const env = stackEnv();
  const pids: number[] = [];
  const apiProcess = startProcess('api', api, env);
  pids.push(apiProcess.pid!);
  writeFileSync(E2E.stateFile, JSON.stringify({ pids }));
  await waitForHttp(`${E2E.apihost}/ping`, 30_000, apiProcess);
  const invoker = builtEntry('dist/apps/invoker/src/main.js');
  if (invoker) {
    pids.push(startProcess('invoker', invoker, env).pid!);
    writeFileSync(E2E.stateFile, JSON.stringify({ pids }));
    await waitForInvoker(E2E.invokerId, 60_000);
  }
}
