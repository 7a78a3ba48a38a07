import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { ErrorBox, JsonBlock, Loading, Pager, Panel, useAsync } from '../components/common';
import { Link } from '../components/router';
import { deadLetterRow } from '../lib/dead-letter';
import { formatTime } from '../lib/format';
import { outcomeClass } from '../lib/outcome';

const LIMIT = 30;

/** Events rules could not deliver after their retries: list, inspect, delete. */
export function DeadLettersPage({ api }: { api: ApiClient }) {
  const [skip, setSkip] = useState(0);
  const [open, setOpen] = useState<string>();
  const [error, setError] = useState<Error>();
  const list = useAsync(() => api.deadLetters({ skip, limit: LIMIT }), [api, skip]);
  const detail = useAsync(async () => (open ? api.deadLetter(open) : undefined), [api, open]);

  const remove = async (id: string) => {
    setError(undefined);
    try {
      await api.deleteDeadLetter(id);
      if (open === id) setOpen(undefined);
      list.reload();
    } catch (err) {
      setError(err as Error);
    }
  };

  return (
    <Panel
      title="Dead letters"
      id="deadletters-title"
      actions={
        <button type="button" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
      }
    >
      <p class="muted">Events a rule with a delivery policy could not deliver once its retries ran out.</p>
      {list.error ? <ErrorBox error={list.error} onRetry={list.reload} /> : null}
      {error ? <ErrorBox error={error} /> : null}
      {list.loading && !list.data ? <Loading what="Loading dead letters" /> : null}
      {list.data && list.data.length === 0 && skip === 0 ? <p class="empty">No dead letters.</p> : null}
      {list.data && list.data.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Rule</th>
                <th scope="col">Trigger → action</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last outcome</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {list.data.map(deadLetterRow).map((d) => (
                <tr key={d.id} class={open === d.id ? 'selected' : ''}>
                  <td>{formatTime(d.created)}</td>
                  <td>{d.rule}</td>
                  <td>
                    {d.trigger} → {d.action}
                  </td>
                  <td>
                    {d.attempts}
                    {d.triggerActivationId ? (
                      <>
                        {' '}
                        <Link to={`/activations/${d.triggerActivationId}`} class="small">
                          trace
                        </Link>
                      </>
                    ) : null}
                  </td>
                  <td class="small">
                    {d.lastOutcome ? <span class={`badge ${outcomeClass(d.lastOutcome)}`}>{d.lastOutcome}</span> : null} {d.lastError ?? ''}
                  </td>
                  <td class="nowrap">
                    <button type="button" class="small" onClick={() => setOpen(open === d.id ? undefined : d.id)} aria-expanded={open === d.id}>
                      Inspect
                    </button>{' '}
                    <button type="button" class="small danger" onClick={() => remove(d.id)} aria-label={`Delete dead letter ${d.id}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager skip={skip} limit={LIMIT} received={list.data?.length ?? 0} onChange={setSkip} />
      {open ? (
        <section class="detail" aria-label="Dead letter">
          <h3>Dead letter {open}</h3>
          {detail.error ? <ErrorBox error={detail.error} /> : null}
          {detail.data ? <JsonBlock value={detail.data} label="Dead letter" /> : <Loading />}
        </section>
      ) : null}
    </Panel>
  );
}
