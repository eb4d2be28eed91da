import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * One received data file of an Audience Manager full set, held until the set's control file
 * matches: its line count and checksums (of the body as sent, `raw_md5`, and gunzipped, `md5`).
 * Its statements are in aam_full_row.
 */
export const AamFullPart = defineEntity({
  name: 'AamFullPart',
  properties: {
    workspaceId: p.bigint('string').primary(),
    setName: p.text().primary(),
    fileName: p.text().primary(),
    destinationId: p.text(),
    lineCount: p.integer(),
    byteSize: p.bigint('number'),
    md5: p.text(),
    rawMd5: p.text(),
    receivedAt: p.datetime().defaultRaw('now()'),
  },
});
export type IAamFullPart = InferEntity<typeof AamFullPart>;
