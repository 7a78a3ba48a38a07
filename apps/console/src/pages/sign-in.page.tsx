import { useState } from 'preact/hooks';
import { ApiClient } from '../api/client';
import type { Session } from '../api/session';
import { ErrorBox } from '../components/common';
import { checkApiKey } from '../lib/api-key';

/** Sign in with an API key: checked with `GET /api/v1/namespaces`, then kept in sessionStorage only. */
export function SignInPage({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<Error | string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const checked = checkApiKey(key);
    if (!checked.ok) {
      setError(checked.error);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const namespaces = await new ApiClient(checked.key, '_').namespaces();
      if (namespaces.length === 0) throw new Error('This key has no namespace.');
      onSignedIn({ key: checked.key, namespace: namespaces[0], namespaces });
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in" id="main">
      <form class="sign-in-card" method="post" onSubmit={submit} autocomplete="off">
        <h1>
          <img src="/console/favicon.svg" alt="" width={32} height={32} /> Wisp console
        </h1>
        <p>Sign in with an API key of your namespace. It stays in this tab (sessionStorage) and is sent only to this Wisp's API.</p>
        <label for="api-key">API key</label>
        <input id="api-key" name="api-key" type="password" autocomplete="off" spellcheck={false} placeholder="uuid:secret" value={key} onInput={(e) => setKey(e.currentTarget.value)} autoFocus required />
        {error ? <ErrorBox error={error} /> : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p class="muted small">
          A new key: <code>npm run wisp -- namespace create &lt;name&gt;</code>. With <code>npm start</code>, the dev key <code>guest</code> is seeded.
        </p>
      </form>
    </main>
  );
}
