import { existsSync, readFileSync } from 'node:fs';
import { E2E } from './e2e-env';

/** Stops the processes e2e-setup started (SIGTERM, then SIGKILL for stragglers). */
export default async function e2eTeardown(): Promise<void> {
  if (!existsSync(E2E.stateFile)) return;
  const { pids } = JSON.parse(readFileSync(E2E.stateFile, 'utf8')) as { pids: number[] };
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGTERM');
  const until = Date.now() + 15_000;
  while (pids.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
}
