import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A full set's control file (`.info`) that arrived before all of its parts: its `Files[]`. */
export const AamFullControl = defineEntity({
  name: 'AamFullControl',
  properties: {
    workspaceId: p.bigint('string').primary(),
    setName: p.text().primary(),
    destinationId: p.text(),
    files: p.json<{ fileName: string; lineCount: number; md5: string | null }[]>(),
    receivedAt: p.datetime().defaultRaw('now()'),
  },
});
export type IAamFullControl = InferEntity<typeof AamFullControl>;
