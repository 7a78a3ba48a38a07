import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { CodeEditor } from '../components/code-editor';
import { ErrorBox, Loading, Panel, useAsync } from '../components/common';
import { Link, navigate } from '../components/router';
import { actionToForm, formToActionBody, type ActionForm } from '../lib/action-form';
import { entityNameError } from '../lib/names';

type LimitField = 'timeout' | 'memory' | 'logs' | 'concurrency';
const LIMITS: { field: LimitField; label: string }[] = [
  { field: 'timeout', label: 'Timeout (ms)' },
  { field: 'memory', label: 'Memory (MB)' },
  { field: 'logs', label: 'Logs (MB)' },
  { field: 'concurrency', label: 'Concurrency' },
];

/** Create (no `name`) or edit an action: kind, code in CodeMirror, limits, default parameters. */
export function ActionEditPage({ api, name }: { api: ApiClient; name?: string }) {
  const loaded = useAsync(async () => ({ action: name ? await api.action(name) : undefined, kinds: await api.kinds().catch(() => ['nodejs:20']) }), [api, name]);
  const [form, setForm] = useState<ActionForm>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (loaded.data) setForm(actionToForm(loaded.data.action));
  }, [loaded.data]);

  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data || !form) return <Loading />;
  const set = (patch: Partial<ActionForm>) => setForm({ ...form, ...patch });
  const kinds = [...new Set([...loaded.data.kinds, 'blackbox', form.kind])].filter((k) => k !== 'sequence');

  const save = async (e: Event) => {
    e.preventDefault();
    const target = name ?? form.name.trim();
    const nameErr = name ? undefined : entityNameError(target, 'action name');
    const built = formToActionBody(form, loaded.data!.action);
    setErrors({ ...(built.ok ? {} : built.errors), ...(nameErr ? { name: nameErr } : {}) });
    if (nameErr || !built.ok) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.putAction(target, built.body, Boolean(name));
      navigate(`/actions/${encodeURIComponent(target)}`);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  const err = (f: string) => (errors[f] ? <small class="field-error">{errors[f]}</small> : null);
  return (
    <Panel title={name ? `Edit ${name}` : 'New action'} id="edit-title" actions={<Link to={name ? `/actions/${encodeURIComponent(name)}` : '/actions'}>← Back</Link>}>
      <form class="form" onSubmit={save}>
        <div class="row">
          {name ? null : (
            <div class="field">
              <label for="action-name">Name</label>
              <input id="action-name" value={form.name} onInput={(e) => set({ name: e.currentTarget.value })} required aria-invalid={errors.name ? 'true' : undefined} />
              {err('name')}
            </div>
          )}
          <div class="field">
            <label for="action-kind">Kind</label>
            <select id="action-kind" value={form.kind} onChange={(e) => set({ kind: e.currentTarget.value })}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="action-main">Entry function</label>
            <input id="action-main" value={form.main} placeholder="main" onInput={(e) => set({ main: e.currentTarget.value })} />
          </div>
          {form.kind === 'blackbox' ? (
            <div class="field">
              <label for="action-image">Image (local)</label>
              <input id="action-image" value={form.image} onInput={(e) => set({ image: e.currentTarget.value })} />
              {err('image')}
            </div>
          ) : null}
        </div>
        <label id="code-label">Code</label>
        <CodeEditor value={form.code} onChange={(code) => setForm((f) => (f ? { ...f, code } : f))} label="Action code" />
        {err('code')}
        <fieldset>
          <legend>Limits (empty: the default)</legend>
          <div class="row">
            {LIMITS.map(({ field, label }) => (
              <div class="field" key={field}>
                <label for={`limit-${field}`}>{label}</label>
                <input id={`limit-${field}`} inputMode="numeric" value={form[field]} onInput={(e) => set({ [field]: e.currentTarget.value } as Partial<ActionForm>)} aria-invalid={errors[field] ? 'true' : undefined} />
                {err(field)}
              </div>
            ))}
          </div>
        </fieldset>
        <label for="action-params">Default parameters (JSON object)</label>
        <textarea id="action-params" class="mono" rows={4} spellcheck={false} value={form.parameters} onInput={(e) => set({ parameters: e.currentTarget.value })} aria-invalid={errors.parameters ? 'true' : undefined} />
        {err('parameters')}
        <label class="check">
          <input type="checkbox" checked={form.webExport} onChange={(e) => set({ webExport: e.currentTarget.checked })} /> Web action (answers on /api/v1/web/… without a key)
        </label>
        {error ? <ErrorBox error={error} /> : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </form>
    </Panel>
  );
}
