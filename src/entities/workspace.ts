import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { createdAt } from './timestamps.js';

/** One Marketo subscription: the tenant every other row belongs to. */
export const Workspace = defineEntity({
  name: 'Workspace',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    name: p.string().length(255),
    hipaaReady: p.boolean().default(false),
    createdAt: createdAt(),
  },
});
export type IWorkspace = InferEntity<typeof Workspace>;
