import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { StaticList } from './static-list.js';
import { Workspace } from './workspace.js';

/**
 * The tables of lists delivered into Marketo (Migration20261205050000). Read and written with
 * SQL by src/marketo and the Marketo services; these definitions keep the ORM's picture of the
 * schema complete.
 */

export const MARKETO_CONNECTION_STATUSES = [
  'CONNECTED',
  'AUTH_FAILED',
  'QUOTA_EXHAUSTED',
  'DISCONNECTED',
] as const;
export const MARKETO_MIRROR_STATUSES = ['ACTIVE', 'PAUSED', 'FAILED'] as const;
export const MARKETO_LEAD_MATCHINGS = ['EXISTING_LEADS', 'CREATE_MISSING'] as const;
export const MARKETO_PUSH_ACTIONS = ['ADD', 'REMOVE'] as const;
export const MARKETO_PUSH_TRIGGERS = ['INITIAL', 'CHANGES', 'RECONCILE', 'MANUAL'] as const;
export const MARKETO_PUSH_STATUSES = [
  'QUEUED',
  'RUNNING',
  'SUCCEEDED',
  'PARTIAL',
  'FAILED',
] as const;
export const MARKETO_PUSH_OUTCOMES = [
  'ADDED',
  'REMOVED',
  'CREATED',
  'NOT_IN_MARKETO',
  'SKIPPED',
] as const;

/** A workspace's Marketo subscription: endpoints, the sealed secret, its share of the limits. */
export const MarketoConnection = defineEntity({
  name: 'MarketoConnection',
  properties: {
    workspace: () => p.manyToOne(Workspace).primary().ref().deleteRule('cascade'),
    restEndpoint: p.text(),
    identityEndpoint: p.text(),
    clientId: p.text(),
    clientSecretSealed: p.text().nullable(),
    callsPer20Seconds: p.integer().fieldName('calls_per20_seconds'),
    concurrentCalls: p.integer(),
    dailyCallBudget: p.integer(),
    status: p.enum([...MARKETO_CONNECTION_STATUSES]),
    connectedAt: p.datetime().defaultRaw('now()'),
    lastError: p.text().nullable(),
    quotaResetsAt: p.datetime().nullable(),
  },
});
export type IMarketoConnection = InferEntity<typeof MarketoConnection>;

/** A list mirrored into one Marketo static list; `nextReconcileAt` null: due by `createdAt`. */
export const MarketoMirror = defineEntity({
  name: 'MarketoMirror',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspace: () => p.manyToOne(Workspace).ref().deleteRule('cascade'),
    list: () => p.manyToOne(StaticList).ref().deleteRule('cascade'),
    marketoListId: p.integer(),
    marketoListName: p.text(),
    leadMatching: p.enum([...MARKETO_LEAD_MATCHINGS]),
    status: p.enum([...MARKETO_MIRROR_STATUSES]),
    createdAt: p.datetime().defaultRaw('now()'),
    nextReconcileAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['workspace', 'list'] }, { properties: ['workspace', 'marketoListId'] }],
});
export type IMarketoMirror = InferEntity<typeof MarketoMirror>;

/** The Marketo lead id found for a lead's email (null: none had it when looked up). */
export const MarketoLead = defineEntity({
  name: 'MarketoLead',
  properties: {
    workspaceId: p.bigint('string').primary(),
    leadId: p.bigint('string').primary(),
    marketoLeadId: p.integer().nullable(),
    lookedUpAt: p.datetime().defaultRaw('now()'),
  },
});
export type IMarketoLead = InferEntity<typeof MarketoLead>;

/** What Marketo has not acknowledged yet, one row per mirror and lead (the latest change). */
export const MarketoOutbox = defineEntity({
  name: 'MarketoOutbox',
  properties: {
    mirror: () => p.manyToOne(MarketoMirror).primary().ref().deleteRule('cascade'),
    leadId: p.bigint('string').primary(),
    workspaceId: p.bigint('string'),
    action: p.enum([...MARKETO_PUSH_ACTIONS]),
    queuedAt: p.datetime().defaultRaw('now()'),
  },
});
export type IMarketoOutbox = InferEntity<typeof MarketoOutbox>;

/** A lead the mirror added to the Marketo list, acknowledged: the only ones it may remove. */
export const MarketoMirrorMember = defineEntity({
  name: 'MarketoMirrorMember',
  properties: {
    mirror: () => p.manyToOne(MarketoMirror).primary().ref().deleteRule('cascade'),
    leadId: p.bigint('string').primary(),
    workspaceId: p.bigint('string'),
    marketoLeadId: p.integer(),
    addedAt: p.datetime().defaultRaw('now()'),
  },
});
export type IMarketoMirrorMember = InferEntity<typeof MarketoMirrorMember>;

/** One push of a mirror: its trigger, status, heartbeat and counters. */
export const MarketoPush = defineEntity({
  name: 'MarketoPush',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspaceId: p.bigint('string'),
    mirror: () => p.manyToOne(MarketoMirror).ref().deleteRule('cascade'),
    trigger: p.enum([...MARKETO_PUSH_TRIGGERS]),
    status: p.enum([...MARKETO_PUSH_STATUSES]),
    createdAt: p.datetime().defaultRaw('now()'),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    heartbeatAt: p.datetime().nullable(),
    added: p.integer().default(0),
    removed: p.integer().default(0),
    leadsCreated: p.integer().default(0),
    notInMarketo: p.integer().default(0),
    skipped: p.integer().default(0),
    calls: p.integer().default(0),
    error: p.text().nullable(),
  },
  indexes: [
    { properties: ['mirror', 'id'] },
    // The pushes in progress, which the worker's watchdog looks at for dead workers.
    {
      name: 'marketo_push_running_index',
      expression: `create index "marketo_push_running_index" on "marketo_push" ("heartbeat_at") where "status" = 'RUNNING'`,
    },
  ],
  // At most one push waiting per mirror: triggers fold into it (src/marketo/push-queue.ts).
  uniques: [
    {
      name: 'marketo_push_queued_unique',
      expression: `create unique index "marketo_push_queued_unique" on "marketo_push" ("mirror_id") where "status" = 'QUEUED'`,
    },
  ],
});
export type IMarketoPush = InferEntity<typeof MarketoPush>;

/** One record's outcome in a push, in the order the push met it (`seq`). */
export const MarketoPushRecord = defineEntity({
  name: 'MarketoPushRecord',
  properties: {
    push: () => p.manyToOne(MarketoPush).primary().ref().deleteRule('cascade'),
    seq: p.integer().primary(),
    workspaceId: p.bigint('string'),
    leadId: p.bigint('string'),
    email: p.text(),
    marketoLeadId: p.integer().nullable(),
    action: p.enum([...MARKETO_PUSH_ACTIONS]),
    outcome: p.enum([...MARKETO_PUSH_OUTCOMES]),
    reasonCode: p.text().nullable(),
    reason: p.text().nullable(),
  },
});
export type IMarketoPushRecord = InferEntity<typeof MarketoPushRecord>;

/**
 * One Marketo call granted by the limiter (src/marketo/limiter.ts, which describes all three
 * limiter tables): finished when answered, or counted as in flight until `expiresAt`; `day` is
 * the Marketo day it counts against, `holder` the pid of the process that was granted it.
 */
export const MarketoLimiterSlot = defineEntity({
  name: 'MarketoLimiterSlot',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspace: () => p.manyToOne(Workspace).ref().deleteRule('cascade'),
    startedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
    expiresAt: p.datetime(),
    day: p.date(),
    holder: p.text(),
  },
  indexes: [{ properties: ['workspace', 'startedAt'] }],
});
export type IMarketoLimiterSlot = InferEntity<typeof MarketoLimiterSlot>;

/** The calls granted to a workspace on one Marketo day, against its daily budget. */
export const MarketoLimiterDay = defineEntity({
  name: 'MarketoLimiterDay',
  properties: {
    workspace: () => p.manyToOne(Workspace).primary().ref().deleteRule('cascade'),
    day: p.date().primary(),
    calls: p.integer().default(0),
  },
});
export type IMarketoLimiterDay = InferEntity<typeof MarketoLimiterDay>;

/** No call of the workspace starts before `pausedUntil` (set from Marketo's 606 and 615). */
export const MarketoLimiterPause = defineEntity({
  name: 'MarketoLimiterPause',
  properties: {
    workspace: () => p.manyToOne(Workspace).primary().ref().deleteRule('cascade'),
    pausedUntil: p.datetime(),
  },
});
export type IMarketoLimiterPause = InferEntity<typeof MarketoLimiterPause>;
