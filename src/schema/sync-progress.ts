import { encodeGlobalID } from '@pothos/plugin-relay';
import { progressPercent, type SyncProgressEvent } from '../sync/progress.js';
import { builder } from './builder.js';
import {
  PROCESSED_DESCRIPTION,
  SyncPhaseEnum,
  SyncRunStatusEnum,
  TOTAL_DESCRIPTION,
} from './sync-run.js';
import { SyncStatsRef } from './sync-stats.js';

/** A stored progress event of a sync job (also what the syncProgress subscription yields). */
export const SyncProgressRef = builder.objectRef<SyncProgressEvent>('SyncProgress').implement({
  fields: (t) => ({
    syncJobId: t.id({ resolve: (event) => encodeGlobalID('SyncJob', event.syncJobId) }),
    runId: t.id({ resolve: (event) => encodeGlobalID('SyncRun', event.runId) }),
    sequence: t.exposeInt('sequence', { description: 'Per sync job, from 1, only grows.' }),
    status: t.field({ type: SyncRunStatusEnum, resolve: (event) => event.status }),
    phase: t.field({ type: SyncPhaseEnum, resolve: (event) => event.phase }),
    processed: t.exposeInt('processed', { description: PROCESSED_DESCRIPTION }),
    total: t.exposeInt('total', { description: TOTAL_DESCRIPTION }),
    percent: t.float({
      description:
        'processed / total in percent; below 100 until the run succeeded, 100 once it did.',
      resolve: (event) => progressPercent(event),
    }),
    stats: t.field({ type: SyncStatsRef, nullable: true, resolve: (event) => event.stats }),
    at: t.field({ type: 'DateTime', resolve: (event) => event.at }),
  }),
});
