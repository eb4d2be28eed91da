import { resolveCursorConnection } from '@pothos/plugin-relay';
import { ValidationError } from '../domain/errors.js';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

/** The description of every connection's `first` argument. */
export const FIRST_ARG_DESCRIPTION = `How many items to return, 0 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}); more is refused with VALIDATION.`;
/** The description of every connection's `totalCount`. */
export const TOTAL_COUNT_DESCRIPTION = 'How many items the whole list has, across every page.';
/** The description of every connection's `after` argument. */
export const AFTER_ARG_DESCRIPTION =
  'Return the items after this cursor: the `endCursor` of the previous page (forward paging only).';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  /** Backward paging is not offered: no connection declares these; rejected if passed in. */
  last?: number | null;
  before?: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number | (() => Promise<number>);
}

/** Resolves a connection's `totalCount` from its page: a number, or a lazy counter. */
export function totalCountOf(page: unknown): number | Promise<number> {
  const total = (page as { totalCount?: Page<unknown>['totalCount'] }).totalCount;
  return typeof total === 'function' ? total() : (total ?? 0);
}

const encodeCursor = (key: string) => Buffer.from(`k:${key}`).toString('base64url');

function decodeCursor(cursor: string): string {
  const raw = Buffer.from(cursor, 'base64url').toString();
  if (!raw.startsWith('k:') || !/^\d{1,18}$/.test(raw.slice(2))) {
    throw ValidationError.field(['after'], 'after: not a valid cursor');
  }
  return raw.slice(2);
}

/** Validates `first` (1..500) and decodes `after` into the last seen key. */
export function pageWindow(args: PageArgs): { limit: number; afterKey: string | null } {
  if (args.last != null || args.before != null) {
    throw ValidationError.field(['last'], 'Only forward paging (first, after) is supported');
  }
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw ValidationError.field(['first'], `first must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  return { limit, afterKey: args.after ? decodeCursor(args.after) : null };
}

/**
 * Keyset pagination by an ascending numeric key, through the relay plugin's
 * resolveCursorConnection: `fetch` gets the window and must return up to limit + 1 rows ordered
 * by key after `afterKey`; `count` runs only if totalCount is asked.
 */
export async function keysetPage<T>(
  args: PageArgs,
  keyOf: (row: T) => string,
  fetch: (limit: number, afterKey: string | null) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Page<T>> {
  const { limit, afterKey } = pageWindow(args);
  const page = await resolveCursorConnection<Promise<T[]>>(
    {
      args: { first: limit, after: args.after },
      maxSize: MAX_PAGE_SIZE,
      toCursor: (row: T) => encodeCursor(keyOf(row)),
    },
    // `withNext` is the page size plus one row, which tells whether a next page exists.
    async ({ limit: withNext }) => (limit === 0 ? [] : fetch(withNext, afterKey)),
  );
  // The rows are never null, so neither are the edges.
  const edges = page.edges as Page<T>['edges'];
  return {
    edges,
    pageInfo: {
      hasNextPage: page.pageInfo.hasNextPage,
      hasPreviousPage: page.pageInfo.hasPreviousPage,
      // An empty page has no cursors (resolveCursorConnection would answer `after` or '').
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: count,
  };
}
