import type { ServiceDeps } from './index.js';
import { createSyncJobLifecycleVerbs } from './sync-job-lifecycle.js';
import { createSyncJobReadVerbs } from './sync-job-reads.js';
import { createSyncJobStartVerbs } from './sync-job-start.js';
import { createSyncRunVerbs } from './sync-runs.js';

export type { SyncRunRow } from './read-rows.js';
export type { AnnouncedSyncJob } from './sync-job-reads.js';
export type { StartAudienceSyncInput } from './sync-job-start.js';

/**
 * Sync jobs, their runs and progress, previews and match explanations, and what the
 * subscriptions' live streams may show and load, as one service: starts
 * (src/services/sync-job-start.ts), the later lifecycle (sync-job-lifecycle.ts), reads of jobs
 * (sync-job-reads.ts), and runs and dry runs (sync-runs.ts). Every verb acts within the
 * caller's workspace: a job, run or audience of another workspace behaves as if it did not
 * exist.
 */
export function createSyncJobService(deps: ServiceDeps) {
  return {
    ...createSyncJobStartVerbs(deps),
    ...createSyncJobLifecycleVerbs(deps),
    ...createSyncJobReadVerbs(deps),
    ...createSyncRunVerbs(deps),
  };
}

export type SyncJobService = ReturnType<typeof createSyncJobService>;
