import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { createdAt } from './timestamps.js';
import { Workspace } from './workspace.js';

/** A folder of the audience library. `path` is denormalised ("Campaigns/Q4") for display. */
export const AudienceFolder = defineEntity({
  name: 'AudienceFolder',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspace: () => p.manyToOne(Workspace).ref().deleteRule('cascade'),
    parent: () => p.manyToOne(AudienceFolder).ref().nullable().deleteRule('cascade'),
    name: p.string().length(255),
    path: p.text(),
    createdAt: createdAt(),
  },
  indexes: [{ properties: ['workspace', 'parent'] }],
  uniques: [
    {
      name: 'audience_folder_name_unique',
      expression:
        'create unique index "audience_folder_name_unique" on "audience_folder" ("workspace_id", coalesce("parent_id", 0), lower("name"))',
    },
  ],
});
export type IAudienceFolder = InferEntity<typeof AudienceFolder>;
