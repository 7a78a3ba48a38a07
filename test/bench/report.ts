import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResult } from './context';
import type { Machine } from './machine';
import type { Measure } from './stats';

const num = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '' : x >= 100 ? x.toFixed(0) : x.toFixed(2));

/** The stdout table: one line per figure, then the verdict line of its scenario. */
export function table(results: ScenarioResult[], machine: Machine, quick: boolean): string {
  const head = `Wisp bench${quick ? ' (--quick)' : ''} on ${machine.cpus}× ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}, docker ${machine.docker}, PostgreSQL ${machine.postgres}, RabbitMQ ${machine.rabbitmq}`;
  const cols = ['#', 'scenario', 'figure', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'rate/s'];
  const rows: string[][] = [];
  for (const r of results) {
    const line = (m: Measure, kind: string, first: boolean) =>
      rows.push([first ? String(r.id) : '', first ? r.name : '', `${kind} ${m.label}`, String(m.n), num(m.p50), num(m.p95), num(m.p99), num(m.rate)]);
    if (r.skipped || r.error) {
      rows.push([String(r.id), r.name, r.skipped ? `SKIPPED: ${r.skipped}` : `ERROR: ${r.error}`, '', '', '', '', '']);
      continue;
    }
    r.wisp.forEach((m, i) => {
      line(m, 'wisp ', i === 0);
      const f = r.floors?.[i];
      if (f) line(f, 'floor', false);
    });
    if (r.floor) line(r.floor, 'floor', false);
    const verdict = r.met === undefined ? '' : r.met ? 'MET' : 'MISSED';
    rows.push(['', '', `→ ${r.headline} | target ${r.target} | ${verdict}`, '', '', '', '', '']);
    for (const note of r.notes) rows.push(['', '', `  ${note}`, '', '', '', '', '']);
  }
  // Long verdict and note lines do not widen the columns.
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.filter((row) => row[3] !== '' || i !== 2).map((row) => row[i].length)));
  const fmt = (row: string[]) =>
    row[3] === '' && row[2] !== '' && row[0] === ''
      ? `${''.padEnd(widths[0] + widths[1] + 4)}${row[2]}`
      : row.map((cell, i) => (i >= 3 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [head, fmt(cols), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

/** Writes `bench/results/<ISO time>.json` with every figure and the machine; returns its path. */
export function writeJson(dir: string, results: ScenarioResult[], machine: Machine, quick: boolean, startedAt: Date): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
  writeFileSync(file, JSON.stringify({ startedAt: startedAt.toISOString(), quick, machine, results }, null, 2) + '\n');
  return file;
}
