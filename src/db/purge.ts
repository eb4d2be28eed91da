import { WORKSPACE_CHANGED_CHANNEL } from './channels.js';
import type { Queryable } from './transaction.js';

/**
 * Runs `deleteSql` (a DELETE of at most $2 rows older than $1 days, returning their
 * workspace_id) until a batch deletes fewer than `batchSize` rows, announcing a change of
 * each workspace a batch deleted from in the same statement (delivered at its commit).
 * Returns how many rows went. The retention purges of history and of webhook deliveries share it.
 */
export async function purgeInBatches(
  db: Queryable,
  deleteSql: string,
  retentionDays: number,
  batchSize: number,
): Promise<number> {
  let purged = 0;
  for (;;) {
    const result = await db.query<{ purged: number }>(
      `with purged as (${deleteSql}),
       announced as (
         select pg_notify($3, workspace_id::text) from purged group by workspace_id
       )
       select (select count(*) from purged)::int as purged,
              (select count(*) from announced)::int as workspaces`,
      [retentionDays, batchSize, WORKSPACE_CHANGED_CHANNEL],
    );
    const count = result.rows[0]?.purged ?? 0;
    purged += count;
    if (count < batchSize) return purged;
  }
}
