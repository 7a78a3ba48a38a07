import Docker from 'dockerode';
import { putAction } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { http } from '../support/http';
import { waitForInvoker } from '../support/invoker-health';
import { createTestNamespace } from '../support/namespaces';
import { stackEnv, startProcess } from '../support/stack';
import { type ChaosRow, countError, recordsPerId, settle, sleep } from './chaos-audit';

const SECOND_INVOKER = `${E2E.invokerId}-chaos2`;
const ACTIONS = 8;

/**
 * Row 1: two invokers, `invokes` non-blocking invokes of 300 ms actions (eight of them, so their home invokers differ),
 * the second invoker SIGKILLed a third of the way through. Every accepted activation must end with exactly one record (its run, or "invoker lost").
 */
export async function invokerKillRow(invokes: number): Promise<ChaosRow> {
  const t = await createTestNamespace('chaos-inv');
  for (let a = 0; a < ACTIONS; a++) await putAction(t.key, `work-${a}`, 'function main(p){ return new Promise((r) => setTimeout(() => r({ n: p.n }), 300)) }');
  const invoker = startProcess('chaos-invoker2', 'dist/apps/invoker/src/main.js', stackEnv({ WISP_INVOKER_ID: SECOND_INVOKER, WISP_CONTAINER_DIR: `${E2E.containerDir}-chaos2` }));
  const accepted: string[] = [];
  const errors: Record<string, number> = {};
  let faultAt = 0;
  try {
    await waitForInvoker(SECOND_INVOKER, 60_000);
    for (let n = 0; n < invokes; n += 4) {
      if (faultAt === 0 && n >= invokes / 3) {
        invoker.kill('SIGKILL');
        faultAt = Date.now();
      }
      await Promise.all(
        [0, 1, 2, 3].map(async (i) => {
          const r = await http('POST', `/api/v1/namespaces/_/actions/work-${(n + i) % ACTIONS}`, { key: t.key, body: { n: n + i } }).catch((e: Error) => ({ status: 0, body: { error: e.message } }));
          if (r.status === 202) accepted.push(r.body.activationId);
          else countError(errors, String(r.status));
        }),
      );
      await sleep(50);
    }
    const audit = async () => {
      const counts = await recordsPerId(accepted);
      const duplicated = [...counts.values()].reduce((s, c) => s + c - 1, 0);
      return { records: counts.size, missing: accepted.length - counts.size, duplicated };
    };
    const { result, recoveryMs } = await settle(audit, faultAt, 120_000);
    return { fault: 'SIGKILL an invoker (of 2)', accepted: accepted.length, records: result.records, lost: result.missing, duplicated: result.duplicated, recoveryS: recoveryMs / 1000, errors };
  } finally {
    if (invoker.exitCode === null) invoker.kill('SIGKILL');
    await removeContainersOf(SECOND_INVOKER);
  }
}

/** Removes the containers the killed invoker left (they carry its label). */
async function removeContainersOf(invokerId: string): Promise<void> {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const left = await docker.listContainers({ all: true, filters: { label: [`wisp.invoker=${invokerId}`] } });
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
}
