import { encodeGlobalID } from '@pothos/plugin-relay';
import type { SyncProgressEvent } from '../sync/progress.js';
import { builder } from './builder.js';
import { SyncPhaseEnum, SyncRunStatusEnum } from './sync-run.js';
import { SyncStatsRef } from './sync-stats.js';

/** A stored progress event of a sync job (also what the syncProgress subscription yields). */
export const SyncProgressRef = builder.objectRef<SyncProgressEvent>('SyncProgress').implement({
  fields: (t) => ({
    syncJobId: t.id({ resolve: (event) => encodeGlobalID('SyncJob', event.syncJobId) }),
    runId: t.id({ resolve: (event) => encodeGlobalID('SyncRun', event.runId) }),
    sequence: t.exposeInt('sequence', { description: 'Per sync job, from 1, only grows.' }),
    status: t.field({ type: SyncRunStatusEnum, resolve: (event) => event.status }),
    phase: t.field({ type: SyncPhaseEnum, resolve: (event) => event.phase }),
    processed: t.exposeInt('processed'),
    total: t.exposeInt('total'),
    percent: t.float({
      description: 'processed / total in percent; 100 once the run succeeded.',
      resolve: (event) =>
        event.status === 'SUCCEEDED'
          ? 100
          : event.total > 0
            ? Math.min(100, Math.round((event.processed / event.total) * 10_000) / 100)
            : 0,
    }),
    stats: t.field({ type: SyncStatsRef, nullable: true, resolve: (event) => event.stats }),
    at: t.field({ type: 'DateTime', resolve: (event) => event.at }),
  }),
});
