import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { ErrorBox, Loading, Pager, Panel, usePolling } from '../components/common';
import { Link } from '../components/router';
import { activationQuery, filterByOutcome, mergeActivations, TIME_RANGES, type ActivationFilter, type TimeRange } from '../lib/activation-query';
import { formatDuration, formatTime } from '../lib/format';
import { OUTCOMES, outcomeClass, outcomeOf, type Outcome } from '../lib/outcome';
import type { ActivationDoc } from '../lib/types';
import { TimelineChart } from './timeline-chart';

const LIMIT = 50;
const POLL_MS = 3000;

/** The activations: timeline and list, filtered by name, outcome and time range; the first page updates live. */
export function ActivationsPage({ api }: { api: ApiClient }) {
  const [filter, setFilter] = useState<ActivationFilter>({ name: '', outcome: 'any', range: '1h' });
  const [draft, setDraft] = useState(filter);
  const [skip, setSkip] = useState(0);
  const [list, setList] = useState<ActivationDoc[]>();
  const [received, setReceived] = useState(0);
  const [error, setError] = useState<Error>();
  const [now, setNow] = useState(Date.now());
  const [live, setLive] = useState(true);

  // A poll still in flight when the filter changes must not merge the old filter's page into the new list.
  const current = useRef('');
  current.current = JSON.stringify([filter, skip, api.namespace]);
  const load = async (merge: boolean) => {
    const at = Date.now();
    const asked = current.current;
    try {
      const page = await api.activations(activationQuery(filter, { skip, limit: LIMIT }, at));
      if (asked !== current.current) return;
      setReceived(page.length);
      setList((shown) => (merge && shown ? mergeActivations(shown, page, LIMIT) : page));
      setNow(at);
      setError(undefined);
    } catch (e) {
      if (asked === current.current) setError(e as Error);
    }
  };

  useEffect(() => {
    setList(undefined);
    void load(false);
  }, [api, filter, skip]);
  usePolling(() => void load(true), POLL_MS, live && skip === 0);

  const apply = (e: Event) => {
    e.preventDefault();
    setSkip(0);
    setFilter(draft);
  };
  const shown = list ? filterByOutcome(list, filter.outcome) : undefined;

  return (
    <div class="stack">
      <Panel
        title="Activations"
        id="activations-title"
        actions={
          <label class="check">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} /> Live
          </label>
        }
      >
        <form class="filters" onSubmit={apply} role="search">
          <div class="field">
            <label for="filter-name">Name</label>
            <input id="filter-name" value={draft.name} placeholder="action or trigger" onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for="filter-outcome">Outcome</label>
            <select id="filter-outcome" value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: e.currentTarget.value as Outcome | 'any' })}>
              <option value="any">any</option>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-range">Since</label>
            <select id="filter-range" value={draft.range} onChange={(e) => setDraft({ ...draft, range: e.currentTarget.value as TimeRange })}>
              {Object.keys(TIME_RANGES).map((r) => (
                <option key={r} value={r}>
                  {r === 'all' ? 'any time' : `last ${r}`}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Apply</button>
        </form>
        {error ? <ErrorBox error={error} /> : null}
        {!shown && !error ? <Loading what="Loading activations" /> : null}
        {shown ? <TimelineChart activations={shown} now={now} /> : null}
        <p class="legend small">
          {OUTCOMES.map((o) => (
            <span key={o} class="legend-item">
              <span class={`swatch ${outcomeClass(o)}`} aria-hidden="true" /> {o}
            </span>
          ))}
        </p>
      </Panel>
      {shown ? (
        <Panel title="List" id="activations-list-title">
          {shown.length === 0 ? <p class="empty">No activations match.</p> : null}
          {shown.length ? (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Start</th>
                    <th scope="col">Duration</th>
                    <th scope="col">Activation</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((a) => {
                    const o = outcomeOf(a);
                    return (
                      <tr key={a.activationId}>
                        <td>{a.name}</td>
                        <td>
                          <span class={`badge ${outcomeClass(o)}`}>{o}</span>
                        </td>
                        <td>{formatTime(a.start)}</td>
                        <td>{formatDuration(a.duration)}</td>
                        <td>
                          <Link to={`/activations/${a.activationId}`} class="mono">
                            {a.activationId}
                          </Link>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : null}
          <Pager skip={skip} limit={LIMIT} received={received} onChange={setSkip} />
        </Panel>
      ) : null}
    </div>
  );
}
