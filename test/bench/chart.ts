import type { ScenarioResult } from './context';
import type { Machine } from './machine';
import { Measure, percentile } from './stats';

const W = 960;
const LEFT = 300;
const RIGHT = 40;
const ROW = 26;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Latency distributions per scenario as a hand-written SVG: one row per figure on a log-scaled ms axis, box p25–p75,
 * whiskers p5–p99, a tick at p50; Wisp in blue, its floor in grey.
 */
export function chartSvg(results: ScenarioResult[], machine: Machine, title: string): string {
  const rows: { scenario?: string; m: Measure; floor: boolean }[] = [];
  for (const r of results) {
    // Scenario 8's figures are rates, not latencies.
    if (r.skipped || r.error || r.id === 8) continue;
    r.wisp.forEach((m, i) => {
      rows.push({ scenario: i === 0 ? `${r.id} ${r.name}` : undefined, m, floor: false });
      const f = r.floors?.[i];
      if (f) rows.push({ m: f, floor: true });
    });
    if (r.floor) rows.push({ m: r.floor, floor: true });
  }
  const all = rows.flatMap((r) => r.m.samples).filter((x) => x > 0);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...all, 1))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...all, 10))));
  const x = (ms: number) => LEFT + ((Math.log10(Math.max(ms, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (W - LEFT - RIGHT);
  const top = 60;
  const height = top + rows.length * ROW + 50;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="10" y="38" fill="#555">${esc(`${machine.cpus}× ${machine.cpuModel}, ${machine.memoryGb} GB, node ${machine.node}, docker ${machine.docker}`)} — box p25–p75, whiskers p5–p99, tick p50; blue Wisp, grey floor</text>`,
  ];
  for (let d = lo; d <= hi; d *= 10) {
    out.push(`<line x1="${x(d)}" y1="${top - 5}" x2="${x(d)}" y2="${top + rows.length * ROW}" stroke="#ddd"/>`);
    out.push(`<text x="${x(d)}" y="${top + rows.length * ROW + 18}" text-anchor="middle" fill="#555">${d >= 1 ? d : d.toFixed(1)} ms</text>`);
  }
  rows.forEach((r, i) => {
    const y = top + i * ROW + ROW / 2;
    const s = [...r.m.samples].sort((a, b) => a - b);
    const [p5, p25, p75, p99] = [5, 25, 75, 99].map((p) => percentile(s, p));
    const color = r.floor ? '#999' : '#2b6cb0';
    if (r.scenario) out.push(`<text x="10" y="${y - 2}" font-weight="bold">${esc(r.scenario)}</text>`);
    out.push(`<text x="${LEFT - 8}" y="${y + 4}" text-anchor="end" fill="${color}">${esc(r.m.label)}</text>`);
    out.push(`<line x1="${x(p5)}" y1="${y}" x2="${x(p99)}" y2="${y}" stroke="${color}"/>`);
    out.push(`<rect x="${x(p25)}" y="${y - 7}" width="${Math.max(1, x(p75) - x(p25))}" height="14" fill="${color}" fill-opacity="0.35" stroke="${color}"/>`);
    out.push(`<line x1="${x(r.m.p50)}" y1="${y - 9}" x2="${x(r.m.p50)}" y2="${y + 9}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${Math.min(W - 5, x(p99) + 6)}" y="${y + 4}" fill="#333" font-size="10">${r.m.p50.toFixed(1)} / ${r.m.p99.toFixed(1)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
