import { encodeGlobalID } from '../domain/global-ids.js';
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
  description:
    'A progress event of a sync job: one at every phase change, throttled ones in between, and a last one when the run ends.',
  fields: (t) => ({
    syncJobId: t.id({
      description: 'The global id of the sync job.',
      resolve: (event) => encodeGlobalID('SyncJob', event.syncJobId),
    }),
    runId: t.id({
      description: 'The global id of the run.',
      resolve: (event) => encodeGlobalID('SyncRun', event.runId),
    }),
    sequence: t.exposeInt('sequence', { description: 'Per sync job, from 1, only grows.' }),
    status: t.expose('status', {
      type: SyncRunStatusEnum,
      description: 'The status of the run at this event.',
    }),
    phase: t.expose('phase', {
      type: SyncPhaseEnum,
      description: 'The phase of the run at this event.',
    }),
    processed: t.exposeInt('processed', { description: PROCESSED_DESCRIPTION }),
    total: t.exposeInt('total', { description: TOTAL_DESCRIPTION }),
    percent: t.float({
      description:
        'processed / total in percent; below 100 until the run succeeded, 100 once it did.',
      resolve: (event) => progressPercent(event),
    }),
    stats: t.expose('stats', {
      type: SyncStatsRef,
      nullable: true,
      description: 'The run statistics; set on the last event of a successful run, else null.',
    }),
    at: t.expose('at', {
      type: 'DateTime',
      description: 'When the event happened.',
    }),
  }),
});
