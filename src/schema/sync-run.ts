import type { SYNC_PHASES, SYNC_RUN_STATUSES, SYNC_TRIGGERS } from '../entities/sync-run.js';
import type { SyncRunRow } from '../services/sync-jobs.js';
import { builder } from './builder.js';
import { loadByIds } from './lookups.js';
import { SyncStatsRef } from './sync-stats.js';

export const SyncRunStatusEnum = builder.enumType('SyncRunStatus', {
  description: 'Where a sync run stands.',
  values: {
    QUEUED: { description: 'Waiting for a worker.' },
    RUNNING: { description: 'A worker is executing it.' },
    SUCCEEDED: { description: 'Done; the list mirrors the matched leads and stats are set.' },
    FAILED: { description: 'It failed; the list is as it was before the run (see error).' },
    CANCELLED: { description: 'Ended without running, because the sync job was paused.' },
  } satisfies Record<(typeof SYNC_RUN_STATUSES)[number], unknown>,
});
export const SyncTriggerEnum = builder.enumType('SyncTrigger', {
  description: 'What started a sync run.',
  values: {
    INITIAL: { description: 'The sync was just created (startAudienceSync).' },
    INCREMENTAL: {
      description:
        'A change that can alter the result: audience members, cookie syncs, associations or leads (within SYNC_DEBOUNCE_MS).',
    },
    SCHEDULED: { description: 'The periodic full reconcile (every SYNC_RECONCILE_INTERVAL_MS).' },
    MANUAL: { description: 'runSyncJobNow (or resumeSyncJob).' },
  } satisfies Record<(typeof SYNC_TRIGGERS)[number], unknown>,
});
export const SyncPhaseEnum = builder.enumType('SyncPhase', {
  description: 'The step a sync run is at.',
  values: {
    QUEUED: { description: 'Not started yet.' },
    LOADING_AUDIENCE: {
      description: 'Loading what the run covers: the audience, or the changes since the last run.',
    },
    RESOLVING_IDENTITIES: { description: 'Following ECIDs through cookie syncs to known leads.' },
    WRITING_MEMBERSHIPS: { description: "Applying the list's changes in one transaction." },
    COMPLETED: { description: 'The run succeeded.' },
    FAILED: { description: 'The run failed or was cancelled.' },
  } satisfies Record<(typeof SYNC_PHASES)[number], unknown>,
});

/** What `processed` counts, for SyncProgress and SyncRun alike. */
export const PROCESSED_DESCRIPTION =
  'How far the run is, in the units of total, never going down: resolving the items counts for four fifths of total (moving within the resolution, not only at its end), writing the list for the last fifth; equal to total once the run succeeded.';
/** What `total` counts, for SyncProgress and SyncRun alike. */
export const TOTAL_DESCRIPTION =
  'The items the run resolves: the distinct ECIDs of the audience in a full run (its audience size), the leads the changes can affect in an incremental one; 0 until they are counted.';

/** One execution of a sync job. */
export const SyncRunRef = builder.loadableNode('SyncRun', {
  description: 'One execution of a sync job.',
  id: { resolve: (run: SyncRunRow) => run.id },
  load: loadByIds((services) => services.syncJobs.runsByIds),
  isTypeOf: (value) =>
    typeof value === 'object' && value !== null && 'trigger' in value && 'phase' in value,
  fields: (t) => ({
    trigger: t.expose('trigger', {
      type: SyncTriggerEnum,
      description: 'What started the run.',
    }),
    status: t.expose('status', {
      type: SyncRunStatusEnum,
      description: 'Where the run stands.',
    }),
    phase: t.expose('phase', {
      type: SyncPhaseEnum,
      description: 'The step the run is at.',
    }),
    processed: t.exposeInt('processed', { description: PROCESSED_DESCRIPTION }),
    total: t.exposeInt('total', { description: TOTAL_DESCRIPTION }),
    attempts: t.exposeInt('attempts', {
      description:
        'How many times a worker has started the run: 0 while queued, 1 for a run that ran once, more when it was retried after a failed attempt or a worker that died (up to 3; an attempt handed back by a worker that was stopping in order is not counted).',
    }),
    stats: t.expose('stats', {
      type: SyncStatsRef,
      nullable: true,
      description: 'What the run produced; null unless it succeeded.',
    }),
    startedAt: t.expose('startedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When a worker started it; null while queued.',
    }),
    finishedAt: t.expose('finishedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it ended; null while queued or running.',
    }),
    error: t.exposeString('error', {
      nullable: true,
      description: 'Why it failed or was cancelled; null otherwise.',
    }),
  }),
});
