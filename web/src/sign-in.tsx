import { useState } from 'preact/hooks';
import { ApiError, request } from './api.js';
import { WorkspaceName } from './documents.js';

/** Asks for the API token once and checks it against the service before keeping it. */
export function SignIn(props: { onSignedIn: (token: string) => void; notice?: string | null }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(props.notice ?? null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError('Paste an API token first (npm run cli -- token create prints one).');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await request(value, WorkspaceName);
      props.onSignedIn(value);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>audience-sync</h1>
      <p>Experience Cloud audiences into static lists that follow them by themselves.</p>
      <form onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
        <label for="token">API token</label>
        <input
          id="token"
          type="text"
          autocomplete="off"
          spellcheck={false}
          value={token}
          onInput={(event) => setToken((event.target as HTMLInputElement).value)}
        />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error && (
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
