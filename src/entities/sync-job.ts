import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Audience } from './audience.js';
import { StaticList } from './static-list.js';
import { createdAt, updatedAt } from './timestamps.js';
import { Workspace } from './workspace.js';

export const SYNC_JOB_STATUSES = ['ACTIVE', 'PAUSED'] as const;
export type SyncJobStatus = (typeof SYNC_JOB_STATUSES)[number];

/** A standing sync: the list mirrors the audience's matched leads from creation on. */
export const SyncJob = defineEntity({
  name: 'SyncJob',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspace: () => p.manyToOne(Workspace).ref().deleteRule('cascade'),
    audience: () => p.manyToOne(Audience).ref().deleteRule('cascade'),
    // One sync job per list: a list fed by two audiences could never mirror either.
    list: () => p.manyToOne(StaticList).ref().unique().deleteRule('cascade'),
    status: p.enum([...SYNC_JOB_STATUSES]).default('ACTIVE'),
    // Last progress event sequence handed out; events are numbered per job from 1.
    lastSequence: p.integer().default(0),
    nextRunAt: p.datetime().nullable(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  indexes: [{ properties: ['workspace', 'audience'] }],
});
export type ISyncJob = InferEntity<typeof SyncJob>;
