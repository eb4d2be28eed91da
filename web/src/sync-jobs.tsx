import type { Client } from 'graphql-ws';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request, subscribe } from './api.js';
import {
  JobRuns,
  PauseSyncJob,
  ResumeSyncJob,
  RunSyncJobNow,
  SyncJobChanged,
  SyncJobs as SyncJobsQuery,
  SyncProgress,
} from './documents.js';
import { errorMessage } from './errors.js';
import { ExplainBox } from './explain-match.js';
import { count, when, words } from './format.js';
import { Funnel } from './funnel.js';
import type {
  WebJobFieldsFragment,
  WebJobRunsQuery,
  WebProgressFieldsFragment,
  WebRunFieldsFragment,
  WebSyncJobsQuery,
} from './gql/graphql.js';
import { RunHistory } from './run-history.js';

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Jobs per page; Show more asks for the next page (keyset, with `after`). */
const PAGE_SIZE = 50;

/** The run whose numbers the funnel shows: the latest that succeeded. */
const succeeded = (run: WebRunFieldsFragment) => run.status === 'SUCCEEDED' && run.stats !== null;

/** The sync jobs of the workspace, kept current by syncJobChanged. */
export function SyncJobs(props: { token: string; client: Client; refresh: number }) {
  const { token, client } = props;
  const [jobs, setJobs] = useState<WebJobFieldsFragment[] | null>(null);
  const [total, setTotal] = useState(0);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loading = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  // How many jobs the list shows: a page, plus one more page per Show more.
  const wanted = useRef(PAGE_SIZE);

  const loadPages = async () => {
    const found: WebJobFieldsFragment[] = [];
    let after: string | null = null;
    for (;;) {
      const data: WebSyncJobsQuery = await request(token, SyncJobsQuery, {
        first: PAGE_SIZE,
        after,
      });
      const page = data.syncJobs;
      found.push(...page.edges.map(({ node }) => node));
      setTotal(page.totalCount);
      if (!page.pageInfo.hasNextPage || found.length >= wanted.current) {
        setMore(page.pageInfo.hasNextPage);
        return found;
      }
      after = page.pageInfo.endCursor ?? null;
    }
  };

  // One load at a time; changes announced during a load cause exactly one more. A reload
  // reads again every page shown so far, so a change anywhere in the list shows.
  const reload = useCallback(() => {
    if (loading.current) {
      again.current = true;
      return;
    }
    loading.current = loadPages()
      .then((found) => {
        setJobs(found);
        setError(null);
      })
      .catch((failure) => setError(failure instanceof ApiError ? failure.message : String(failure)))
      .finally(() => {
        loading.current = null;
        if (again.current) {
          again.current = false;
          reload();
        }
      });
  }, [token]);

  const showMore = () => {
    wanted.current = (jobs?.length ?? 0) + PAGE_SIZE;
    reload();
  };

  useEffect(reload, [reload, props.refresh]);
  // A link to one job (/sync-jobs#job-<id>, from Lists) brings its card into view once shown.
  const target = useRef<string | null>(null);
  useEffect(() => {
    if (!jobs || !window.location.hash.startsWith('#job-')) return;
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (target.current === id) return;
    const heading = document.getElementById(id);
    if (!heading) return;
    target.current = id;
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  }, [jobs]);
  useEffect(
    () => subscribe(client, SyncJobChanged, {}, reload, (message) => setError(message)),
    [client, reload],
  );

  return (
    <section aria-labelledby="jobs-title" class="panel">
      <h2 id="jobs-title">Sync jobs</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {jobs === null && !error && <p class="hint">Loading…</p>}
      {jobs?.length === 0 && <p class="hint">No sync jobs yet: start one under New sync.</p>}
      {jobs && jobs.length > 0 && (
        <p class="hint" id="jobs-count">
          {jobs.length < total
            ? `Showing ${count(jobs.length)} of ${count(total)} sync jobs.`
            : `${count(total)} sync ${total === 1 ? 'job' : 'jobs'}.`}
        </p>
      )}
      {jobs?.map((job) => (
        <JobRow key={job.id} job={job} token={token} client={client} onChanged={reload} />
      ))}
      {more && (
        <button type="button" class="show-more" aria-describedby="jobs-count" onClick={showMore}>
          Show more
        </button>
      )}
    </section>
  );
}

function JobRow(props: {
  job: WebJobFieldsFragment;
  token: string;
  client: Client;
  onChanged: () => void;
}) {
  const { job, token, client, onChanged } = props;
  const [progress, setProgress] = useState<WebProgressFieldsFragment | null>(job.progress ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Where the feed starts when it (re)subscribes: the newest progress seen by then.
  const seenSequence = useRef(job.progress?.sequence ?? 0);
  seenSequence.current = Math.max(seenSequence.current, progress?.sequence ?? 0);
  // Only a run under way has progress to follow: a server allows a bounded number of
  // subscriptions per connection, so idle jobs hold none. syncJobChanged announces the start
  // of a run; the reload it causes brings that run's progress here, and the feed starts.
  const running = progress !== null && !ENDED.has(progress.status);
  const titleId = `job-${job.id}`;

  // A newer stored state (after a reload) wins over what the feed delivered so far.
  useEffect(() => {
    if (job.progress) {
      setProgress((current) =>
        !current || job.progress!.sequence > current.sequence ? job.progress! : current,
      );
    }
  }, [job.progress]);

  useEffect(() => {
    if (!running) return;
    return subscribe(
      client,
      SyncProgress,
      { syncJobId: job.id, afterSequence: seenSequence.current },
      (data) => {
        const event = data.syncProgress;
        setProgress((current) => (current && current.sequence >= event.sequence ? current : event));
        if (ENDED.has(event.status) || event.phase === 'LOADING_AUDIENCE') onChanged();
      },
      (message) => setError(message),
    );
  }, [client, job.id, onChanged, running]);

  const act = async (action: 'pause' | 'resume' | 'run') => {
    setBusy(true);
    setError(null);
    try {
      const variables = { id: job.id };
      const result =
        action === 'pause'
          ? (await request(token, PauseSyncJob, variables)).pauseSyncJob
          : action === 'resume'
            ? (await request(token, ResumeSyncJob, variables)).resumeSyncJob
            : (await request(token, RunSyncJobNow, variables)).runSyncJobNow;
      const message = errorMessage(result);
      if (message) setError(message);
      onChanged();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  const runs = job.runs.edges.map(({ node }) => node);
  const known = [...runs, ...useOlderRuns(token, job, runs)];
  const funnelRun = known.find(succeeded);
  const percent = progress?.percent ?? 0;
  const state = progress
    ? progress.status === 'SUCCEEDED'
      ? 'completed'
      : ENDED.has(progress.status)
        ? words(progress.status)
        : `${words(progress.phase)}, ${count(progress.processed)} of ${count(progress.total)}`
    : 'waiting for its first run';

  return (
    <article class="job" aria-labelledby={titleId}>
      <header>
        <h3 id={titleId} tabIndex={-1}>
          {job.audience.name} → {job.list.name}
        </h3>
        <p class="job-meta">
          <span>Folder {job.audience.folder.path}</span>
          <span>
            Status <strong class={`status status-${job.status}`}>{words(job.status)}</strong>
          </span>
          {job.nextRunAt && <span>Next run {when(job.nextRunAt)}</span>}
        </p>
        <div class="actions">
          {job.status === 'ACTIVE' ? (
            <button
              type="button"
              disabled={busy}
              aria-describedby={titleId}
              onClick={() => act('pause')}
            >
              Pause
            </button>
          ) : (
            <button
              type="button"
              disabled={busy}
              aria-describedby={titleId}
              onClick={() => act('resume')}
            >
              Resume
            </button>
          )}
          <button
            type="button"
            disabled={busy}
            aria-describedby={titleId}
            onClick={() => act('run')}
          >
            Run now
          </button>
        </div>
      </header>
      <div class="progress">
        <div
          class="progress-track"
          role="progressbar"
          aria-label={`Progress of ${job.audience.name} into ${job.list.name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}%: ${state}`}
        >
          <span class="progress-fill" style={{ width: `${percent}%` }} />
        </div>
        <span class="progress-text">
          {percent}% · {state}
        </span>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {funnelRun?.stats ? (
        <Funnel
          stats={funnelRun.stats}
          title={`Why the list is smaller than the audience (${funnelRun.trigger === 'INCREMENTAL' ? 'incremental' : 'full'} run of ${when(funnelRun.startedAt)})`}
          sources={funnelSources(funnelRun, known)}
        />
      ) : (
        <p class="hint">The funnel shows once a run has finished.</p>
      )}
      <details>
        <summary>Run history ({job.runs.totalCount})</summary>
        <div class="table-scroll">
          <RunHistory runs={runs} total={job.runs.totalCount} label={`Runs of ${job.list.name}`} />
        </div>
      </details>
      <ExplainBox token={token} audienceId={job.audience.id} listId={job.list.id} jobKey={job.id} />
    </article>
  );
}

/** A successful run that counted everything (a full run). */
const fullSuccess = (run: WebRunFieldsFragment) => succeeded(run) && run.trigger !== 'INCREMENTAL';

/**
 * Which numbers of the funnel come from which run. A full run counts everything; an incremental
 * run recounts only the leads its changes can affect, so its three ECID counts are carried from
 * the runs before it (at the root, the latest full run), while its matched leads and list size
 * are its own.
 */
function funnelSources(run: WebRunFieldsFragment, runs: WebRunFieldsFragment[]): string | null {
  if (run.trigger !== 'INCREMENTAL') return null;
  const full = runs.slice(runs.indexOf(run) + 1).find(fullSuccess);
  const since = full ? `the full run of ${when(full.startedAt)}` : 'the latest full run';
  return `Matched leads and list size are as of this run. The three ECID counts are those of ${since}: an incremental run does not recount the audience.`;
}

/**
 * Runs older than the ten the job came with, read page by page when those ten hold no
 * successful full run (a streak of failures, or of incremental runs): until the latest
 * successful full run, so the funnel shows the latest successful run and where its audience
 * side comes from.
 */
function useOlderRuns(
  token: string,
  job: WebJobFieldsFragment,
  runs: WebRunFieldsFragment[],
): WebRunFieldsFragment[] {
  const [older, setOlder] = useState<WebRunFieldsFragment[]>([]);
  const needed = !runs.some(fullSuccess) && job.runs.totalCount > runs.length;
  const oldest = runs.at(-1)?.id;
  useEffect(() => {
    if (!needed) return;
    let current = true;
    (async () => {
      const found: WebRunFieldsFragment[] = [];
      let after: string | null = null;
      for (;;) {
        const data: WebJobRunsQuery = await request(token, JobRuns, { id: job.id, after });
        const page = data.syncJob?.runs;
        if (!page) return found;
        const nodes = page.edges.map(({ node }) => node);
        // The first page starts with the runs the job came with.
        const start = after === null ? Math.min(runs.length, nodes.length) : 0;
        found.push(...nodes.slice(start));
        if (found.some(fullSuccess) || !page.pageInfo.hasNextPage) return found;
        after = page.pageInfo.endCursor ?? null;
      }
    })()
      .then((runs) => {
        if (current) setOlder(runs);
      })
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [token, job.id, needed, oldest]);
  return needed ? older : [];
}
