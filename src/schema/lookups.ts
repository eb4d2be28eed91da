import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Caller } from '../auth/tokens.js';
import type { Context } from '../http/context.js';
import { keysetPage, type Page, type PageArgs, pageWindow } from './pagination.js';

/** A service's read of rows by id: in the order of `ids`, null for each the caller cannot see. */
type ReadByIds<Row> = (caller: Caller, ids: readonly string[]) => Promise<(Row | null)[]>;

/**
 * The `load` of a loadable node or object: `read` picks the service's by-ids read (service
 * methods are closures, so it needs no `this`). A null row is an object the caller cannot
 * see, which node(id) and the fields that name it answer as null.
 */
export function loadByIds<Row>(read: (services: Context['services']) => ReadByIds<Row>) {
  return (ids: string[], ctx: Context) => read(ctx.services)(ctx.caller, ids) as Promise<Row[]>;
}

/**
 * A per-request DataLoader over a service read that answers one value per key, in the order
 * of the keys: one statement for all the keys a request asks for at once.
 */
export function requestLoader<Value>(
  read: (ctx: Context, ids: readonly string[]) => Promise<readonly Value[]>,
): (ctx: Context) => DataLoader<string, Value> {
  return createContextCache(
    (ctx: Context) => new DataLoader<string, Value>((ids) => read(ctx, ids)),
  );
}

/**
 * A per-request DataLoader of counts by parent id (the service answers them in id order), so
 * `totalCount` of a nested connection costs one statement for a whole page of parents.
 */
export function countLoader(
  count: (ctx: Context, ids: readonly string[]) => Promise<readonly (number | undefined)[]>,
): (ctx: Context) => DataLoader<string, number> {
  return requestLoader(async (ctx, ids) => (await count(ctx, ids)).map((total) => total ?? 0));
}

/**
 * Keyset pages of a nested connection for many parents at once: `fetch` loads, in one
 * statement, up to `limit` rows after `afterKey` for every parent, in the order of
 * `parentIds` (limit + 1 is asked, to know whether a next page exists).
 */
export async function batchedPages<Row>(
  parentIds: readonly string[],
  args: PageArgs,
  fetch: (
    limit: number,
    afterKey: string | null,
  ) => Promise<readonly (readonly Row[] | undefined)[]>,
  keyOf: (row: Row) => string,
  count: (parentId: string) => Promise<number>,
): Promise<Page<Row>[]> {
  const { limit, afterKey } = pageWindow(args);
  const byParent = limit === 0 ? [] : await fetch(limit + 1, afterKey);
  return Promise.all(
    parentIds.map((id, index) =>
      keysetPage(
        args,
        keyOf,
        async () => [...(byParent[index] ?? [])],
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
