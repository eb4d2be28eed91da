import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context } from '../http/context.js';
import { keysetPage, type Page, type PageArgs, pageWindow } from './pagination.js';

/**
 * A per-request DataLoader of counts by parent id, so `totalCount` of a nested connection
 * costs one statement for a whole page of parents.
 */
export function countLoader(
  count: (ctx: Context, ids: readonly string[]) => Promise<Map<string, number>>,
): (ctx: Context) => DataLoader<string, number> {
  return createContextCache(
    (ctx: Context) =>
      new DataLoader<string, number>(async (ids) => {
        const counts = await count(ctx, ids);
        return ids.map((id) => counts.get(id) ?? 0);
      }),
  );
}

/**
 * Keyset pages of a nested connection for many parents at once: `fetch` loads, in one
 * statement, up to `limit` rows after `afterKey` for every parent (limit + 1 is asked, to
 * know whether a next page exists).
 */
export async function batchedPages<Row>(
  parentIds: readonly string[],
  args: PageArgs,
  fetch: (limit: number, afterKey: string | null) => Promise<Map<string, Row[]>>,
  keyOf: (row: Row) => string,
  count: (parentId: string) => Promise<number>,
): Promise<Page<Row>[]> {
  const { limit, afterKey } = pageWindow(args);
  const byParent = limit === 0 ? new Map<string, Row[]>() : await fetch(limit + 1, afterKey);
  return Promise.all(
    parentIds.map((id) =>
      keysetPage(
        args,
        keyOf,
        async () => byParent.get(id) ?? [],
        () => count(id),
      ),
    ),
  );
}

/** Maps the rows of a page's edges to what the edge type exposes, keeping cursors. */
export function mapEdges<Row, Edge>(page: Page<Row>, toEdge: (row: Row) => Edge) {
  return {
    ...page,
    edges: page.edges.map((edge) => ({ cursor: edge.cursor, ...toEdge(edge.node) })),
  };
}

/** A connection with no edges, for filters that name nothing. */
export function emptyPage<T>(args: PageArgs): Promise<Page<T>> {
  return keysetPage<T>(
    args,
    () => '',
    async () => [],
    async () => 0,
  );
}

/**
 * Resolves `totalCount` of a connection made with builder.connectionObject (the builder's
 * default connection fields only reach `t.connection`): a number, or a lazy counter.
 */
export function totalCountOf(parent: unknown): number | Promise<number> {
  const total = (parent as { totalCount?: number | (() => Promise<number>) }).totalCount;
  return typeof total === 'function' ? total() : (total ?? 0);
}
