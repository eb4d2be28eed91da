import type { SyncStats } from '../entities/sync-run.js';
import { builder } from './builder.js';

/** Run statistics, as the public contract defines them: why a list is smaller than its audience. */
export const SyncStatsRef = builder.objectRef<SyncStats>('SyncStats').implement({
  description: 'Run statistics: why a list is smaller than its audience.',
  // Not a Node, so the Node interface's read scope does not cover it.
  authScopes: { read: true },
  fields: (t) => ({
    audienceSize: t.exposeInt('audienceSize', { description: 'Distinct ECIDs in the audience.' }),
    ecidsWithCookie: t.exposeInt('ecidsWithCookie', {
      description: 'Audience ECIDs with at least one synced cookie.',
    }),
    ecidsWithLead: t.exposeInt('ecidsWithLead', {
      description: 'Audience ECIDs that reach at least one known lead.',
    }),
    ecidsWithoutCookie: t.exposeInt('ecidsWithoutCookie', {
      description: 'audienceSize - ecidsWithCookie.',
    }),
    ecidsAnonymousOnly: t.exposeInt('ecidsAnonymousOnly', {
      description: 'ecidsWithCookie - ecidsWithLead: cookie synced, visitor still anonymous.',
    }),
    matchedLeads: t.exposeInt('matchedLeads', { description: 'Distinct matched leads.' }),
    listSize: t.exposeInt('listSize', {
      description: 'List members after the run (manual + synced).',
    }),
    added: t.exposeInt('added', { description: 'Sync-owned memberships this run added.' }),
    removed: t.exposeInt('removed', { description: 'Sync-owned memberships this run removed.' }),
  }),
});
