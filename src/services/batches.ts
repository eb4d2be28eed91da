import type { EntityManager, EntityName } from '@mikro-orm/postgresql';
import type { Queryable } from '../db/transaction.js';

/** Helpers for loading one relation of many parents in one statement (DataLoader batches). */

/**
 * Entities by id within one workspace, in the order asked. An id of another workspace (or not
 * a database id at all) comes back as null: it behaves exactly like an id that does not exist.
 */
export async function byIdsInWorkspace<T extends { id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  workspaceId: string,
  ids: readonly string[],
): Promise<(T | null)[]> {
  const valid = ids.filter((id) => /^\d{1,18}$/.test(id));
  const rows =
    valid.length === 0
      ? []
      : await em.find(entity, { id: { $in: valid }, workspace: workspaceId } as never);
  const byId = new Map(rows.map((row) => [String(row.id), row]));
  return ids.map((id) => byId.get(String(id)) ?? null);
}

/**
 * Runs a `key, count` query ($1 the workspace, $2 the ids) and answers the counts in the
 * order of `ids`; ids without rows count 0.
 */
export async function countsBy(
  db: Queryable,
  sql: string,
  workspaceId: string,
  ids: readonly string[],
): Promise<number[]> {
  const { rows } = await db.query<{ key: string; count: number }>(sql, [workspaceId, ids]);
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
