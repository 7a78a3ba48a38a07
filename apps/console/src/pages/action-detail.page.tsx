import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { CodeEditor } from '../components/code-editor';
import { ErrorBox, JsonBlock, Loading, Panel, useAsync } from '../components/common';
import { Link, navigate } from '../components/router';
import { fromKeyValues } from '../lib/annotations';
import { formatDuration } from '../lib/format';
import { outcomeClass, outcomeOf } from '../lib/outcome';
import { parseJsonObject } from '../lib/params';
import type { ActivationDoc } from '../lib/types';

function InvokePanel({ api, name }: { api: ApiClient; name: string }) {
  const [params, setParams] = useState('{}');
  const [error, setError] = useState<Error | string>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActivationDoc | { activationId: string }>();

  const invoke = async (e: Event) => {
    e.preventDefault();
    const parsed = parseJsonObject(params);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await api.invoke(name, parsed.value));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  const full = result && 'start' in result ? result : undefined;
  const outcome = full ? outcomeOf(full) : undefined;
  return (
    <Panel title="Invoke" id="invoke-title">
      <form onSubmit={invoke} class="form">
        <label for="invoke-params">Parameters (JSON object)</label>
        <textarea id="invoke-params" class="mono" rows={4} spellcheck={false} value={params} onInput={(e) => setParams(e.currentTarget.value)} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Running…' : 'Invoke'}
        </button>
      </form>
      {error ? <ErrorBox error={error} /> : null}
      {result && !full ? (
        <p role="status">
          Still running after the blocking wait: <Link to={`/activations/${result.activationId}`}>{result.activationId}</Link>
        </p>
      ) : null}
      {full && outcome ? (
        <div class="invoke-result" role="status" aria-live="polite">
          <p>
            <span class={`badge ${outcomeClass(outcome)}`}>{outcome}</span> in <strong class="duration">{formatDuration(full.duration)}</strong> · activation{' '}
            <Link to={`/activations/${full.activationId}`}>{full.activationId}</Link>
          </p>
          <h3>Result</h3>
          <JsonBlock value={full.response?.result} label="Result" />
          <h3>Logs</h3>
          <pre class="logs" tabIndex={0}>
            {(full.logs ?? []).join('\n') || '(no logs)'}
          </pre>
        </div>
      ) : null}
    </Panel>
  );
}

/** One action: its code, limits, parameters, and an invoke form. */
export function ActionDetailPage({ api, name }: { api: ApiClient; name: string }) {
  const action = useAsync(() => api.action(name), [api, name]);
  const [deleteError, setDeleteError] = useState<Error>();
  if (action.error) return <ErrorBox error={action.error} onRetry={action.reload} />;
  if (!action.data) return <Loading what={`Loading ${name}`} />;
  const a = action.data;
  const remove = async () => {
    if (!window.confirm(`Delete the action ${name}?`)) return;
    try {
      await api.deleteAction(name);
      navigate('/actions');
    } catch (err) {
      setDeleteError(err as Error);
    }
  };
  const kind = a.exec?.kind ?? '';
  return (
    <div class="stack">
      <Panel
        title={name}
        id="action-title"
        actions={
          <>
            <Link to="/actions">← Actions</Link>
            <Link to={`/actions/${encodeURIComponent(name)}/edit`} class="button">
              Edit
            </Link>
            <button type="button" class="danger" onClick={remove}>
              Delete
            </button>
          </>
        }
      >
        {deleteError ? <ErrorBox error={deleteError} /> : null}
        <dl class="facts">
          <div>
            <dt>Kind</dt>
            <dd>{kind}</dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd>{a.version}</dd>
          </div>
          <div>
            <dt>Timeout</dt>
            <dd>{formatDuration(a.limits?.timeout)}</dd>
          </div>
          <div>
            <dt>Memory</dt>
            <dd>{a.limits?.memory ?? '—'} MB</dd>
          </div>
          <div>
            <dt>Concurrency</dt>
            <dd>{a.limits?.concurrency ?? '—'}</dd>
          </div>
        </dl>
        {kind === 'sequence' ? (
          <p>
            Sequence of: <code>{(a.exec?.components ?? []).join(' → ')}</code>
          </p>
        ) : a.exec?.binary ? (
          <p class="muted">Binary (zip) action: the code is not shown.</p>
        ) : a.exec?.image ? (
          <p>
            Image <code>{a.exec.image}</code>
          </p>
        ) : (
          <CodeEditor value={a.exec?.code ?? ''} readOnly label={`Code of ${name}`} />
        )}
        <h3>Default parameters</h3>
        <JsonBlock value={fromKeyValues(a.parameters)} label="Default parameters" />
      </Panel>
      <InvokePanel api={api} name={name} />
    </div>
  );
}
