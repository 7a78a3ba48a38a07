const KEY_ITEM = 'wisp.console.key';
const NS_ITEM = 'wisp.console.namespace';

/** The signed-in key and namespace, kept in sessionStorage only (gone when the tab closes; never in a URL). */
export interface Session {
  key: string;
  namespace: string;
  namespaces: string[];
}

/** The session of this tab, if signed in. */
export function loadSession(): Session | undefined {
  const key = sessionStorage.getItem(KEY_ITEM);
  const ns = sessionStorage.getItem(NS_ITEM);
  if (!key || !ns) return undefined;
  try {
    const parsed = JSON.parse(ns) as { namespace: string; namespaces: string[] };
    return { key, namespace: parsed.namespace, namespaces: parsed.namespaces };
  } catch {
    return undefined;
  }
}

/** Stores a session for this tab. */
export function saveSession(s: Session): void {
  sessionStorage.setItem(KEY_ITEM, s.key);
  sessionStorage.setItem(NS_ITEM, JSON.stringify({ namespace: s.namespace, namespaces: s.namespaces }));
}

/** Forgets the key. */
export function clearSession(): void {
  sessionStorage.removeItem(KEY_ITEM);
  sessionStorage.removeItem(NS_ITEM);
}
