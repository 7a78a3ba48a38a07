import { BASE, navigate } from '../components/router';
import { formatDuration, formatTime } from '../lib/format';
import { layoutTimeline } from '../lib/timeline';
import type { ActivationDoc } from '../lib/types';

const WIDTH = 960;
const LANE_H = 16;

/** Activations on a time axis (start × duration), coloured by outcome; each bar links to its activation. */
export function TimelineChart({ activations, now }: { activations: readonly ActivationDoc[]; now: number }) {
  const t = layoutTimeline(activations, { width: WIDTH, now, maxLanes: 10 });
  if (t.bars.length === 0) return <p class="empty">No activations in this range.</p>;
  const height = t.lanes * LANE_H + 28;
  return (
    <div class="timeline-wrap">
      <svg class="timeline" viewBox={`-4 0 ${WIDTH + 8} ${height}`} preserveAspectRatio="none" role="img" aria-label={`Timeline of ${t.bars.length} activations`}>
        {t.ticks.map((k) => (
          <g key={k.x}>
            <line x1={k.x} x2={k.x} y1={0} y2={height - 18} class="tick" />
            <text x={k.x} y={height - 4} class="tick-label" text-anchor={k.x === 0 ? 'start' : k.x >= WIDTH ? 'end' : 'middle'}>
              {formatTime(k.at).slice(11)}
            </text>
          </g>
        ))}
        {t.bars.map((b) => {
          const to = `/activations/${b.id}`;
          return (
            <a
              key={b.id}
              href={`${BASE}${to}`}
              class="bar-link"
              onClick={(e: MouseEvent) => {
                e.preventDefault();
                navigate(to);
              }}
            >
              <rect x={b.x} y={b.lane * LANE_H + 2} width={b.width} height={LANE_H - 4} rx={2} class={`bar ${b.className}`} />
              <title>{`${b.name} · ${b.outcome} · ${formatTime(b.start)} · ${formatDuration(b.duration)}`}</title>
            </a>
          );
        })}
      </svg>
    </div>
  );
}
