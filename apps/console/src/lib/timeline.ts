import { isInstant, outcomeClass, outcomeOf, type Outcome } from './outcome';
import type { ActivationDoc } from './types';

/** One activation drawn as a bar: x from its start, width from its duration, a lane so bars do not overlap. */
export interface TimelineBar {
  id: string;
  name: string;
  x: number;
  width: number;
  lane: number;
  outcome: Outcome;
  className: string;
  start: number;
  duration?: number;
}

/** A laid-out timeline. */
export interface Timeline {
  bars: TimelineBar[];
  lanes: number;
  from: number;
  to: number;
  ticks: { x: number; at: number }[];
}

/** Layout options: chart width in px, the least bar width, the most lanes (later overlaps share the last lane). */
export interface TimelineOptions {
  width: number;
  minBarWidth?: number;
  maxLanes?: number;
  /** End of the time axis for running activations (no end yet); default the latest start or end. */
  now?: number;
  ticks?: number;
}

/**
 * Lays activations out on a time axis (start × duration). Lanes are assigned greedily in start order: a bar goes
 * to the first lane whose last bar (in pixels) ended before it starts.
 */
export function layoutTimeline(activations: readonly ActivationDoc[], opts: TimelineOptions): Timeline {
  const minW = opts.minBarWidth ?? 3;
  const maxLanes = Math.max(1, opts.maxLanes ?? 12);
  const sorted = [...activations].sort((a, b) => a.start - b.start || a.activationId.localeCompare(b.activationId));
  if (sorted.length === 0) return { bars: [], lanes: 0, from: 0, to: 0, ticks: [] };
  // Trigger fires are instants; an action record with no end is still running and reaches to now.
  const endOf = (a: ActivationDoc) => (a.end ? a.end : a.duration !== undefined ? a.start + a.duration : isInstant(a) ? a.start : undefined);
  const from = sorted[0].start;
  let to = Math.max(...sorted.map((a) => endOf(a) ?? a.start));
  if (opts.now !== undefined && sorted.some((a) => endOf(a) === undefined)) to = Math.max(to, opts.now);
  if (to <= from) to = from + 1000;
  const scale = opts.width / (to - from);
  const laneEnds: number[] = [];
  const bars = sorted.map((a) => {
    const x = (a.start - from) * scale;
    const end = endOf(a) ?? to;
    const width = Math.max(minW, (end - a.start) * scale);
    let lane = laneEnds.findIndex((e) => e <= x);
    if (lane === -1) lane = laneEnds.length < maxLanes ? laneEnds.length : maxLanes - 1;
    laneEnds[lane] = Math.max(laneEnds[lane] ?? 0, x + width + 1);
    const outcome = outcomeOf(a);
    return { id: a.activationId, name: a.name, x, width: Math.min(width, opts.width - x), lane, outcome, className: outcomeClass(outcome), start: a.start, ...(a.duration !== undefined ? { duration: a.duration } : {}) };
  });
  const n = Math.max(2, opts.ticks ?? 5);
  const ticks = Array.from({ length: n }, (_, i) => ({ x: (opts.width * i) / (n - 1), at: Math.round(from + ((to - from) * i) / (n - 1)) }));
  return { bars, lanes: laneEnds.length, from, to, ticks };
}
