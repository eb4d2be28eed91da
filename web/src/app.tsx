import type { Client } from 'graphql-ws';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { onUnauthorized, request, subscriptionClient } from './api.js';
import { WorkspaceName } from './documents.js';
import { NewSync } from './new-sync.js';
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
      </header>
      <p role="status" class={live ? 'live-status' : 'live-status live-down'}>
        {live ? '' : 'Live updates are interrupted: reconnecting… The page catches up once back.'}
      </p>
      <main>
        <NewSync token={token} onStarted={() => setRefresh((n) => n + 1)} />
        <SyncJobs token={token} client={client} refresh={refresh} />
      </main>
    </>
  );
}
