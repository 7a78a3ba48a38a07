import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/api-error';
import { pageInfo } from '../lib/activation-query';

/** The state of one asynchronous load. */
export interface Async<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` now and whenever `deps` change or `reload()` is called; a stale answer never overwrites a newer one. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (error: Error) => mine === seq.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** A spinner line with text for screen readers. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {what}…
    </p>
  );
}

/** An error as the API worded it, with its status and request id. */
export function ErrorBox({ error, onRetry }: { error: Error | string; onRetry?: () => void }) {
  const text = typeof error === 'string' ? error : error.message;
  const status = error instanceof ApiError ? error.status : undefined;
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div class="error" role="alert">
      <strong>{status ? `Error ${status}` : 'Error'}</strong>: <span class="error-text">{text}</span>
      {code ? <span class="muted"> (request {code})</span> : null}
      {onRetry ? (
        <button type="button" class="link-button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

/** Previous / next buttons for a skip+limit list. */
export function Pager({ skip, limit, received, onChange }: { skip: number; limit: number; received: number; onChange: (skip: number) => void }) {
  const p = pageInfo(skip, limit, received);
  if (!p.hasPrev && !p.hasNext) return null;
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={!p.hasPrev} onClick={() => onChange(Math.max(0, skip - limit))}>
        ← Previous
      </button>
      <span>Page {p.page}</span>
      <button type="button" disabled={!p.hasNext} onClick={() => onChange(skip + limit)}>
        Next →
      </button>
    </nav>
  );
}

/** Pretty-printed JSON in a scrollable block. */
export function JsonBlock({ value, label }: { value: unknown; label?: string }) {
  return (
    <pre class="json" aria-label={label} tabIndex={0}>
      {value === undefined ? '' : JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** A titled section of a page. */
export function Panel({ title, children, actions, id }: { title: ComponentChildren; children: ComponentChildren; actions?: ComponentChildren; id?: string }) {
  return (
    <section class="panel" aria-labelledby={id}>
      <header class="panel-head">
        <h2 id={id}>{title}</h2>
        {actions ? <div class="panel-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

/** Polls `fn` every `ms` while the page is visible and the component is mounted. */
export function usePolling(fn: () => void, ms: number, enabled = true): void {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    if (!enabled) return undefined;
    const id = window.setInterval(() => {
      if (document.visibilityState === 'visible') saved.current();
    }, ms);
    return () => window.clearInterval(id);
  }, [ms, enabled]);
}
