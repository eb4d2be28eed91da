import type { Client } from 'graphql-ws';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request, subscribe } from './api.js';
import {
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
import type { WebJobFieldsFragment, WebProgressFieldsFragment } from './gql/graphql.js';
import { RunHistory } from './run-history.js';

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** The sync jobs of the workspace, kept current by syncJobChanged. */
export function SyncJobs(props: { token: string; client: Client; refresh: number }) {
  const { token, client } = props;
  const [jobs, setJobs] = useState<WebJobFieldsFragment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loading = useRef<Promise<void> | null>(null);
  const again = useRef(false);

  // One load at a time; changes announced during a load cause exactly one more.
  const reload = useCallback(() => {
    if (loading.current) {
      again.current = true;
      return;
    }
    loading.current = request(token, SyncJobsQuery)
      .then((data) => {
        setJobs(data.syncJobs.edges.map(({ node }) => node));
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

  useEffect(reload, [reload, props.refresh]);
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
      {jobs?.map((job) => (
        <JobRow key={job.id} job={job} token={token} client={client} onChanged={reload} />
      ))}
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
  const firstSequence = useRef(job.progress?.sequence ?? 0);
  const titleId = `job-${job.id}`;

  // A newer stored state (after a reload) wins over what the feed delivered so far.
  useEffect(() => {
    if (job.progress) {
      setProgress((current) =>
        !current || job.progress!.sequence > current.sequence ? job.progress! : current,
      );
    }
  }, [job.progress]);

  useEffect(
    () =>
      subscribe(
        client,
        SyncProgress,
        { syncJobId: job.id, afterSequence: firstSequence.current },
        (data) => {
          const event = data.syncProgress;
          setProgress((current) =>
            current && current.sequence >= event.sequence ? current : event,
          );
          if (ENDED.has(event.status) || event.phase === 'LOADING_AUDIENCE') onChanged();
        },
        (message) => setError(message),
      ),
    [client, job.id, onChanged],
  );

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
  const lastWithStats = runs.find((run) => run.stats);
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
        <h3 id={titleId}>
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
            <button type="button" disabled={busy} onClick={() => act('pause')}>
              Pause
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => act('resume')}>
              Resume
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => act('run')}>
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
      {lastWithStats?.stats ? (
        <Funnel
          stats={lastWithStats.stats}
          title={`Why the list is smaller than the audience (run of ${when(lastWithStats.startedAt)})`}
        />
      ) : (
        <p class="hint">The funnel shows once a run has finished.</p>
      )}
      <details>
        <summary>Run history ({job.runs.totalCount})</summary>
        <RunHistory runs={runs} total={job.runs.totalCount} label={`Runs of ${job.list.name}`} />
      </details>
      <ExplainBox token={token} audienceId={job.audience.id} jobKey={job.id} />
    </article>
  );
}
