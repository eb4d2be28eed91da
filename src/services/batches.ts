import type { Queryable } from '../db/transaction.js';

/** Helpers for loading one relation of many parents in one statement (DataLoader batches). */

/**
 * How many rows of `table` (of the workspace `workspaceId`) each of `ids` has in `column`, in
 * the order of `ids`, in one statement; ids without rows count 0.
 */
export async function countsBy(
  db: Queryable,
  table: string,
  column: string,
  workspaceId: string,
  ids: readonly string[],
): Promise<number[]> {
  const { rows } = await db.query<{ key: string; count: number }>(
    `select ${column} as key, count(*)::int as count from ${table}
      where workspace_id = $1 and ${column} = any($2::bigint[]) group by ${column}`,
    [workspaceId, ids],
  );
  const counts = new Map(rows.map((row) => [String(row.key), row.count]));
  return ids.map((id) => counts.get(id) ?? 0);
}

/** Groups rows by their parent key, keeping their order. */
export function groupBy<T>(rows: readonly T[], parentOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = parentOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** The values of `byId` for `ids`, in that order; `missing` for an id without one. */
export function inOrder<T>(ids: readonly string[], byId: Map<string, T>, missing: T): T[] {
  return ids.map((id) => byId.get(id) ?? missing);
}
