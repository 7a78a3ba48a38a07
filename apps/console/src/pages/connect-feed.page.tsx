import { useMemo, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { ErrorBox, JsonBlock, Loading, Panel, useAsync } from '../components/common';
import { ParamFields } from '../components/param-form';
import { Link } from '../components/router';
import { feedActionOf, githubHookToPaste } from '../lib/feed';
import { entityNameError, localName, splitPath } from '../lib/names';
import { fieldsOf, paramsFromForm } from '../lib/params';
import type { FeedRead } from '../lib/types';

const NEW = '__new__';

/**
 * Connect a catalog feed: the same calls `wsk trigger create --feed` makes — PUT the trigger with a `feed`
 * annotation, invoke the feed action with CREATE (deleting a trigger made here when CREATE fails), then optionally
 * PUT a rule to an action, and READ the feed to show its status (and a GitHub hook's URL and secret to paste).
 */
export function ConnectFeedPage({ api, pkgName, feedName }: { api: ApiClient; pkgName: string; feedName: string }) {
  const data = useAsync(async () => {
    const [catalog, triggers, actions] = await Promise.all([api.catalog(), api.triggers({ skip: 0, limit: 200 }), api.actions({ skip: 0, limit: 200 })]);
    return { catalog, triggers, actions };
  }, [api]);
  const pkg = data.data?.catalog.packages.find((p) => p.name === pkgName);
  const feed = pkg?.feeds.find((f) => f.name === feedName);
  const fields = useMemo(() => {
    if (!pkg || !feed) return [];
    const own = new Set(feed.parameters.map((p) => p.name));
    return fieldsOf([...feed.parameters, ...pkg.parameters.filter((p) => !own.has(p.name))], feed.sampleInput);
  }, [pkg, feed]);

  const [trigger, setTrigger] = useState(NEW);
  const [newName, setNewName] = useState('');
  const [action, setAction] = useState('');
  const [ruleName, setRuleName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<Error | string>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ trigger: string; rule?: string; read?: FeedRead }>();

  if (data.error) return <ErrorBox error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  if (!pkg || !feed) return <ErrorBox error={`No feed ${pkgName}/${feedName} in the catalog.`} />;
  const free = data.data.triggers.filter((t) => !feedActionOf(t));
  const triggerName = trigger === NEW ? newName.trim() : trigger;
  const defaultRule = triggerName && action ? `${triggerName}-${splitPath(action).name}` : '';

  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(undefined);
    setError(undefined);
    const errs: Record<string, string> = {};
    const tErr = entityNameError(triggerName, 'trigger name');
    if (tErr) errs.trigger = tErr;
    const rule = (ruleName.trim() || defaultRule).trim();
    const rErr = action ? entityNameError(rule, 'rule name') : undefined;
    if (rErr) errs.rule = rErr;
    const read = paramsFromForm(fields, values);
    if (!read.ok) Object.assign(errs, read.errors);
    setErrors(errs);
    if (Object.keys(errs).length || !read.ok) return;
    setBusy(true);
    let created = false;
    try {
      const annotations = [{ key: 'feed', value: feed.path }];
      if (trigger === NEW) {
        await api.putTrigger(triggerName, { annotations });
        created = true;
      } else {
        const existing = await api.trigger(triggerName);
        await api.putTrigger(triggerName, { annotations: [...(existing.annotations ?? []).filter((a) => a.key !== 'feed'), ...annotations], parameters: existing.parameters ?? [] }, true);
      }
      try {
        await api.feed(feed.path, 'CREATE', triggerName, read.params);
      } catch (err) {
        if (created) await api.deleteTrigger(triggerName).catch(() => undefined);
        throw err;
      }
      if (action) await api.putRule(rule, `/${api.namespace}/${triggerName}`, action);
      const status = await api.readFeed(feed.path, triggerName).catch(() => undefined);
      setDone({ trigger: triggerName, ...(action ? { rule } : {}), ...(status ? { read: status } : {}) });
      data.reload();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  const hook = githubHookToPaste(done?.read);
  return (
    <Panel title={`Connect ${feed.path}`} id="connect-title" actions={<Link to="/catalog">← Catalog</Link>}>
      <p>{feed.description}</p>
      <form class="form" onSubmit={submit}>
        <fieldset>
          <legend>Trigger</legend>
          <div class="field">
            <label for="feed-trigger">Trigger to fire</label>
            <select id="feed-trigger" value={trigger} onChange={(e) => setTrigger(e.currentTarget.value)}>
              <option value={NEW}>New trigger…</option>
              {free.map((t) => (
                <option value={t.name} key={t.name}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          {trigger === NEW ? (
            <div class="field">
              <label for="feed-trigger-name">New trigger name</label>
              <input id="feed-trigger-name" value={newName} onInput={(e) => setNewName(e.currentTarget.value)} aria-invalid={errors.trigger ? 'true' : undefined} required />
              {errors.trigger ? <small class="field-error">{errors.trigger}</small> : null}
            </div>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>Feed parameters</legend>
          <ParamFields fields={fields} values={values} errors={errors} idPrefix="feed" onInput={(n, v) => setValues({ ...values, [n]: v })} />
        </fieldset>
        <fieldset>
          <legend>Rule (optional)</legend>
          <div class="field">
            <label for="feed-action">Action to run on each event</label>
            <select id="feed-action" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
              <option value="">No rule</option>
              {data.data.actions.map((a) => {
                const name = localName(splitPath(`/${a.namespace}/${a.name}`));
                return (
                  <option value={`/${a.namespace}/${a.name}`} key={name}>
                    {name}
                  </option>
                );
              })}
            </select>
          </div>
          {action ? (
            <div class="field">
              <label for="feed-rule-name">Rule name</label>
              <input id="feed-rule-name" value={ruleName} placeholder={defaultRule} onInput={(e) => setRuleName(e.currentTarget.value)} aria-invalid={errors.rule ? 'true' : undefined} />
              {errors.rule ? <small class="field-error">{errors.rule}</small> : null}
            </div>
          ) : null}
        </fieldset>
        {error ? <ErrorBox error={error} /> : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect feed'}
        </button>
      </form>
      {done ? (
        <div class="success" role="status">
          <p>
            Trigger <Link to="/triggers">{done.trigger}</Link> is connected to {feed.path}
            {done.rule ? (
              <>
                {' '}
                with rule <code>{done.rule}</code>
              </>
            ) : null}
            . Status: <strong>{done.read?.status?.active ? 'active' : done.read?.status?.reason ?? 'unknown'}</strong>
          </p>
          {hook ? (
            <div class="paste">
              <p>Add this webhook in the repository's settings (content type application/json):</p>
              <label for="hook-url">Payload URL</label>
              <input id="hook-url" readOnly value={hook.url} />
              {hook.secret ? (
                <>
                  <label for="hook-secret">Secret</label>
                  <input id="hook-secret" readOnly value={hook.secret} />
                </>
              ) : null}
            </div>
          ) : null}
          {done.read ? (
            <details>
              <summary>Feed READ</summary>
              <JsonBlock value={done.read} label="Feed READ result" />
            </details>
          ) : null}
        </div>
      ) : null}
    </Panel>
  );
}
