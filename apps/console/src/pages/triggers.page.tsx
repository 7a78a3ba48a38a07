import { useMemo, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { ErrorBox, Loading, Pager, Panel, useAsync } from '../components/common';
import { Link } from '../components/router';
import { annotation } from '../lib/annotations';
import { feedActionOf, feedSummary, type FeedSummary } from '../lib/feed';
import { formatTime } from '../lib/format';
import { layoutGraph } from '../lib/graph';
import { localName, splitPath } from '../lib/names';
import { parseJsonObject } from '../lib/params';
import type { RuleDoc, TriggerDoc } from '../lib/types';
import { TriggerGraph } from './trigger-graph';

const LIMIT = 30;

interface TriggerRow {
  trigger: TriggerDoc;
  feed?: FeedSummary;
  feedError?: string;
  rules: (RuleDoc & { status: string })[];
}

async function loadPage(api: ApiClient, skip: number): Promise<{ rows: TriggerRow[]; rules: RuleDoc[]; received: number }> {
  const [list, rules] = await Promise.all([api.triggers({ skip, limit: LIMIT }), api.rules({ skip: 0, limit: 200 })]);
  const rows = await Promise.all(
    list.map(async (t): Promise<TriggerRow> => {
      const full = await api.trigger(t.name);
      const links = full.rules ?? {};
      const own = rules
        .filter((r) => `${r.trigger.path}/${r.trigger.name}` === `${full.namespace}/${full.name}`)
        .map((r) => ({ ...r, status: links[`${r.namespace}/${r.name}`]?.status ?? 'active' }));
      const feedAction = feedActionOf(full);
      if (!feedAction) return { trigger: full, rules: own };
      try {
        return { trigger: full, rules: own, feed: feedSummary(feedAction, await api.readFeed(feedAction, full.name)) };
      } catch (e) {
        return { trigger: full, rules: own, feed: feedSummary(feedAction), feedError: (e as Error).message };
      }
    }),
  );
  return { rows, rules, received: list.length };
}

function FeedCell({ api, row, onChange }: { api: ApiClient; row: TriggerRow; onChange: () => void }) {
  const [error, setError] = useState<Error>();
  const f = row.feed;
  if (!f) return <span class="muted">—</span>;
  const pause = f.state === 'active';
  const toggle = async () => {
    setError(undefined);
    try {
      await api.feed(f.action, pause ? 'PAUSE' : 'UNPAUSE', row.trigger.name);
      onChange();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <div class="feed-cell">
      <code>{f.action}</code>
      <div>
        {f.kind ? <span class="badge">{f.kind}</span> : null} <span class={`badge state-${f.state}`}>{f.state}</span>
      </div>
      {f.reason ? <div class="small reason">{f.reason}</div> : null}
      {row.feedError ? <div class="small field-error">{row.feedError}</div> : null}
      <div class="small muted">
        fired {f.firedCount ?? 0}×{f.lastFiredAt ? `, last ${formatTime(Date.parse(f.lastFiredAt))}` : ''}
      </div>
      {f.state === 'active' || f.state === 'paused' ? (
        <div>
          <button type="button" class="small" onClick={toggle} aria-label={`${pause ? 'Pause' : 'Resume'} the feed of ${row.trigger.name}`}>
            {pause ? 'Pause' : 'Resume'}
          </button>
        </div>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}

function FireForm({ api, name, onDone }: { api: ApiClient; name: string; onDone: () => void }) {
  const [payload, setPayload] = useState('{}');
  const [error, setError] = useState<Error | string>();
  const [outcome, setOutcome] = useState<{ activationId?: string } | 'none'>();
  const fire = async (e: Event) => {
    e.preventDefault();
    const parsed = parseJsonObject(payload, 'Payload');
    if (!parsed.ok) return setError(parsed.error);
    setError(undefined);
    try {
      const r = await api.fire(name, parsed.value);
      setOutcome(r?.activationId ? r : 'none');
      onDone();
    } catch (err) {
      setError(err as Error);
    }
  };
  const id = `fire-${name.replace(/[^\w-]/g, '_')}`;
  return (
    <form class="fire-form" onSubmit={fire}>
      <label for={id}>Payload for {name}</label>
      <textarea id={id} class="mono" rows={2} spellcheck={false} value={payload} onInput={(e) => setPayload(e.currentTarget.value)} />
      <button type="submit">Fire</button>
      {error ? <ErrorBox error={error} /> : null}
      {outcome === 'none' ? <p class="muted small">No active rule: nothing ran.</p> : null}
      {outcome && outcome !== 'none' ? (
        <p class="small" role="status">
          Fired: <Link to={`/activations/${outcome.activationId}`}>{outcome.activationId}</Link>
        </p>
      ) : null}
    </form>
  );
}

/** Triggers with their feeds and rules, as a graph and as a table; rules can be enabled and disabled, triggers fired. */
export function TriggersPage({ api }: { api: ApiClient }) {
  const [skip, setSkip] = useState(0);
  const [firing, setFiring] = useState<string>();
  const [error, setError] = useState<Error>();
  const data = useAsync(() => loadPage(api, skip), [api, skip]);
  const graph = useMemo(() => {
    if (!data.data) return undefined;
    const status = new Map(data.data.rows.flatMap((r) => r.rules.map((x) => [`/${x.namespace}/${x.name}`, x.status] as [string, string])));
    const shown = new Set(data.data.rows.map((r) => `${r.trigger.namespace}/${r.trigger.name}`));
    return layoutGraph(
      data.data.rows.map((r) => r.trigger),
      data.data.rules.filter((r) => shown.has(`${r.trigger.path}/${r.trigger.name}`)),
      status,
    );
  }, [data.data]);

  const toggle = async (rule: RuleDoc & { status: string }) => {
    setError(undefined);
    try {
      await api.setRuleStatus(rule.name, rule.status === 'active' ? 'inactive' : 'active');
      data.reload();
    } catch (err) {
      setError(err as Error);
    }
  };

  return (
    <div class="stack">
      <Panel title="Triggers and rules" id="triggers-title" actions={<Link to="/catalog">Connect a feed…</Link>}>
        {data.error ? <ErrorBox error={data.error} onRetry={data.reload} /> : null}
        {error ? <ErrorBox error={error} /> : null}
        {data.loading && !data.data ? <Loading what="Loading triggers" /> : null}
        {graph ? <TriggerGraph graph={graph} /> : null}
      </Panel>
      {data.data ? (
        <Panel title="Table" id="triggers-table-title">
          {data.data.rows.length === 0 ? <p class="empty">No triggers yet. Connect a feed from the catalog.</p> : null}
          {data.data.rows.length ? (
            <div class="table-wrap">
              <table class="triggers">
                <thead>
                  <tr>
                    <th scope="col">Trigger</th>
                    <th scope="col">Feed</th>
                    <th scope="col">Rules → actions</th>
                    <th scope="col">Fire</th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.rows.map((row) => (
                    <tr key={row.trigger.name}>
                      <th scope="row">{row.trigger.name}</th>
                      <td>
                        <FeedCell api={api} row={row} onChange={data.reload} />
                      </td>
                      <td>
                        {row.rules.length === 0 ? <span class="muted">no rules</span> : null}
                        <ul class="rules">
                          {row.rules.map((r) => {
                            const action = localName(splitPath(`/${r.action.path}/${r.action.name}`));
                            const filter = annotation(r.annotations, 'filter');
                            const delivery = annotation(r.annotations, 'delivery');
                            return (
                              <li key={r.name}>
                                <code>{r.name}</code> <span class={`badge state-${r.status}`}>{r.status}</span> → <Link to={`/actions/${encodeURIComponent(action)}`}>{action}</Link>
                                {filter !== undefined ? <div class="small muted">filter {JSON.stringify(filter)}</div> : null}
                                {delivery !== undefined ? <div class="small muted">delivery {JSON.stringify(delivery)}</div> : null}
                                <button type="button" class="small" onClick={() => toggle(r)} aria-label={`${r.status === 'active' ? 'Disable' : 'Enable'} rule ${r.name}`}>
                                  {r.status === 'active' ? 'Disable' : 'Enable'}
                                </button>
                              </li>
                            );
                          })}
                        </ul>
                      </td>
                      <td>
                        {firing === row.trigger.name ? (
                          <FireForm api={api} name={row.trigger.name} onDone={() => undefined} />
                        ) : (
                          <button type="button" onClick={() => setFiring(row.trigger.name)} aria-label={`Fire ${row.trigger.name}`}>
                            Fire…
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <Pager skip={skip} limit={LIMIT} received={data.data.received} onChange={setSkip} />
        </Panel>
      ) : null}
    </div>
  );
}
