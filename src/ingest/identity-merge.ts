import type pg from 'pg';
import { isUniqueViolation, type Queryable } from '../db/transaction.js';

/**
 * The set-based pieces every identity and membership merge shares (cookie-syncs.ts,
 * associations.ts, leads.ts, members.ts), whether the merge runs for one mutation or beacon
 * or for a bulk upload: how many changed keys an announcement lists, the shape of a relation
 * of rows to merge, the insert that skips rows already stored, and the identity lock.
 */

/** Changes touching more identities than this are announced without listing them. */
export const CHANGE_LIST_LIMIT = 10_000;

/**
 * A relation of rows to merge, as SQL with its parameters ($1..$n): an upload's staging
 * table, or one row of a mutation. Cookie syncs read (ecid, cookie_id); associations read
 * (cookie_id, email, line), where the highest line of a cookie is its latest association.
 */
export interface RowSource {
  sql: string;
  params: unknown[];
}

/**
 * The distinct changed keys for the announcement, or undefined when there are too many. The
 * sample holds at most CHANGE_LIST_LIMIT + 1 keys (possibly repeated); when it is full, some
 * keys may be missing from it, so it is never listed.
 */
export function listedIfFew(sample: string[]): string[] | undefined {
  return sample.length <= CHANGE_LIST_LIMIT ? [...new Set(sample)] : undefined;
}

/**
 * Runs a bulk insert whose SELECT keeps only rows missing from the target (an anti-join on
 * its unique key), first WITHOUT `ON CONFLICT`: speculative insertion costs about as much
 * again as the insert itself. Our merges are serialised by their locks, but other writers
 * (single-row mutations) are not: if one inserted a row meanwhile, the unique violation
 * rolls back to a savepoint and the statement reruns with `ON CONFLICT DO NOTHING`.
 * `statement` receives the conflict clause to put after its SELECT.
 */
export async function insertMissing<R extends pg.QueryResultRow>(
  client: Queryable,
  statement: (onConflict: string) => string,
  params: unknown[],
): Promise<pg.QueryResult<R>> {
  await client.query('SAVEPOINT insert_missing');
  try {
    const result = await client.query<R>(statement(''), params);
    await client.query('RELEASE SAVEPOINT insert_missing');
    return result;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await client.query('ROLLBACK TO SAVEPOINT insert_missing');
    return client.query<R>(statement('ON CONFLICT DO NOTHING'), params);
  }
}

/**
 * Serialises identity merges (cookie syncs, associations, leads) of one workspace until the
 * transaction ends: "latest association wins" and its history stay exact under concurrency,
 * and overlapping bulk merges cannot deadlock on each other's rows.
 */
export async function lockIdentities(client: Queryable, workspaceId: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `identity:${workspaceId}`,
  ]);
}
