import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { createdAt } from './timestamps.js';
import { Workspace } from './workspace.js';

/**
 * A key for customer pages (`pk_...`): public by design (it sits in the page's HTML), so it
 * grants nothing but the browser beacons of its workspace, and only from its origins.
 */
export const PublishableKey = defineEntity({
  name: 'PublishableKey',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspace: () => p.manyToOne(Workspace).ref().deleteRule('cascade'),
    key: p.string().length(64).unique(),
    allowedOrigins: p.array(),
    createdAt: createdAt(),
    revokedAt: p.datetime().nullable(),
  },
  indexes: [
    { properties: ['workspace', 'id'] },
    // Preflights carry no key: they are answered when any active key allows the origin.
    {
      name: 'publishable_key_allowed_origins_index',
      expression:
        'create index "publishable_key_allowed_origins_index" on "publishable_key" using gin ("allowed_origins") where "revoked_at" is null',
    },
  ],
});
export type IPublishableKey = InferEntity<typeof PublishableKey>;
