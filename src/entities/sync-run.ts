import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { SyncJob } from './sync-job.js';
import { createdAt } from './timestamps.js';
import { Workspace } from './workspace.js';

export const SYNC_RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];
export const SYNC_TRIGGERS = ['INITIAL', 'INCREMENTAL', 'SCHEDULED', 'MANUAL'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];
export const SYNC_PHASES = [
  'QUEUED',
  'LOADING_AUDIENCE',
  'RESOLVING_IDENTITIES',
  'WRITING_MEMBERSHIPS',
  'COMPLETED',
  'FAILED',
] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];

/** The statistics of a run, exactly as the public contract defines `SyncStats`. */
export interface SyncStats {
  audienceSize: number;
  ecidsWithCookie: number;
  ecidsWithLead: number;
  ecidsWithoutCookie: number;
  ecidsAnonymousOnly: number;
  matchedLeads: number;
  listSize: number;
  added: number;
  removed: number;
}

/** One execution of a sync job. `heartbeatAt` lets other workers spot a dead one. */
export const SyncRun = defineEntity({
  name: 'SyncRun',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspace: () => p.manyToOne(Workspace).ref().deleteRule('cascade'),
    syncJob: () => p.manyToOne(SyncJob).ref().deleteRule('cascade'),
    trigger: p.enum([...SYNC_TRIGGERS]),
    status: p.enum([...SYNC_RUN_STATUSES]).default('QUEUED'),
    phase: p.enum([...SYNC_PHASES]).default('QUEUED'),
    processed: p.integer().default(0),
    total: p.integer().default(0),
    stats: p.json<SyncStats>().nullable(),
    error: p.text().nullable(),
    attempts: p.integer().default(0),
    createdAt: createdAt(),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    heartbeatAt: p.datetime().nullable(),
  },
  indexes: [
    { properties: ['syncJob', 'createdAt'] },
    // A job's latest run: by job, then id.
    { properties: ['syncJob', 'id'] },
    { properties: ['status'] },
  ],
});
export type ISyncRun = InferEntity<typeof SyncRun>;
