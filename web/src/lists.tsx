import type { Client } from 'graphql-ws';
import { useEffect, useState } from 'preact/hooks';
import { download, request } from './api.js';
import { ListHead, ListsPage } from './documents.js';
import { failureText } from './errors.js';
import { count, counted, when, words } from './format.js';
import type { WebListHeadQuery, WebListsPageQuery } from './gql/graphql.js';
import { ListMarketo } from './list-marketo.js';
import { MirrorCell } from './list-marketo-parts.js';
import { ListMembers } from './list-members.js';
import { Pager, pageOf, useCursorPages } from './paging.js';
import { Link, paths } from './router.js';

/** Lists per page of the Lists view. */
const PAGE_SIZE = 50;

type ListRow = WebListsPageQuery['lists']['edges'][number]['node'];
type SyncJobOfList = NonNullable<ListRow['syncJob']>;

/** What feeds a list: its sync job (a link to its card under Sync jobs), or nothing but hands. */
function FedBy(props: { job: SyncJobOfList | null }) {
  const { job } = props;
  if (!job) return <span class="hint">Members added by hand only</span>;
  return (
    <span>
      <Link href={paths.job(job.id)}>Sync of {job.audience.name}</Link>
      {job.status !== 'ACTIVE' && <span class="hint"> ({words(job.status)})</span>}
    </span>
  );
}

/** Every list of the workspace, page by page, found by name. */
export function ListsView(props: { token: string }) {
  const { token } = props;
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  // The search follows the typing, once it pauses, rather than on every key.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const pages = useCursorPages(`${token}\n${search}`, async (after) => {
    const data = await request(token, ListsPage, {
      first: PAGE_SIZE,
      after,
      search: search || null,
    });
    return pageOf(data.lists, (edge) => edge.node);
  });
  const { page } = pages;

  return (
    <section aria-labelledby="lists-title" class="panel">
      <h2 id="lists-title">Lists</h2>
      <p class="hint">
        Static lists of leads: each followed by a sync of an audience, filled by hand, or both.
      </p>
      <div class="find">
        <label for="list-search">Find lists by name</label>
        <input
          id="list-search"
          type="search"
          autocomplete="off"
          value={typed}
          onInput={(event) => setTyped((event.target as HTMLInputElement).value)}
        />
      </div>
      {pages.error && (
        <p class="error" role="alert">
          {pages.error}
        </p>
      )}
      <div aria-live="polite" aria-busy={pages.busy}>
        {!page && !pages.error && <p class="hint">Loading…</p>}
        {page && page.total === 0 && search === '' && (
          <p class="empty">
            No lists yet. A list is made when a sync starts into a new list: pick an audience under{' '}
            <Link href={paths.syncJobs}>Sync jobs</Link> → New sync, or open one from{' '}
            <Link href={paths.audiences}>Audiences</Link>.
          </p>
        )}
        {page && page.total === 0 && search !== '' && (
          <p class="empty">No list name holds “{search}”. Try fewer letters.</p>
        )}
        {page && page.total > 0 && (
          <p class="hint">
            {search ? `${counted(page.total, 'list')} found.` : `${counted(page.total, 'list')}.`}
          </p>
        )}
      </div>
      {page && page.items.length > 0 && (
        <table class="cards lists">
          <caption class="visually-hidden">Lists</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Members</th>
              <th scope="col">Fed by</th>
              <th scope="col">Marketo</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((list) => (
              <tr key={list.id}>
                <th scope="row" data-label="Name">
                  <Link href={paths.list(list.id)}>{list.name}</Link>
                </th>
                <td data-label="Members" class="number">
                  {counted(list.memberCount, 'member')}
                </td>
                <td data-label="Fed by">
                  <FedBy job={list.syncJob ?? null} />
                </td>
                <td data-label="Marketo">
                  <MirrorCell mirror={list.marketoMirror} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && (
        <Pager
          id="lists-range"
          noun="Lists"
          index={pages.index}
          size={PAGE_SIZE}
          shown={page.items.length}
          total={page.total}
          hasNext={page.hasNext}
          busy={pages.busy}
          onPrevious={pages.previous}
          onNext={pages.next}
        />
      )}
    </section>
  );
}

type ListHeadData = NonNullable<WebListHeadQuery['list']>;

/**
 * One list: its size and sync job, its members page by page with a search by email, members
 * added and removed by hand, its membership history, its members as a CSV file, and its
 * Marketo mirror (followed live over the app's graphql-ws connection, `client`).
 */
export function ListView(props: { token: string; id: string; client: Client }) {
  const { token, id } = props;
  const [list, setList] = useState<ListHeadData | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  // Bumped after every change made here: the size, the members and the history read again.
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    request(token, ListHead, { id })
      .then((data) => {
        if (!current) return;
        setList(data.list ?? null);
        setError(null);
      })
      .catch((failure) => {
        if (current) setError(failureText(failure));
      });
    return () => {
      current = false;
    };
  }, [token, id, version]);

  useEffect(() => {
    if (list) document.title = `${list.name} · Lists · audience-sync`;
  }, [list?.name]);

  const back = (
    <p class="crumbs">
      <Link href={paths.lists}>← All lists</Link>
    </p>
  );
  if (list === null) {
    return (
      <section aria-labelledby="list-title" class="panel">
        {back}
        <h2 id="list-title">List not found</h2>
        <p class="empty">
          No list of this workspace has this address: it was deleted, or the link is from another
          workspace. Pick one under <Link href={paths.lists}>Lists</Link>.
        </p>
      </section>
    );
  }
  if (list === undefined) {
    return (
      <section aria-labelledby="list-title" class="panel">
        {back}
        <h2 id="list-title">List</h2>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : (
          <p class="hint">Loading…</p>
        )}
      </section>
    );
  }

  return (
    <>
      <section aria-labelledby="list-title" class="panel list-head">
        {back}
        <h2 id="list-title">{list.name}</h2>
        <p class="list-meta">
          <span>
            <strong>{count(list.memberCount)}</strong>{' '}
            {list.memberCount === 1 ? 'member' : 'members'}
          </span>
          <span>
            {list.syncJob ? 'Fed by ' : ''}
            <FedBy job={list.syncJob ?? null} />
          </span>
          <span>Created {when(list.createdAt)}</span>
        </p>
        <ExportButton token={token} listId={list.id} />
      </section>
      <ListMembers
        token={token}
        listId={list.id}
        listName={list.name}
        synced={list.syncJob !== null && list.syncJob !== undefined}
        version={version}
        onChanged={() => setVersion((n) => n + 1)}
      />
      <ListMarketo
        token={token}
        client={props.client}
        listId={list.id}
        listName={list.name}
        version={version}
      />
    </>
  );
}

/**
 * `Export CSV`: the list's members from /export/lists/<id>/members, fetched with the token in
 * the Authorization header (never in a URL), then handed to the browser as a file under the
 * name the service gives it (the list's name: Q4-buyers-list-members.csv).
 */
function ExportButton(props: { token: string; listId: string }) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);

  const exportCsv = async () => {
    setBusy(true);
    setError(null);
    setStatus('Preparing the CSV file…');
    try {
      const file = await download(
        props.token,
        `/export/lists/${encodeURIComponent(props.listId)}/members?format=csv`,
      );
      const url = URL.createObjectURL(file.blob);
      const link = document.createElement('a');
      link.href = url;
      const fileName = file.filename ?? 'list-members.csv';
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has taken the file once the click is handled; the URL is freed after.
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setStatus(`Saved ${fileName}.`);
    } catch (failure) {
      setStatus('');
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="export">
      <button type="button" class="secondary" disabled={busy} onClick={exportCsv}>
        Export CSV
      </button>
      <span class="hint" aria-live="polite">
        {status}
      </span>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
