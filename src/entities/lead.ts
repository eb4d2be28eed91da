import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { createdAt, updatedAt } from './timestamps.js';
import { Workspace } from './workspace.js';

/** A known person. Email is stored lower-cased and is unique per workspace. */
export const Lead = defineEntity({
  name: 'Lead',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspace: () => p.manyToOne(Workspace).ref().deleteRule('cascade'),
    email: p.string().length(320),
    firstName: p.string().length(255).nullable(),
    lastName: p.string().length(255).nullable(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  uniques: [{ properties: ['workspace', 'email'] }],
  indexes: [{ properties: ['workspace', 'id'] }],
});
export type ILead = InferEntity<typeof Lead>;
