import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** The console lives under this path; routes are the rest of the pathname. */
export const BASE = '/console';

function current(): string {
  const p = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname;
  return p === '' || p === '/' ? '/catalog' : p;
}

const listeners = new Set<() => void>();

/** Goes to a console route without reloading (History API; the server answers every route with the app). */
export function navigate(to: string, replace = false): void {
  const url = `${BASE}${to}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

/** The current route, e.g. `/actions/hello`; re-renders on navigation and on back/forward. */
export function useRoute(): string {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** A link to a console route: a real `<a href>` (keyboard, middle-click), handled in place on a plain click. */
export function Link(props: { to: string; class?: string; children: ComponentChildren; 'aria-current'?: 'page' | undefined; title?: string }) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.to);
  };
  return (
    <a href={`${BASE}${props.to}`} class={props.class} onClick={onClick} aria-current={props['aria-current']} title={props.title}>
      {props.children}
    </a>
  );
}
