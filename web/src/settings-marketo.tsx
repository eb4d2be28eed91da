import { useEffect, useState } from 'preact/hooks';
import { request } from './api.js';
import {
  SettingsConnectMarketo,
  SettingsDisconnectMarketo,
  SettingsMarketo,
} from './documents-settings.js';
import { errorMessage, failureText } from './errors.js';
import { count, counted } from './format.js';
import type { MarketoConnectionStatus, SettingsMarketoFieldsFragment } from './gql/graphql.js';
import { ConfirmButton, Outcome, Time } from './settings-parts.js';

/** The defaults connectMarketo applies to limits left out (schema.graphql, ConnectMarketoInput). */
const DEFAULTS = { callsPer20Seconds: 50, concurrentCalls: 5, dailyCallBudget: 10_000 };

/** Each connection status in words, with what a person can do about it. */
const STATUS: Record<MarketoConnectionStatus, string> = {
  CONNECTED: 'Connected: pushes run.',
  AUTH_FAILED:
    'Marketo refused the credentials during a push: mirrors are stopped until you connect again with working ones.',
  DISCONNECTED: 'Disconnected: mirrors are paused until you connect again.',
  QUOTA_EXHAUSTED:
    'Today’s calls are spent: pushes go on after midnight US Central time, or with Push now on a list.',
};

type Connection = SettingsMarketoFieldsFragment;

/** A whole number typed in a limit field, or null when the field is empty or not one. */
function limit(text: string): number | null {
  const trimmed = text.replaceAll(',', '').trim();
  if (!/^\d+$/.test(trimmed)) return null;
  return Number(trimmed);
}

/** The Marketo connection: connect (or replace the credentials), status, calls today, Disconnect. */
export function MarketoConnection(props: { token: string }) {
  const { token } = props;
  const [loaded, setLoaded] = useState(false);
  const [connection, setConnection] = useState<Connection | null>(null);
  const [editing, setEditing] = useState(false);
  const [restEndpoint, setRestEndpoint] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [callsPer20Seconds, setCallsPer20Seconds] = useState(String(DEFAULTS.callsPer20Seconds));
  const [concurrentCalls, setConcurrentCalls] = useState(String(DEFAULTS.concurrentCalls));
  const [dailyCallBudget, setDailyCallBudget] = useState(String(DEFAULTS.dailyCallBudget));
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (found: Connection | null) => {
    setConnection(found);
    if (found) {
      setRestEndpoint(found.restEndpoint);
      setClientId(found.clientId);
      setCallsPer20Seconds(String(found.callsPer20Seconds));
      setConcurrentCalls(String(found.concurrentCalls));
      setDailyCallBudget(String(found.dailyCallBudget));
    }
  };

  useEffect(() => {
    request(token, SettingsMarketo)
      .then((data) => {
        show(data.workspace.marketo ?? null);
        setLoaded(true);
      })
      .catch((failure) => setError(failureText(failure)));
  }, [token]);

  const connect = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    const limits = {
      callsPer20Seconds: limit(callsPer20Seconds),
      concurrentCalls: limit(concurrentCalls),
      dailyCallBudget: limit(dailyCallBudget),
    };
    if (Object.values(limits).some((value) => value === null)) {
      setError('Each limit is a whole number: leave the defaults when unsure.');
      return;
    }
    setBusy(true);
    try {
      const result = (
        await request(token, SettingsConnectMarketo, {
          input: {
            restEndpoint: restEndpoint.trim(),
            clientId: clientId.trim(),
            clientSecret,
            callsPer20Seconds: limits.callsPer20Seconds,
            concurrentCalls: limits.concurrentCalls,
            dailyCallBudget: limits.dailyCallBudget,
          },
        })
      ).connectMarketo;
      const message = errorMessage(result);
      if (message) setError(message);
      else if (result.__typename === 'ConnectMarketoSuccess') {
        show(result.workspace.marketo ?? null);
        setClientSecret('');
        setEditing(false);
        setDone('Connected: Marketo accepted the credentials.');
      }
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  const disconnect = async () => {
    setError(null);
    setDone(null);
    try {
      const result = (await request(token, SettingsDisconnectMarketo)).disconnectMarketo;
      const message = errorMessage(result);
      if (message) setError(message);
      else if (result.__typename === 'DisconnectMarketoSuccess') {
        show(result.workspace.marketo ?? null);
        setDone('Disconnected: the credentials are forgotten and every mirror is paused.');
      }
    } catch (failure) {
      setError(failureText(failure));
    }
  };

  const formShown = loaded && (!connection || connection.status === 'DISCONNECTED' || editing);

  return (
    <section class="panel settings-section" aria-labelledby="settings-marketo-title">
      <h3 id="settings-marketo-title">Marketo</h3>
      {!loaded && !error && <p class="hint">Loading…</p>}
      {loaded && !connection && (
        <p class="hint">
          Not connected yet: in Marketo, create a LaunchPoint custom service (Admin &gt;
          LaunchPoint), then enter its REST endpoint (Admin &gt; Web Services), client id and client
          secret below.
        </p>
      )}
      {connection && (
        <dl class="settings-facts">
          <dt>Status</dt>
          <dd class={`marketo-${connection.status}`}>{STATUS[connection.status]}</dd>
          <dt>Calls today</dt>
          <dd>
            {count(connection.callsToday)} of {counted(connection.dailyCallBudget, 'call')} (the
            Marketo day starts at midnight US Central time)
          </dd>
          <dt>REST endpoint</dt>
          <dd>
            <code>{connection.restEndpoint}</code>
          </dd>
          <dt>Client id</dt>
          <dd>
            <code>{connection.clientId}</code>
          </dd>
          <dt>Limits</dt>
          <dd>
            {counted(connection.callsPer20Seconds, 'call')} per 20 seconds,{' '}
            {counted(connection.concurrentCalls, 'call')} at once
          </dd>
          <dt>Connected</dt>
          <dd>
            <Time iso={connection.connectedAt} />
          </dd>
          <dt>Last error</dt>
          <dd>{connection.lastError ?? 'none'}</dd>
        </dl>
      )}
      {connection && connection.status !== 'DISCONNECTED' && (
        <div class="actions">
          {!editing && (
            <button type="button" class="secondary" onClick={() => setEditing(true)}>
              Replace credentials
            </button>
          )}
          <ConfirmButton
            label="Disconnect"
            question="Disconnect Marketo? Every mirror pauses; the Marketo lists stay as they are."
            confirmLabel="Yes, disconnect"
            onConfirm={disconnect}
          />
        </div>
      )}
      {formShown && (
        <form class="settings-form" onSubmit={connect}>
          <label for="settings-marketo-rest">REST endpoint</label>
          <input
            id="settings-marketo-rest"
            type="url"
            required
            value={restEndpoint}
            spellcheck={false}
            autocomplete="off"
            placeholder="https://123-ABC-456.mktorest.com/rest"
            onInput={(event) => setRestEndpoint((event.target as HTMLInputElement).value)}
          />
          <label for="settings-marketo-client-id">Client ID</label>
          <input
            id="settings-marketo-client-id"
            type="text"
            required
            value={clientId}
            spellcheck={false}
            autocomplete="off"
            onInput={(event) => setClientId((event.target as HTMLInputElement).value)}
          />
          <label for="settings-marketo-secret">Client secret</label>
          <input
            id="settings-marketo-secret"
            type="password"
            required
            value={clientSecret}
            autocomplete="new-password"
            aria-describedby="settings-marketo-secret-hint"
            onInput={(event) => setClientSecret((event.target as HTMLInputElement).value)}
          />
          <p class="hint" id="settings-marketo-secret-hint">
            Stored sealed; it is never shown again. The credentials are checked with Marketo before
            anything is stored.
          </p>
          <label for="settings-marketo-rate">Calls per 20 seconds</label>
          <input
            id="settings-marketo-rate"
            type="number"
            min={1}
            max={100}
            inputMode="numeric"
            value={callsPer20Seconds}
            aria-describedby="settings-marketo-rate-hint"
            onInput={(event) => setCallsPer20Seconds((event.target as HTMLInputElement).value)}
          />
          <p class="hint" id="settings-marketo-rate-hint">
            1 to 100 (default {DEFAULTS.callsPer20Seconds}): this service’s share of the
            subscription’s 100.
          </p>
          <label for="settings-marketo-concurrent">Concurrent calls</label>
          <input
            id="settings-marketo-concurrent"
            type="number"
            min={1}
            max={10}
            inputMode="numeric"
            value={concurrentCalls}
            aria-describedby="settings-marketo-concurrent-hint"
            onInput={(event) => setConcurrentCalls((event.target as HTMLInputElement).value)}
          />
          <p class="hint" id="settings-marketo-concurrent-hint">
            1 to 10 (default {DEFAULTS.concurrentCalls}): calls in flight at once.
          </p>
          <label for="settings-marketo-budget">Daily call budget</label>
          <input
            id="settings-marketo-budget"
            type="number"
            min={1}
            inputMode="numeric"
            value={dailyCallBudget}
            aria-describedby="settings-marketo-budget-hint"
            onInput={(event) => setDailyCallBudget((event.target as HTMLInputElement).value)}
          />
          <p class="hint" id="settings-marketo-budget-hint">
            Default {count(DEFAULTS.dailyCallBudget)}: calls a Marketo day, leaving the rest of the
            subscription’s quota to other integrations.
          </p>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Connecting…' : 'Connect'}
            </button>
            {editing && (
              <button type="button" class="secondary" onClick={() => setEditing(false)}>
                Cancel
              </button>
            )}
          </div>
        </form>
      )}
      <Outcome error={error} done={done} />
    </section>
  );
}
