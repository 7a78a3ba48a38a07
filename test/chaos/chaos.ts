import e2eSetup from '../support/e2e-setup';
import e2eTeardown from '../support/e2e-teardown';
import { E2E } from '../support/e2e-env';
import { apiKillRow } from './api-kill.row';
import { type ChaosRow, matrixTable } from './chaos-audit';
import { invokerKillRow } from './invoker-kill.row';

/**
 * `npm run chaos [-- --quick]`: the fault matrix of issue 13 §1 (rows so far: an invoker SIGKILLed, an API process
 * SIGKILLed with live feeds). Starts its own stack (the e2e one for `WISP_E2E_PORT`: loopback only, its own database
 * and vhost), runs a bounded load per row with one fault injected, audits the store and prints one line per row:
 * accepted, records, lost, duplicated (recorded, run or fired twice), recovery time and the errors callers saw.
 * Exits 1 when any row lost or duplicated anything.
 */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const rows: ChaosRow[] = [];
  await e2eSetup();
  try {
    process.stderr.write(`chaos on ${E2E.apihost} (${quick ? 'quick' : 'full'})\n`);
    rows.push(await invokerKillRow(quick ? 40 : 120));
    rows.push(await apiKillRow(quick ? 15 : 45));
  } finally {
    await e2eTeardown();
  }
  process.stdout.write(`${matrixTable(rows)}\n`);
  if (rows.some((r) => r.lost > 0 || r.duplicated > 0)) process.exitCode = 1;
}

main().catch((e: Error) => {
  process.stderr.write(`chaos failed: ${e.stack}\n`);
  process.exit(2);
});
