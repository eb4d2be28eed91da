import type { Queryable } from '../db/transaction.js';

/**
 * Runs `work` (statements of the caller's transaction) with hash joins turned off. The merges
 * of an upload join its staged rows with a target table to find what is missing; planned as a
 * hash join, that reads every row of the target (all audiences of all workspaces) into a hash
 * table, so a merge costs as much as the table is large. Without hash joins the planner takes
 * the target's primary key instead: a merge join along the staged rows' sort order for a
 * large upload (the sort that feeds the insert in index order anyway), index probes for a small
 * one. The staged rows need statistics (ANALYZE) for that choice.
 */
export async function withoutHashJoins<T>(client: Queryable, work: () => Promise<T>): Promise<T> {
  await client.query('SET LOCAL enable_hashjoin = off');
  const result = await work();
  await client.query('RESET enable_hashjoin');
  return result;
}
