import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request } from './api.js';
import { AudienceFolderOf, FolderAudiences, ListChoices, StartAudienceSync } from './documents.js';
import { errorMessage } from './errors.js';
import { type FolderChoice, loadFolders } from './folders.js';
import type { FolderAudiencesQuery, ListChoicesQuery } from './gql/graphql.js';

interface Choice {
  id: string;
  name: string;
}

/** Every audience directly in the folder, page after page (500 at a time). */
async function folderAudiences(token: string, folderId: string): Promise<Choice[]> {
  const found: Choice[] = [];
  let after: string | null = null;
  for (;;) {
    const data: FolderAudiencesQuery = await request(token, FolderAudiences, { folderId, after });
    const page = data.audiences;
    found.push(...page.edges.map(({ node }) => node));
    if (!page.pageInfo.hasNextPage) return found;
    after = page.pageInfo.endCursor ?? null;
  }
}

/** Every list of the workspace, page after page, with whether a sync feeds it already. */
async function allLists(token: string): Promise<(Choice & { synced: boolean })[]> {
  const found: (Choice & { synced: boolean })[] = [];
  let after: string | null = null;
  for (;;) {
    const data: ListChoicesQuery = await request(token, ListChoices, { after });
    const page = data.lists;
    for (const { node } of page.edges) {
      found.push({ id: node.id, name: node.name, synced: node.syncJob !== null });
    }
    if (!page.pageInfo.hasNextPage) return found;
    after = page.pageInfo.endCursor ?? null;
  }
}

/**
 * The product page's flow: folder, audience, an existing list or a new list name, Sync, then a
 * confirmation with OK. A typed error of startAudienceSync is shown as its message.
 */
export function NewSync(props: {
  token: string;
  onStarted: () => void;
  /** An audience to start with (the shortcut from Audiences): its folder and it are chosen. */
  audienceId?: string | null;
}) {
  const { token } = props;
  const [folders, setFolders] = useState<FolderChoice[]>([]);
  const [folderId, setFolderId] = useState('');
  const [audiences, setAudiences] = useState<Choice[]>([]);
  const [audienceId, setAudienceId] = useState('');
  const [lists, setLists] = useState<(Choice & { synced: boolean })[]>([]);
  const [listId, setListId] = useState('');
  const [newListName, setNewListName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<{ audience: string; list: string } | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const form = useRef<HTMLFormElement>(null);
  // The audience to choose once its folder's audiences are read.
  const wanted = useRef<string | null>(null);

  const fail = (failure: unknown) =>
    setError(failure instanceof ApiError ? failure.message : String(failure));

  const loadLists = () => allLists(token).then(setLists).catch(fail);

  useEffect(() => {
    loadFolders(token)
      .then((all) => {
        setFolders(all);
        setFolderId((current) => current || all[0]?.id || '');
      })
      .catch(fail);
    loadLists();
  }, [token]);

  // The shortcut from Audiences: its folder, then the audience, chosen; the form comes into
  // view with the list choice, the next step, focused.
  useEffect(() => {
    const audienceId = props.audienceId;
    if (!audienceId) return;
    let current = true;
    request(token, AudienceFolderOf, { id: audienceId })
      .then((data) => {
        if (!current) return;
        if (!data.audience) {
          setError('The audience of this link no longer exists: pick another one.');
          return;
        }
        wanted.current = data.audience.id;
        setFolderId(data.audience.folder.id);
      })
      .catch((failure) => {
        if (current) fail(failure);
      });
    return () => {
      current = false;
    };
  }, [token, props.audienceId]);

  useEffect(() => {
    setAudiences([]);
    setAudienceId('');
    if (!folderId) return;
    // A folder picked while the previous one's audiences are still on their way: that older
    // answer, arriving last, must not replace the newer folder's audiences.
    let current = true;
    folderAudiences(token, folderId)
      .then((found) => {
        if (!current) return;
        setAudiences(found);
        const chosen = found.find((audience) => audience.id === wanted.current);
        setAudienceId(chosen?.id ?? found[0]?.id ?? '');
        if (chosen) {
          wanted.current = null;
          const list = form.current?.querySelector<HTMLSelectElement>('#existing-list');
          list?.scrollIntoView({ block: 'center' });
          list?.focus();
        }
      })
      .catch((error) => {
        if (current) fail(error);
      });
    return () => {
      current = false;
    };
  }, [token, folderId]);

  useEffect(() => {
    if (started) dialog.current?.showModal();
  }, [started]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    if (!audienceId) {
      setError('Pick an audience first: the folder has none.');
      return;
    }
    if (!listId && !newListName.trim()) {
      setError('Pick an existing list or type a new list name.');
      return;
    }
    setBusy(true);
    try {
      const input = listId ? { audienceId, listId } : { audienceId, newListName };
      const result = (await request(token, StartAudienceSync, { input })).startAudienceSync;
      const message = errorMessage(result);
      if (message) {
        setError(message);
      } else if (result.__typename === 'StartAudienceSyncSuccess') {
        setStarted({ audience: result.syncJob.audience.name, list: result.syncJob.list.name });
        props.onStarted();
      }
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  // OK and Escape both close the dialog; its close event is the one place that resets.
  const confirmed = () => {
    setStarted(null);
    setNewListName('');
    setListId('');
    loadLists();
  };

  return (
    <section aria-labelledby="new-sync-title" class="panel">
      <h2 id="new-sync-title">New sync</h2>
      <p class="hint">
        Sync from Experience Cloud audience: the list follows the audience from now on.
      </p>
      <form onSubmit={submit} class="new-sync" ref={form}>
        <label for="folder">Audience library folder</label>
        <select
          id="folder"
          value={folderId}
          onChange={(event) => setFolderId((event.target as HTMLSelectElement).value)}
        >
          {folders.length === 0 && <option value="">No folders yet</option>}
          {folders.map((folder) => (
            <option key={folder.id} value={folder.id}>
              {folder.path}
            </option>
          ))}
        </select>

        <label for="audience">Audience name</label>
        <select
          id="audience"
          value={audienceId}
          onChange={(event) => setAudienceId((event.target as HTMLSelectElement).value)}
        >
          {audiences.length === 0 && <option value="">No audiences in this folder</option>}
          {audiences.map((audience) => (
            <option key={audience.id} value={audience.id}>
              {audience.name}
            </option>
          ))}
        </select>

        <label for="existing-list">Existing list</label>
        <select
          id="existing-list"
          value={listId}
          aria-describedby="list-choice-hint"
          onChange={(event) => setListId((event.target as HTMLSelectElement).value)}
        >
          <option value="">None: create a new list</option>
          {lists.map((list) => (
            <option key={list.id} value={list.id} disabled={list.synced}>
              {list.name}
              {list.synced ? ' (fed by another sync)' : ''}
            </option>
          ))}
        </select>

        <label for="new-list">New list name</label>
        <input
          id="new-list"
          type="text"
          value={newListName}
          disabled={listId !== ''}
          aria-describedby="list-choice-hint"
          onInput={(event) => setNewListName((event.target as HTMLInputElement).value)}
        />
        <p id="list-choice-hint" class="hint">
          Either an existing list or a new list name: picking a list disables the name.
        </p>

        <button type="submit" disabled={busy}>
          Sync
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>

      <dialog ref={dialog} aria-labelledby="started-title" onClose={confirmed}>
        {started && (
          <>
            <h3 id="started-title">Sync started</h3>
            <p>
              “{started.list}” now follows the audience “{started.audience}”. Its first run has
              started; its progress shows under Sync jobs.
            </p>
            <button type="button" onClick={() => dialog.current?.close()} autofocus>
              OK
            </button>
          </>
        )}
      </dialog>
    </section>
  );
}
