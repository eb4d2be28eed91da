import type { Client } from 'graphql-ws';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { onUnauthorized, request, subscriptionClient } from './api.js';
import { AudiencesView } from './audiences.js';
import { WorkspaceName } from './documents.js';
import { ListsView, ListView } from './lists.js';
import { NewSync } from './new-sync.js';
import { Link, paths, type Route, routeOf, useLocation } from './router.js';
import { Settings } from './settings.js';
import { SignIn } from './sign-in.js';
import { SyncJobs } from './sync-jobs.js';
import { forgetToken, storedToken, storeToken } from './token.js';

/** What the sign-in page says after the service refused the token the page was using. */
const REFUSED = 'The service no longer accepts this token. Sign in with another one.';

export function App() {
  const [token, setToken] = useState<string | null>(storedToken);
  const [notice, setNotice] = useState<string | null>(null);

  const signIn = (value: string) => {
    storeToken(value);
    setNotice(null);
    setToken(value);
  };
  const signOut = (why: string | null = null) => {
    if (token) forgetToken(token);
    setNotice(why);
    setToken(null);
  };

  if (!token) return <SignIn onSignedIn={signIn} notice={notice} />;
  return <Dashboard token={token} onSignOut={signOut} />;
}

function Dashboard(props: { token: string; onSignOut: (why?: string | null) => void }) {
  const { token, onSignOut } = props;
  const [workspace, setWorkspace] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [live, setLive] = useState(true);
  const client: Client = useMemo(
    () =>
      subscriptionClient(token, {
        onUnauthorized: () => onSignOut(REFUSED),
        onDown: () => setLive(false),
        onUp: (afterOutage) => {
          setLive(true);
          // Changes made while the connection was down were announced to nobody here.
          if (afterOutage) setRefresh((n) => n + 1);
        },
      }),
    [token],
  );
  useEffect(() => () => void client.dispose(), [client]);
  // Any call answered 401 (the token was revoked meanwhile) signs out, not only this one.
  useEffect(
    () =>
      onUnauthorized((refused) => {
        if (refused === token) onSignOut(REFUSED);
      }),
    [token],
  );
  useEffect(() => {
    request(token, WorkspaceName)
      .then((data) => setWorkspace(data.workspace.name))
      .catch(() => {});
  }, [token]);

  const location = useLocation();
  const route = routeOf(location.pathname, location.search);
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef<string | null>(null);
  useEffect(() => {
    if (route.view !== 'list') document.title = `${TITLES[route.view]} · audience-sync`;
    // Moving to another view (a link, back or forward) puts the focus on its heading, so the
    // keyboard and screen readers start there; the first view of the page keeps the top.
    const first = shownPath.current === null;
    shownPath.current = location.pathname;
    if (first || location.hash) return;
    const heading = main.current?.querySelector<HTMLElement>('h2');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }, [location.pathname, location.search]);

  return (
    <>
      <header class="top">
        <h1>audience-sync</h1>
        {workspace && <span class="workspace">Workspace {workspace}</span>}
        <nav aria-label="Elsewhere">
          <a href="/graphql">GraphiQL</a>
          <button type="button" onClick={() => onSignOut()}>
            Sign out
          </button>
        </nav>
        <nav aria-label="Views" class="views">
          <ViewLink href={paths.syncJobs} current={route.view === 'sync-jobs'}>
            Sync jobs
          </ViewLink>
          <ViewLink href={paths.lists} current={route.view === 'lists' || route.view === 'list'}>
            Lists
          </ViewLink>
          <ViewLink href={paths.audiences} current={route.view === 'audiences'}>
            Audiences
          </ViewLink>
          <ViewLink href={paths.settings} current={route.view === 'settings'}>
            Settings
          </ViewLink>
        </nav>
      </header>
      <p role="status" class={live ? 'live-status' : 'live-status live-down'}>
        {live ? '' : 'Live updates are interrupted: reconnecting… The page catches up once back.'}
      </p>
      <main ref={main}>
        <View
          route={route}
          token={token}
          client={client}
          refresh={refresh}
          onStarted={() => setRefresh((n) => n + 1)}
        />
      </main>
    </>
  );
}

/** The title of the page for each view (a list's is its name). */
const TITLES: Record<Exclude<Route['view'], 'list'>, string> = {
  'sync-jobs': 'Sync jobs',
  lists: 'Lists',
  audiences: 'Audiences',
  settings: 'Settings',
  'not-found': 'Not found',
};

/** A link of the navigation; the one of the view shown is marked as the current page. */
function ViewLink(props: { href: string; current: boolean; children: string }) {
  return (
    <Link href={props.href} aria-current={props.current ? 'page' : undefined}>
      {props.children}
    </Link>
  );
}

function View(props: {
  route: Route;
  token: string;
  client: Client;
  refresh: number;
  onStarted: () => void;
}) {
  const { route, token } = props;
  switch (route.view) {
    case 'sync-jobs':
      return (
        <>
          <NewSync token={token} onStarted={props.onStarted} audienceId={route.audienceId} />
          <SyncJobs token={token} client={props.client} refresh={props.refresh} />
        </>
      );
    case 'lists':
      return <ListsView token={token} />;
    case 'list':
      return <ListView key={route.id} token={token} id={route.id} client={props.client} />;
    case 'audiences':
      return <AudiencesView token={token} />;
    case 'settings':
      return <Settings token={token} />;
    default:
      return (
        <section aria-labelledby="not-found-title" class="panel">
          <h2 id="not-found-title">No page here</h2>
          <p class="empty">
            Nothing of the app lives at this address. Go to{' '}
            <Link href={paths.syncJobs}>Sync jobs</Link>, <Link href={paths.lists}>Lists</Link>,{' '}
            <Link href={paths.audiences}>Audiences</Link> or{' '}
            <Link href={paths.settings}>Settings</Link>.
          </p>
        </section>
      );
  }
}
