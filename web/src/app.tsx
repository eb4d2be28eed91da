import type { Client } from 'graphql-ws';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { request, subscriptionClient } from './api.js';
import { WorkspaceName } from './documents.js';
import { NewSync } from './new-sync.js';
import { SignIn } from './sign-in.js';
import { SyncJobs } from './sync-jobs.js';
import { storedToken, storeToken } from './token.js';

export function App() {
  const [token, setToken] = useState<string | null>(storedToken);
  const [notice, setNotice] = useState<string | null>(null);

  const signIn = (value: string) => {
    storeToken(value);
    setNotice(null);
    setToken(value);
  };
  const signOut = (why: string | null = null) => {
    storeToken(null);
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
  const client: Client = useMemo(
    () =>
      subscriptionClient(token, () =>
        onSignOut('The service no longer accepts this token. Sign in with another one.'),
      ),
    [token],
  );
  useEffect(() => () => void client.dispose(), [client]);
  useEffect(() => {
    request(token, WorkspaceName)
      .then((data) => setWorkspace(data.workspace.name))
      .catch((failure) => {
        if (failure.unauthorized) onSignOut(failure.message);
      });
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
      <main>
        <NewSync token={token} onStarted={() => setRefresh((n) => n + 1)} />
        <SyncJobs token={token} client={client} refresh={refresh} />
      </main>
    </>
  );
}
