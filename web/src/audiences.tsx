import { useEffect, useState } from 'preact/hooks';
import { request } from './api.js';
import {
  LibraryAudiences,
  LibraryFolders,
  PreviewAudienceSync,
  SearchAudiences,
} from './documents.js';
import { failureText } from './errors.js';
import { counted, sourceOfAudience, when } from './format.js';
import { Funnel } from './funnel.js';
import type {
  WebAudienceRowFieldsFragment,
  WebLibraryFoldersQuery,
  WebStatsFieldsFragment,
} from './gql/graphql.js';
import { type Page, Pager, pageOf, useCursorPages } from './paging.js';
import { Link, paths } from './router.js';

/** Audiences read at a time in a folder (Show more) and per page of a search. */
const PAGE_SIZE = 50;

type Folder = WebLibraryFoldersQuery['audienceFolders'][number];
type Audience = WebAudienceRowFieldsFragment;

/** The audience library as a tree of folders, and a search across it. */
export function AudiencesView(props: { token: string }) {
  const { token } = props;
  const [roots, setRoots] = useState<Folder[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);

  useEffect(() => {
    request(token, LibraryFolders, { parentId: null })
      .then((data) => setRoots(data.audienceFolders))
      .catch((failure) => setError(failureText(failure)));
  }, [token]);

  return (
    <section aria-labelledby="audiences-title" class="panel">
      <h2 id="audiences-title">Audiences</h2>
      <p class="hint">
        The Experience Cloud audience library. Open a folder to see its audiences; Preview sync
        tells how many leads a sync of an audience would bring, without changing anything.
      </p>
      <div class="find">
        <label for="audience-search">Find audiences by name or id</label>
        <input
          id="audience-search"
          type="search"
          autocomplete="off"
          value={typed}
          onInput={(event) => setTyped((event.target as HTMLInputElement).value)}
        />
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {search ? (
        <SearchResults token={token} search={search} />
      ) : (
        <>
          {roots === null && !error && <p class="hint">Loading…</p>}
          {roots?.length === 0 && (
            <p class="empty">
              The library is empty. Audiences arrive from an Experience Platform or Audience Manager
              destination, or through upsertAudience in the API; they show here once they have.
            </p>
          )}
          {roots && roots.length > 0 && (
            <ul class="tree" aria-label="Audience library">
              {roots.map((folder) => (
                <FolderNode key={folder.id} token={token} folder={folder} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** A folder of the tree: a disclosure button; opened, its subfolders and audiences. */
function FolderNode(props: { token: string; folder: Folder }) {
  const { token, folder } = props;
  const [open, setOpen] = useState(false);
  const [children, setChildren] = useState<Folder[] | null>(null);
  const [audiences, setAudiences] = useState<Page<Audience> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const group = `folder-${folder.id}`;

  const loadAudiences = async (after: string | null) => {
    const data = await request(token, LibraryAudiences, {
      folderId: folder.id,
      first: PAGE_SIZE,
      after,
    });
    return pageOf(data.audiences, (edge) => edge.node);
  };

  // The folder's content is read the first time it opens, and kept while it closes.
  useEffect(() => {
    if (!open || children !== null) return;
    Promise.all([request(token, LibraryFolders, { parentId: folder.id }), loadAudiences(null)])
      .then(([folders, page]) => {
        setChildren(folders.audienceFolders);
        setAudiences(page);
      })
      .catch((failure) => setError(failureText(failure)));
  }, [open]);

  const showMore = async () => {
    if (!audiences?.endCursor) return;
    setBusy(true);
    try {
      const next = await loadAudiences(audiences.endCursor);
      setAudiences({ ...next, items: [...audiences.items, ...next.items] });
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  const empty = children?.length === 0 && audiences?.total === 0;
  return (
    <li class="folder">
      <button
        type="button"
        class="disclosure"
        aria-expanded={open}
        aria-controls={group}
        onClick={() => setOpen(!open)}
      >
        <span class="chevron" aria-hidden="true" />
        <span class="folder-name">{folder.name}</span>
        {audiences && <span class="hint folder-count">{counted(audiences.total, 'audience')}</span>}
      </button>
      <div id={group} hidden={!open} class="folder-content" aria-live="polite">
        {open && children === null && !error && <p class="hint">Loading…</p>}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {empty && <p class="empty">This folder is empty.</p>}
        {children && children.length > 0 && (
          <ul class="tree" aria-label={`Folders in ${folder.path}`}>
            {children.map((child) => (
              <FolderNode key={child.id} token={token} folder={child} />
            ))}
          </ul>
        )}
        {audiences && audiences.items.length > 0 && (
          <ul class="audiences" aria-label={`Audiences in ${folder.path}`}>
            {audiences.items.map((audience) => (
              <AudienceItem key={audience.id} token={token} audience={audience} idPrefix="tree" />
            ))}
          </ul>
        )}
        {audiences?.hasNext && (
          <button type="button" class="secondary show-more" disabled={busy} onClick={showMore}>
            Show more audiences of {folder.name} (
            {counted(audiences.total - audiences.items.length, 'more', 'more')})
          </button>
        )}
      </div>
    </li>
  );
}

/** Audiences of the whole library matching the search, page by page, with their folders. */
function SearchResults(props: { token: string; search: string }) {
  const { token, search } = props;
  const pages = useCursorPages(`${token}\n${search}`, async (after) => {
    const data = await request(token, SearchAudiences, { search, first: PAGE_SIZE, after });
    return pageOf(data.audiences, (edge) => edge.node);
  });
  const { page } = pages;
  return (
    <div>
      <div aria-live="polite">
        {pages.error && (
          <p class="error" role="alert">
            {pages.error}
          </p>
        )}
        {!page && !pages.error && <p class="hint">Searching…</p>}
        {page?.total === 0 && (
          <p class="empty">No audience name or id holds “{search}”. Try fewer letters.</p>
        )}
        {page && page.total > 0 && <p class="hint">{counted(page.total, 'audience')} found.</p>}
      </div>
      {page && page.items.length > 0 && (
        <ul class="audiences" aria-label="Audiences found">
          {page.items.map((audience) => (
            <AudienceItem
              key={audience.id}
              token={token}
              audience={audience}
              idPrefix="found"
              showFolder
            />
          ))}
        </ul>
      )}
      {page && (
        <Pager
          id="audiences-range"
          noun="Audiences"
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
    </div>
  );
}

/**
 * An audience: its size in ECIDs, where it came from, the lists it feeds, `Preview sync` (the
 * dry-run funnel of previewAudienceSync) and a shortcut into New sync with it chosen.
 */
function AudienceItem(props: {
  token: string;
  audience: Audience;
  idPrefix: string;
  showFolder?: boolean;
}) {
  const { token, audience } = props;
  const [preview, setPreview] = useState<WebStatsFieldsFragment | null>(null);
  const [previewedAt, setPreviewedAt] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameId = `${props.idPrefix}-audience-${audience.id}`;

  const runPreview = async () => {
    setBusy(true);
    setError(null);
    setStatus(`Counting what a sync of ${audience.name} would bring…`);
    try {
      const data = await request(token, PreviewAudienceSync, { audienceId: audience.id });
      if (!data.previewAudienceSync) {
        setPreview(null);
        setStatus('');
        setError('This audience no longer exists.');
        return;
      }
      setPreview(data.previewAudienceSync);
      setPreviewedAt(new Date().toISOString());
      setStatus('');
    } catch (failure) {
      setStatus('');
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="audience">
      <div class="audience-head">
        <strong id={nameId} class="audience-name">
          {audience.name}
        </strong>
        <span class="audience-size">{counted(audience.memberCount, 'ECID')}</span>
        <span class="hint">{sourceOfAudience(audience.source)}</span>
        {props.showFolder && <span class="hint">in {audience.folder.path}</span>}
      </div>
      {audience.syncJobs.length > 0 && (
        <p class="hint feeds">
          Feeds{' '}
          {audience.syncJobs.map((job, i) => (
            <span key={job.id}>
              {i > 0 && ', '}
              <Link href={paths.list(job.list.id)}>{job.list.name}</Link>
            </span>
          ))}
        </p>
      )}
      <div class="actions">
        <button
          type="button"
          class="secondary"
          disabled={busy}
          aria-describedby={nameId}
          onClick={runPreview}
        >
          Preview sync
        </button>
        <Link class="button-link" href={paths.newSyncFor(audience.id)} aria-describedby={nameId}>
          New sync with this audience
        </Link>
      </div>
      <div class="preview" aria-live="polite">
        {status && <p class="hint">{status}</p>}
        {error && <p class="error">{error}</p>}
        {preview && (
          <Funnel
            stats={preview}
            title={`A sync of ${audience.name} into a new list, counted ${when(previewedAt)}`}
            note="A dry run: nothing was written. A sync started now would begin with these numbers."
          />
        )}
      </div>
    </li>
  );
}
