import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * One membership statement of a held full-set part (ECID in or out of an audience), in file
 * order (`seq`, the statement's position in its part; parts sort by file name). Written by
 * COPY and read set-based when the set applies.
 */
export const AamFullRow = defineEntity({
  name: 'AamFullRow',
  properties: {
    workspaceId: p.bigint('string').primary(),
    setName: p.text().primary(),
    fileName: p.text().primary(),
    seq: p.bigint('string').primary(),
    externalId: p.text(),
    ecid: p.string().length(38),
    member: p.boolean(),
  },
});
export type IAamFullRow = InferEntity<typeof AamFullRow>;
