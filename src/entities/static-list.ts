import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { createdAt } from './timestamps.js';
import { Workspace } from './workspace.js';

/** A Marketo-style static list (GraphQL type `List`). Names are unique per workspace, any case. */
export const StaticList = defineEntity({
  name: 'StaticList',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspace: () => p.manyToOne(Workspace).ref().deleteRule('cascade'),
    name: p.string().length(255),
    /** Rows of list_membership of the list, kept by triggers on that table (Migration20261205090000). */
    memberCount: p.bigint('number').default(0),
    createdAt: createdAt(),
  },
  uniques: [
    {
      name: 'static_list_name_unique',
      expression:
        'create unique index "static_list_name_unique" on "static_list" ("workspace_id", lower("name"))',
    },
  ],
});
export type IStaticList = InferEntity<typeof StaticList>;
