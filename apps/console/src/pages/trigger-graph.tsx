import { BASE, navigate } from '../components/router';
import type { Graph } from '../lib/graph';
import { splitPath, localName } from '../lib/names';

const NODE_W = 200;
const NODE_H = 36;

function clip(text: string, max = 24): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The trigger → rules → actions graph as SVG; action nodes are links to the action. */
export function TriggerGraph({ graph }: { graph: Graph }) {
  if (graph.nodes.length === 0) return <p class="empty">No triggers or rules yet.</p>;
  const pad = 24;
  const w = graph.width + 2 * pad;
  const h = graph.height + 2 * pad + 20;
  return (
    <div class="graph-wrap">
      <svg class="graph" viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img" aria-label="Triggers, their rules and the actions they run">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
          </marker>
        </defs>
        <g transform={`translate(${pad},${pad + 20})`}>
          <text class="col-title" x={0} y={-10}>
            Triggers
          </text>
          <text class="col-title" x={260} y={-10}>
            Rules
          </text>
          <text class="col-title" x={520} y={-10}>
            Actions
          </text>
          {graph.edges.map((e) => {
            const mx = (e.x1 + e.x2) / 2;
            return <path key={`${e.from}>${e.to}`} class={`edge ${e.active ? 'edge-active' : 'edge-inactive'}`} d={`M ${e.x1} ${e.y1} C ${mx} ${e.y1}, ${mx} ${e.y2}, ${e.x2 - 2} ${e.y2}`} marker-end="url(#arrow)" />;
          })}
          {graph.nodes.map((n) => {
            const body = (
              <>
                <rect x={n.x} y={n.y} width={NODE_W} height={NODE_H} rx={8} class={`node node-${n.kind} ${n.status ? `node-${n.status}` : ''}`} />
                {n.kind === 'trigger' && n.status === 'feed' ? <circle cx={n.x + 14} cy={n.y + NODE_H / 2} r={4} class="feed-dot" /> : null}
                <text x={n.x + (n.status === 'feed' ? 24 : 12)} y={n.y + NODE_H / 2 + 5} class="node-label">
                  {clip(n.label, n.status === 'feed' ? 23 : 24)}
                  {n.kind === 'rule' && n.status === 'inactive' ? ' (off)' : ''}
                </text>
                <title>{`${n.kind} ${n.id}${n.status ? ` (${n.status})` : ''}`}</title>
              </>
            );
            if (n.kind !== 'action') return <g key={`${n.kind}:${n.id}`}>{body}</g>;
            const to = `/actions/${encodeURIComponent(localName(splitPath(n.id)))}`;
            return (
              <a
                key={`${n.kind}:${n.id}`}
                href={`${BASE}${to}`}
                onClick={(e: MouseEvent) => {
                  e.preventDefault();
                  navigate(to);
                }}
              >
                {body}
              </a>
            );
          })}
        </g>
      </svg>
    </div>
  );
}
