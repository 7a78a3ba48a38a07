import { useMemo, useState } from 'preact/hooks';
import { ApiClient } from './api/client';
import { clearSession, loadSession, saveSession, type Session } from './api/session';
import { Link, navigate, useRoute } from './components/router';
import { ActionDetailPage } from './pages/action-detail.page';
import { ActionEditPage } from './pages/action-edit.page';
import { ActionsPage } from './pages/actions.page';
import { ActivationDetailPage } from './pages/activation-detail.page';
import { ActivationsPage } from './pages/activations.page';
import { CatalogPage } from './pages/catalog.page';
import { ConnectFeedPage } from './pages/connect-feed.page';
import { DeadLettersPage } from './pages/dead-letters.page';
import { InstallPage } from './pages/install.page';
import { SignInPage } from './pages/sign-in.page';
import { TriggersPage } from './pages/triggers.page';

const NAV = [
  { to: '/catalog', label: 'Catalog' },
  { to: '/actions', label: 'Actions' },
  { to: '/triggers', label: 'Triggers & rules' },
  { to: '/activations', label: 'Activations' },
  { to: '/deadletters', label: 'Dead letters' },
];

function page(route: string, api: ApiClient) {
  const parts = route.split('/').filter(Boolean).map(decodeURIComponent);
  const [section, a, b, c, d] = parts;
  switch (section) {
    case 'catalog':
      if (a && b === 'install') return <InstallPage api={api} pkgName={a} />;
      if (a && b === 'feeds' && c && d === 'connect') return <ConnectFeedPage api={api} pkgName={a} feedName={c} />;
      return <CatalogPage api={api} />;
    case 'actions':
      if (a === 'new' && !b) return <ActionEditPage api={api} />;
      if (a && b === 'edit') return <ActionEditPage api={api} name={a} key={a} />;
      if (a) return <ActionDetailPage api={api} name={a} key={a} />;
      return <ActionsPage api={api} />;
    case 'triggers':
      return <TriggersPage api={api} />;
    case 'activations':
      if (a) return <ActivationDetailPage api={api} id={a} key={a} />;
      return <ActivationsPage api={api} />;
    case 'deadletters':
      return <DeadLettersPage api={api} />;
    default:
      return (
        <p class="empty">
          No such page. <Link to="/catalog">Go to the catalog</Link>.
        </p>
      );
  }
}

/** The console: sign-in, then a navigation bar and the page of the current route. */
export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const route = useRoute();
  const api = useMemo(() => (session ? new ApiClient(session.key, session.namespace) : undefined), [session]);

  const signIn = (s: Session) => {
    saveSession(s);
    setSession(s);
  };
  const signOut = () => {
    clearSession();
    setSession(undefined);
    navigate('/catalog', true);
  };
  const switchTo = (namespace: string) => {
    if (!session) return;
    const next = { ...session, namespace };
    saveSession(next);
    setSession(next);
  };

  if (!session || !api) return <SignInPage onSignedIn={signIn} />;
  const section = `/${route.split('/')[1] ?? ''}`;
  return (
    <div class="shell">
      <a href="#main" class="skip">
        Skip to content
      </a>
      <header class="topbar">
        <span class="brand">
          <img src="/console/favicon.svg" alt="" width={24} height={24} /> Wisp
        </span>
        <nav aria-label="Sections" class="nav">
          {NAV.map((n) => (
            <Link key={n.to} to={n.to} class="nav-link" aria-current={section === n.to ? 'page' : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
        <div class="who">
          {session.namespaces.length > 1 ? (
            <>
              <label for="ns-switch" class="sr-only">
                Namespace
              </label>
              <select id="ns-switch" value={session.namespace} onChange={(e) => switchTo(e.currentTarget.value)}>
                {session.namespaces.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <span class="namespace" title="Namespace">
              {session.namespace}
            </span>
          )}
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" class="content" key={session.namespace}>
        {page(route, api)}
      </main>
    </div>
  );
}
