import type { ComponentChildren, TargetedMouseEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * Client-side routing on real addresses: each view has its own path, kept in the history
 * (pushState), so a reload or a shared link opens the same view and back and forward work.
 * The server answers the app's page for every one of these paths (src/http/web/web-app.ts).
 */

export type Route =
  | { view: 'sync-jobs'; audienceId: string | null }
  | { view: 'lists' }
  | { view: 'list'; id: string }
  | { view: 'audiences' }
  | { view: 'settings' }
  | { view: 'not-found' };

/** The addresses of the views; list ids are global ids, URL-encoded as one path segment. */
export const paths = {
  syncJobs: '/sync-jobs',
  newSyncFor: (audienceId: string) => `/sync-jobs?audience=${encodeURIComponent(audienceId)}`,
  lists: '/lists',
  list: (id: string) => `/lists/${encodeURIComponent(id)}`,
  audiences: '/audiences',
  settings: '/settings',
  /** A job's card on the Sync jobs view (its heading's id). */
  job: (id: string) => `/sync-jobs#${encodeURIComponent(`job-${id}`)}`,
};

/** The view an address opens. */
export function routeOf(pathname: string, search: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '/index.html' || path === '/sync-jobs') {
    return { view: 'sync-jobs', audienceId: new URLSearchParams(search).get('audience') };
  }
  if (path === '/lists') return { view: 'lists' };
  const list = /^\/lists\/([^/]+)$/.exec(path);
  if (list) {
    try {
      return { view: 'list', id: decodeURIComponent(list[1] as string) };
    } catch {
      return { view: 'not-found' };
    }
  }
  if (path === '/audiences') return { view: 'audiences' };
  if (path === '/settings') return { view: 'settings' };
  return { view: 'not-found' };
}

const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};
window.addEventListener('popstate', notify);

/** Opens another address of the app without loading the page again. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const target = new URL(to, window.location.href);
  const current = window.location;
  if (target.href === current.href) return;
  if (options.replace) window.history.replaceState(null, '', target.href);
  else window.history.pushState(null, '', target.href);
  notify();
}

/** The current address (path, query and fragment), updated on navigation and on back/forward. */
export function useLocation(): { pathname: string; search: string; hash: string } {
  const read = () => ({
    pathname: window.location.pathname,
    search: window.location.search,
    hash: window.location.hash,
  });
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return location;
}

/**
 * A link to an address of the app: a real <a href>, so it can be opened in a new tab or
 * copied; a plain click (or Enter) navigates in the page instead of loading it again.
 */
export function Link(props: {
  href: string;
  children: ComponentChildren;
  class?: string;
  'aria-current'?: 'page';
  'aria-describedby'?: string;
}) {
  const { href, ...rest } = props;
  const follow = (event: TargetedMouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={follow} {...rest} />;
}
