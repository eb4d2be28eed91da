import type { Client } from 'graphql-ws';
import { useEffect, useRef, useState } from 'preact/hooks';
import { request, subscribe } from './api.js';
import {
  ListMarketo as ListMarketoQuery,
  MarketoPushProgress,
  MirrorListToMarketo,
  PushListToMarketoNow,
  StopMirroringList,
} from './documents-marketo.js';
import { errorMessage, failureText } from './errors.js';
import { counted } from './format.js';
import type {
  MarketoConnectionStatus,
  MarketoLeadMatching,
  WebMarketoMirrorFieldsFragment,
} from './gql/graphql.js';
import {
  FINAL_PUSH,
  fresher,
  LEAD_MATCHING,
  PUSH_STATUS,
  PUSH_TRIGGER,
  PUSH_TRIGGER_WHY,
  type Push,
  pushCounts,
} from './list-marketo-parts.js';
import { PushHistory, PushRecords } from './list-marketo-pushes.js';
import { Link, paths } from './router.js';
import { ConfirmButton, Time } from './settings-parts.js';

type Mirror = WebMarketoMirrorFieldsFragment;

/**
 * While the shown push has not ended and no live event came for this long, the mirror is
 * read again: a push that ended before the live feed was set up sends no event of its own.
 */
const CATCH_UP_MS = 5000;

/** What the section has read: the workspace's connection status and the list's mirror. */
interface State {
  connection: MarketoConnectionStatus | null;
  mirror: Mirror | null;
}

/**
 * A list's Marketo mirror: `Mirror to Marketo` while there is none; then its status, what
 * waits for Marketo, the last push followed live (marketoPushProgress), `Push now`, `Stop
 * mirroring`, the pushes page by page and a push's records by outcome.
 */
export function ListMarketo(props: {
  token: string;
  client: Client;
  listId: string;
  listName: string;
  /** Bumped when the list's members changed here: what waits for Marketo is read again. */
  version: number;
}) {
  const { token, client, listId } = props;
  const [state, setState] = useState<State | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [liveError, setLiveError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  // The newest reading of each push the live feed delivered, by id.
  const [live, setLive] = useState<Record<string, Push>>({});
  // Bumped when a push starts or ends: the history and the records are read again.
  const [pushesVersion, setPushesVersion] = useState(0);
  // The push whose records are shown; null: the last push.
  const [picked, setPicked] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const reads = useRef(0);
  const lastPushId = useRef<string | null>(null);

  const load = () => {
    // Only the answer of the latest read is shown: an earlier one may arrive after it.
    const read = ++reads.current;
    request(token, ListMarketoQuery, { id: listId })
      .then((data) => {
        if (read !== reads.current) return;
        setState({
          connection: data.workspace.marketo?.status ?? null,
          mirror: data.list?.marketoMirror ?? null,
        });
        setError(null);
      })
      .catch((failure) => {
        if (read === reads.current) setError(failureText(failure));
      });
  };
  useEffect(load, [token, listId, props.version]);

  const mirror = state?.mirror ?? null;
  const mirrorId = mirror?.id ?? null;
  const lastPush = mirror?.lastPush ? fresher(mirror.lastPush, live[mirror.lastPush.id]) : null;
  lastPushId.current = mirror?.lastPush?.id ?? null;

  // The pushes of the mirror as they move, over the app's one graphql-ws connection. A push
  // the page does not know yet (a new one) or one that ended reads the mirror again.
  useEffect(() => {
    if (!mirrorId) return;
    setLiveError(null);
    return subscribe(
      client,
      MarketoPushProgress,
      { listId },
      (data) => {
        const push = data.marketoPushProgress;
        setLive((seen) => ({ ...seen, [push.id]: fresher(push, seen[push.id]) }));
        // What the page said about a push it asked for is stale once that push has ended.
        if (FINAL_PUSH.has(push.status)) setNotice('');
        if (FINAL_PUSH.has(push.status) || push.id !== lastPushId.current) {
          load();
          setPushesVersion((n) => n + 1);
        }
      },
      (message) => setLiveError(message),
    );
  }, [client, listId, mirrorId]);

  const ended = lastPush ? FINAL_PUSH.has(lastPush.status) : true;
  useEffect(() => {
    if (ended) return;
    const timer = setTimeout(load, CATCH_UP_MS);
    return () => clearTimeout(timer);
  }, [ended, lastPush?.id, lastPush?.status, lastPush?.calls]);

  const focusHeading = () => {
    if (heading.current) {
      heading.current.tabIndex = -1;
      heading.current.focus();
    }
  };

  const pushNow = async () => {
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const result = (await request(token, PushListToMarketoNow, { input: { listId } }))
        .pushListToMarketoNow;
      const message = errorMessage(result);
      if (message) {
        setError(message);
        return;
      }
      if (result.__typename === 'PushListToMarketoNowSuccess') {
        setState((current) => current && { ...current, mirror: result.mirror });
        setLive((seen) => ({
          ...seen,
          [result.push.id]: fresher(result.push, seen[result.push.id]),
        }));
        setPicked(null);
        setPushesVersion((n) => n + 1);
        setNotice('Manual push queued: its progress shows under Last push.');
      }
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  const stop = async () => {
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const result = (await request(token, StopMirroringList, { input: { listId } }))
        .stopMirroringList;
      const message = errorMessage(result);
      if (message) {
        setError(message);
        return;
      }
      const name = mirror?.marketoListName ?? '';
      setState((current) => current && { ...current, mirror: null });
      setLive({});
      setPicked(null);
      setNotice(`Stopped mirroring. The Marketo list ${name} is left as it is, members included.`);
      focusHeading();
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="marketo-title" class="panel list-marketo">
      <h2 id="marketo-title" ref={heading}>
        Mirror to Marketo
      </h2>
      {!state && !error && <p class="hint">Loading…</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="notice" aria-live="polite">
        {notice}
      </p>
      {state && !mirror && (
        <MirrorForm
          token={token}
          listId={listId}
          connection={state.connection}
          onMirrored={(made) => {
            setState((current) => current && { ...current, mirror: made });
            setNotice(
              `Mirrored into the Marketo list ${made.marketoListName}: the first push sends every member.`,
            );
            setPushesVersion((n) => n + 1);
            focusHeading();
          }}
        />
      )}
      {mirror && (
        <>
          <MirrorFacts mirror={mirror} lastPush={lastPush} />
          {liveError && (
            <p class="hint">Live progress stopped ({liveError}). Reload the page to follow it.</p>
          )}
          <div class="actions marketo-actions">
            <button
              type="button"
              disabled={busy}
              aria-describedby="marketo-push-now-hint"
              onClick={pushNow}
            >
              Push now
            </button>
            <ConfirmButton
              label="Stop mirroring"
              question="Stop mirroring this list? The Marketo list stays as it is, members included."
              confirmLabel="Yes, stop mirroring"
              busy={busy}
              onConfirm={stop}
            />
          </div>
          <p class="hint" id="marketo-push-now-hint">
            Push now compares the Marketo list with this list’s members and sends what differs,
            looking up again the emails that were not in Marketo.
          </p>
          <PushHistory
            token={token}
            listId={listId}
            version={pushesVersion}
            live={live}
            picked={picked ?? lastPush?.id ?? null}
            onPick={setPicked}
          />
          {(picked ?? lastPush?.id) && (
            <PushRecords
              token={token}
              pushId={(picked ?? lastPush?.id) as string}
              version={pushesVersion}
            />
          )}
        </>
      )}
    </section>
  );
}

/** The mirror's status, what waits for Marketo, and its last push, announced as it moves. */
function MirrorFacts(props: { mirror: Mirror; lastPush: Push | null }) {
  const { mirror, lastPush } = props;
  const waiting = mirror.pendingAdds + mirror.pendingRemoves;
  return (
    <dl class="marketo-facts">
      <dt>Marketo list</dt>
      <dd>
        {mirror.marketoListName} <span class="hint">(id {mirror.marketoListId})</span>
      </dd>
      <dt>Lead matching</dt>
      <dd>
        {LEAD_MATCHING[mirror.leadMatching]}
        <span class="hint">
          {mirror.leadMatching === 'EXISTING_LEADS'
            ? ': emails no Marketo lead has are left out, and looked up again by Push now.'
            : ': leads Marketo does not have are created there, then added.'}
        </span>
      </dd>
      <dt>Status</dt>
      <dd class={`mirror-${mirror.status}`}>
        <MirrorStatusText status={mirror.status} />
      </dd>
      <dt>Waiting for Marketo</dt>
      <dd>
        {waiting === 0
          ? 'Nothing: Marketo has every change.'
          : `${counted(mirror.pendingAdds, 'lead')} to add, ${counted(mirror.pendingRemoves, 'lead')} to remove.`}
      </dd>
      <dt>Last push</dt>
      <dd aria-live="polite" class="marketo-last-push">
        {lastPush ? <PushLine push={lastPush} /> : 'None yet.'}
      </dd>
    </dl>
  );
}

function MirrorStatusText(props: { status: Mirror['status'] }) {
  switch (props.status) {
    case 'ACTIVE':
      return <>Active: each change of the list is pushed to Marketo.</>;
    case 'PAUSED':
      return (
        <>
          Paused: Marketo is disconnected. Connect it again under{' '}
          <Link href={paths.settings}>Settings</Link> to resume.
        </>
      );
    default:
      return (
        <>
          Failed: Marketo refused the credentials. Connect again under{' '}
          <Link href={paths.settings}>Settings</Link> with working ones to resume.
        </>
      );
  }
}

/** One push in a sentence: trigger, status, counters, calls and times. */
function PushLine(props: { push: Push }) {
  const { push } = props;
  const ended = FINAL_PUSH.has(push.status);
  return (
    <span class="push-line">
      <span>
        <strong>
          {PUSH_TRIGGER[push.trigger]} push:{' '}
          <span class={`push-${push.status}`}>{PUSH_STATUS[push.status].toLowerCase()}</span>
        </strong>{' '}
        <span class="hint">({PUSH_TRIGGER_WHY[push.trigger]})</span>
      </span>
      {push.status !== 'QUEUED' && (
        <span class="push-counts">
          {pushCounts(push)}; {counted(push.calls, 'Marketo call')}.
        </span>
      )}
      {push.error && <span class="push-error">{push.error}</span>}
      <span class="hint push-times">
        {push.startedAt ? (
          <>
            Started <Time iso={push.startedAt} />
            {ended && push.finishedAt && (
              <>
                , ended <Time iso={push.finishedAt} />
              </>
            )}
            .
          </>
        ) : (
          'Waiting for a worker.'
        )}
      </span>
    </span>
  );
}

/** A whole number typed in a field, or null when it is empty or not one. */
function wholeNumber(text: string): number | null {
  const trimmed = text.replaceAll(',', '').trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

/**
 * `Mirror to Marketo`: an existing Marketo static list by id, or one by name (found, or
 * created in a folder), and what to do with leads Marketo does not have.
 */
function MirrorForm(props: {
  token: string;
  listId: string;
  connection: MarketoConnectionStatus | null;
  onMirrored: (mirror: Mirror) => void;
}) {
  const { token, listId, connection } = props;
  const [by, setBy] = useState<'id' | 'name'>('id');
  const [marketoListId, setMarketoListId] = useState('');
  const [name, setName] = useState('');
  const [folderId, setFolderId] = useState('');
  const [leadMatching, setLeadMatching] = useState<MarketoLeadMatching>('EXISTING_LEADS');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; notConnected: boolean } | null>(null);
  const usable = connection === 'CONNECTED' || connection === 'QUOTA_EXHAUSTED';

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    const refuse = (message: string) => setError({ message, notConnected: false });
    let target: { marketoListId?: number; marketoListName?: string; marketoFolderId?: number };
    if (by === 'id') {
      const id = wholeNumber(marketoListId);
      if (id === null) {
        refuse('Type the Marketo list id: a whole number, as Marketo shows in the list’s address.');
        return;
      }
      target = { marketoListId: id };
    } else {
      if (!name.trim()) {
        refuse('Type the name of the Marketo static list.');
        return;
      }
      const folder = folderId.trim() === '' ? undefined : wholeNumber(folderId);
      if (folder === null) {
        refuse('The folder id is a whole number; leave it empty when the list exists already.');
        return;
      }
      target = { marketoListName: name.trim(), marketoFolderId: folder };
    }
    setBusy(true);
    try {
      const result = (
        await request(token, MirrorListToMarketo, {
          input: { listId, leadMatching, ...target },
        })
      ).mirrorListToMarketo;
      const message = errorMessage(result);
      if (message) {
        setError({
          message,
          notConnected: 'code' in result && result.code === 'MARKETO_NOT_CONNECTED',
        });
        return;
      }
      if (result.__typename === 'MirrorListToMarketoSuccess') props.onMirrored(result.mirror);
    } catch (failure) {
      refuse(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="marketo-form" onSubmit={submit}>
      {!usable && (
        <p class="empty">
          {connection === null
            ? 'Marketo is not connected yet: connect it under '
            : 'Marketo cannot be reached with the stored credentials: connect again under '}
          <Link href={paths.settings}>Settings</Link>, then mirror this list here.
        </p>
      )}
      <p class="hint">
        The list’s members are kept on a Marketo static list: added within seconds of joining here,
        removed when they leave. Leads someone else put on the Marketo list are never removed.
      </p>
      <fieldset class="marketo-choice">
        <legend>Marketo static list</legend>
        <label>
          <input
            type="radio"
            name="marketo-by"
            value="id"
            checked={by === 'id'}
            onChange={() => setBy('id')}
          />{' '}
          An existing list, by its id
        </label>
        <label>
          <input
            type="radio"
            name="marketo-by"
            value="name"
            checked={by === 'name'}
            onChange={() => setBy('name')}
          />{' '}
          By name (made in a folder when none has it)
        </label>
      </fieldset>
      {by === 'id' ? (
        <div class="marketo-fields">
          <label for="marketo-list-id">Marketo list id</label>
          <input
            id="marketo-list-id"
            type="text"
            inputMode="numeric"
            autocomplete="off"
            aria-describedby="marketo-list-id-hint"
            value={marketoListId}
            onInput={(event) => setMarketoListId((event.target as HTMLInputElement).value)}
          />
          <p class="hint" id="marketo-list-id-hint">
            The number in the list’s address in Marketo (…/#ST<strong>1234</strong>A1).
          </p>
        </div>
      ) : (
        <div class="marketo-fields">
          <label for="marketo-list-name">Marketo list name</label>
          <input
            id="marketo-list-name"
            type="text"
            autocomplete="off"
            value={name}
            onInput={(event) => setName((event.target as HTMLInputElement).value)}
          />
          <label for="marketo-folder-id">Marketo folder id</label>
          <input
            id="marketo-folder-id"
            type="text"
            inputMode="numeric"
            autocomplete="off"
            aria-describedby="marketo-folder-id-hint"
            value={folderId}
            onInput={(event) => setFolderId((event.target as HTMLInputElement).value)}
          />
          <p class="hint" id="marketo-folder-id-hint">
            Needed only when no Marketo list has this name yet: it is made in this folder.
          </p>
        </div>
      )}
      <fieldset class="marketo-choice">
        <legend>Lead matching</legend>
        {(Object.keys(LEAD_MATCHING) as MarketoLeadMatching[]).map((value) => (
          <label key={value}>
            <input
              type="radio"
              name="marketo-lead-matching"
              value={value}
              checked={leadMatching === value}
              aria-describedby={`marketo-matching-${value}`}
              onChange={() => setLeadMatching(value)}
            />{' '}
            {LEAD_MATCHING[value]}
            <span class="hint" id={`marketo-matching-${value}`}>
              {value === 'EXISTING_LEADS'
                ? ' — emails no Marketo lead has are left out and listed as not in Marketo.'
                : ' — leads Marketo does not have are created there (email, first and last name).'}
            </span>
          </label>
        ))}
      </fieldset>
      <div>
        <button type="submit" disabled={busy}>
          Mirror to Marketo
        </button>
      </div>
      <div aria-live="polite">
        {error && <p class="error">{error.message}</p>}
        {error?.notConnected && (
          <p>
            <Link href={paths.settings}>Connect Marketo in Settings</Link>
          </p>
        )}
      </div>
    </form>
  );
}
