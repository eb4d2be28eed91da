import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

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
    workspaceId: p.bigint('string').primary(),
    restEndpoint: p.text(),
    identityEndpoint: p.text(),
    clientId: p.text(),
    clientSecretSealed: p.text().nullable(),
    callsPer20Seconds: p.integer(),
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
    workspaceId: p.bigint('string'),
    listId: p.bigint('string'),
    marketoListId: p.integer(),
    marketoListName: p.text(),
    leadMatching: p.enum([...MARKETO_LEAD_MATCHINGS]),
    status: p.enum([...MARKETO_MIRROR_STATUSES]),
    createdAt: p.datetime().defaultRaw('now()'),
    nextReconcileAt: p.datetime().nullable(),
  },
  uniques: [
    { properties: ['workspaceId', 'listId'] },
    { properties: ['workspaceId', 'marketoListId'] },
  ],
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
    mirrorId: p.bigint('string').primary(),
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
    mirrorId: p.bigint('string').primary(),
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
    mirrorId: p.bigint('string'),
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
  indexes: [{ properties: ['mirrorId', 'id'] }],
});
export type IMarketoPush = InferEntity<typeof MarketoPush>;

/** One record's outcome in a push, in the order the push met it (`seq`). */
export const MarketoPushRecord = defineEntity({
  name: 'MarketoPushRecord',
  properties: {
    pushId: p.bigint('string').primary(),
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
