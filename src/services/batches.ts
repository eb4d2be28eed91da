import type pg from 'pg';
import type { Queryable } from '../db/transaction.js';
import { keysetSql, type Window, windowBounds } from './read-rows.js';

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

/** What windowsPerParent reads: one table's rows of many parents, ordered by one key. */
export interface ChildWindows {
  /** The columns each row answers (they may name the table's alias). */
  columns: string;
  /** The table, with its alias if `columns` uses one (`marketo_push p`). */
  from: string;
  /** The column holding the parent's id. */
  parent: string;
  /** The keyset column and its order (`desc`: newest first). */
  key: string;
  order: 'asc' | 'desc';
  /** The keyset column's SQL type (default bigint). */
  cast?: string;
  /** An extra condition on the rows, whose parameters start at $6 (`extra` below). */
  filter?: string;
}

/**
 * Each parent's window of its child rows, in the order of `parentIds`, in one statement: a
 * lateral subquery per parent probes the table's (workspace, parent, key) order, so every
 * parent costs one index range however many there are. $1 is the workspace, $2 the parents,
 * $3/$4 the window's bounds, $5 its size, and $6 on the values of `extra`.
 */
export async function windowsPerParent<Row extends pg.QueryResultRow>(
  db: Queryable,
  spec: ChildWindows,
  workspaceId: string,
  parentIds: readonly string[],
  window: Window,
  parentOf: (row: Row) => string,
  extra: unknown[] = [],
): Promise<Row[][]> {
  const keyset = keysetSql(spec.key, spec.order, window, 3, 4, spec.cast);
  const { rows } = await db.query<Row>(
    `select x.* from unnest($2::bigint[]) as q(id)
     cross join lateral (
       select ${spec.columns} from ${spec.from}
        where workspace_id = $1 and ${spec.parent} = q.id
          and ${spec.filter ?? 'true'} and ${keyset.where}
        ${keyset.orderBy} limit $5
     ) x`,
    [workspaceId, parentIds, ...windowBounds(window), window.limit, ...extra],
  );
  return inOrder(parentIds, groupBy(rows, parentOf), []);
}
