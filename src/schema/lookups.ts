import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Caller } from '../auth/tokens.js';
import type { Context } from '../http/context.js';
import type { Window } from '../services/read-rows.js';
import {
  keysetPage,
  type Page,
  type PageArgs,
  pageOf,
  pageWindow,
  serviceWindow,
} from './pagination.js';

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
 * Keyset pages of a nested connection for many parents at once, forward and backward: `fetch`
 * loads, in one statement, the rows of a service window for every parent, in the order of
 * `parentIds` (see keysetPage). The one-row probes pageInfo may ask for (see pageOf) are
 * fetched for every parent at once too, once per distinct window.
 */
export async function batchedPages<Row>(
  parentIds: readonly string[],
  args: PageArgs,
  fetch: (window: Window) => Promise<readonly (readonly Row[] | undefined)[]>,
  keyOf: (row: Row) => string,
  count: (parentId: string) => Promise<number>,
): Promise<Page<Row>[]> {
  const window = pageWindow(args);
  const byParent = window.limit === 0 ? [] : await fetch(serviceWindow(window));
  const probes = new Map<string, ReturnType<typeof fetch>>();
  const probeOf = (probe: Window) => {
    const key = JSON.stringify(probe);
    let rows = probes.get(key);
    if (!rows) {
      rows = fetch(probe);
      probes.set(key, rows);
    }
    return rows;
  };
  return parentIds.map((id, index) =>
    pageOf(
      byParent[index] ?? [],
      window,
      keyOf,
      () => count(id),
      async (probe) => ((await probeOf(probe))[index]?.length ?? 0) > 0,
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
