import type pg from 'pg';

/** Helpers for loading one relation of many parents in one statement (DataLoader batches). */

/** Runs a `key, count` query over `ids`; ids without rows count 0. */
export async function countsBy(
  pool: pg.Pool,
  sql: string,
  workspaceId: string,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ key: string; count: number }>(sql, [workspaceId, ids]);
  const counts = new Map(ids.map((id) => [id, 0]));
  for (const row of rows) counts.set(String(row.key), row.count);
  return counts;
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
