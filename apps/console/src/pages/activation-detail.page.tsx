import type { ApiClient } from '../api/client';
import { ErrorBox, JsonBlock, Loading, Panel, useAsync, usePolling } from '../components/common';
import { Link } from '../components/router';
import { formatDuration, formatTime } from '../lib/format';
import { outcomeClass, outcomeOf } from '../lib/outcome';
import { buildTraceTree, flattenTrace } from '../lib/trace-tree';
import type { ActivationDoc } from '../lib/types';

const MAX_UP = 8;
const MAX_NODES = 100;

/** Walks `cause` up to the root, then fetches children breadth first (bounded) and builds the trace tree. */
async function loadTrace(api: ApiClient, a: ActivationDoc) {
  let root = a;
  for (let i = 0; i < MAX_UP && root.cause; i++) {
    try {
      root = await api.activation(root.cause);
    } catch {
      break; // the parent is gone (retention) or not ours: the trace starts here
    }
  }
  const childrenOf = new Map<string, ActivationDoc[]>();
  const queue = [root.activationId];
  let fetched = 0;
  while (queue.length && fetched < MAX_NODES) {
    const id = queue.shift()!;
    const kids = await api.children(id);
    fetched += kids.length + 1;
    childrenOf.set(id, kids);
    queue.push(...kids.map((k) => k.activationId));
  }
  return buildTraceTree(root, childrenOf, { maxDepth: 8, maxNodes: MAX_NODES });
}

/** One activation: result, logs, annotations, and its trace tree (trigger → rules → sequence components). */
export function ActivationDetailPage({ api, id }: { api: ApiClient; id: string }) {
  const act = useAsync(() => api.activation(id), [api, id]);
  const trace = useAsync(async () => (act.data ? loadTrace(api, act.data) : undefined), [api, act.data]);
  usePolling(trace.reload, 4000, Boolean(act.data));
  if (act.error) return <ErrorBox error={act.error} onRetry={act.reload} />;
  if (!act.data) return <Loading what={`Loading ${id}`} />;
  const a = act.data;
  const o = outcomeOf(a);
  return (
    <div class="stack">
      <Panel title={`${a.name}`} id="activation-title" actions={<Link to="/activations">← Activations</Link>}>
        <dl class="facts">
          <div>
            <dt>Outcome</dt>
            <dd>
              <span class={`badge ${outcomeClass(o)}`}>{o}</span>
            </dd>
          </div>
          <div>
            <dt>Activation</dt>
            <dd class="mono">{a.activationId}</dd>
          </div>
          <div>
            <dt>Start</dt>
            <dd>{formatTime(a.start)}</dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd>{formatDuration(a.duration)}</dd>
          </div>
          {a.cause ? (
            <div>
              <dt>Caused by</dt>
              <dd>
                <Link to={`/activations/${a.cause}`} class="mono">
                  {a.cause}
                </Link>
              </dd>
            </div>
          ) : null}
        </dl>
        <h3>Result</h3>
        <JsonBlock value={a.response?.result} label="Result" />
        <h3>Logs</h3>
        <pre class="logs" tabIndex={0}>
          {(a.logs ?? []).join('\n') || '(no logs)'}
        </pre>
        <h3>Annotations</h3>
        <div class="table-wrap">
          <table class="compact">
            <tbody>
              {(a.annotations ?? []).map((x) => (
                <tr key={x.key}>
                  <th scope="row">{x.key}</th>
                  <td class="mono">{JSON.stringify(x.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      <Panel title="Trace" id="trace-title">
        {trace.error ? <ErrorBox error={trace.error} onRetry={trace.reload} /> : null}
        {!trace.data && !trace.error ? <Loading what="Following the trace" /> : null}
        {trace.data ? (
          <ul class="trace" aria-label="Trace tree">
            {flattenTrace(trace.data).map(({ node, depth }) => (
              <li key={node.id} class={`trace-node depth-${Math.min(depth, 8)} ${node.id === a.activationId ? 'current' : ''}`}>
                <span class={`badge ${outcomeClass(node.outcome)}`}>{node.outcome}</span>{' '}
                {node.id === a.activationId ? <strong>{node.name}</strong> : <Link to={`/activations/${node.id}`}>{node.name}</Link>}
                {node.causedBy ? <span class="muted small"> via {node.causedBy}</span> : null}
                <span class="muted small">
                  {' '}
                  {formatTime(node.start).slice(11)} · {formatDuration(node.duration)}
                </span>
                {node.truncated ? <span class="muted small"> (more not shown)</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </Panel>
    </div>
  );
}
