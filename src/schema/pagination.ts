import { ValidationError } from '../domain/errors.js';
import type { Window } from '../services/read-rows.js';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

/** The description of every connection's `first` argument. */
export const FIRST_ARG_DESCRIPTION = `How many items to return from the start (after \`after\`), 0 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE} when neither first nor last is given); more is refused with VALIDATION.`;
/** The description of every connection's `last` argument. */
export const LAST_ARG_DESCRIPTION = `How many items to return from the end (before \`before\`), 0 to ${MAX_PAGE_SIZE}; more is refused with VALIDATION. With \`first\` too, the last of the first \`first\` items, as the Relay specification says.`;
/** The description of every connection's totalCount. */
export const TOTAL_COUNT_DESCRIPTION = 'How many items the whole list has, across every page.';
/** The description of every connection's `after` argument. */
export const AFTER_ARG_DESCRIPTION =
  'Return the items after this cursor: the `endCursor` of the previous page (paging forward).';
/** The description of every connection's `before` argument. */
export const BEFORE_ARG_DESCRIPTION =
  'Return the items before this cursor: the `startCursor` of the next page (paging backward).';

/**
 * A connection's paging arguments (the Relay cursor connections specification): `first` and
 * `after` page forward, `last` and `before` page backward; both cursors may bound one page.
 */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  /**
   * hasNextPage and hasPreviousPage may be getters answering a Promise (see pageOf), which
   * their field's resolver (graphql's default) awaits; typed as the relay plugin's shape.
   */
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

function decodeCursor(cursor: string, name: 'after' | 'before'): string {
  const raw = Buffer.from(cursor, 'base64url').toString();
  if (!raw.startsWith('k:') || !/^\d{1,18}$/.test(raw.slice(2))) {
    throw ValidationError.field([name], `${name}: not a valid cursor`);
  }
  return raw.slice(2);
}

function checkSize(value: number, name: 'first' | 'last'): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw ValidationError.field([name], `${name} must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  return value;
}

/**
 * What a connection reads for its arguments: the window the service answers (its `limit` is
 * the page size; one more row is asked, to know whether more lie beyond), and `keepLast`, how
 * many rows of the window's end the page keeps when both `first` and `last` are given.
 */
export interface PageWindow {
  limit: number;
  afterKey: string | null;
  beforeKey: string | null;
  backward: boolean;
  keepLast: number | null;
}

/**
 * Validates `first` and `last` (0..500 each) and decodes the cursors. `last` alone pages
 * backward: the `last` items before `before` (or the end). `first` and `last` together follow
 * the Relay specification: the first `first` items, of which the page keeps the last `last`.
 */
export function pageWindow(args: PageArgs): PageWindow {
  const first = args.first == null ? null : checkSize(args.first, 'first');
  const last = args.last == null ? null : checkSize(args.last, 'last');
  const afterKey = args.after ? decodeCursor(args.after, 'after') : null;
  const beforeKey = args.before ? decodeCursor(args.before, 'before') : null;
  if (last !== null && first === null) {
    return { limit: last, afterKey, beforeKey, backward: true, keepLast: null };
  }
  return {
    limit: first ?? DEFAULT_PAGE_SIZE,
    afterKey,
    beforeKey,
    backward: false,
    keepLast: last,
  };
}

/** The service window of a page's window, with one row more than the page, nearest first. */
export const serviceWindow = (window: PageWindow): Window => ({
  limit: window.limit + 1,
  afterId: window.afterKey,
  beforeId: window.beforeKey,
  backward: window.backward,
});

/**
 * Whether the connection has a row within `window` (a one-row read): asks for the rows beyond
 * one side of a page that the page's own read cannot tell about.
 */
export type Probe = (window: Window) => Promise<boolean>;

/** A boolean computed only when the field is read, and then once. */
function lazily(compute: () => Promise<boolean>): () => Promise<boolean> {
  let answer: Promise<boolean> | undefined;
  return () => {
    answer ??= compute();
    return answer;
  };
}

/**
 * A page from the rows a service answered for `serviceWindow(window)` (nearest the cursor
 * first, so reversed when paging backward). Whether rows lie beyond the page's far end comes
 * from the extra row; beyond its near end, where the page starts at a cursor, from a one-row
 * `probe` past the page's first (or last) row, made only if pageInfo asks: so
 * hasPreviousPage is true on a page reached forward from a cursor when rows precede it, and
 * hasNextPage on a page reached backward when rows follow it, as Relay and Apollo expect.
 */
export function pageOf<T>(
  fetched: readonly T[],
  window: PageWindow,
  keyOf: (row: T) => string,
  count: () => Promise<number>,
  probe: Probe,
): Page<T> {
  const beyond = fetched.length > window.limit;
  let rows = fetched.slice(0, window.limit);
  if (window.backward) rows.reverse();
  let trimmed = false;
  if (window.keepLast !== null && rows.length > window.keepLast) {
    rows = window.keepLast === 0 ? [] : rows.slice(-window.keepLast);
    trimmed = true;
  }
  const firstKey = rows.length > 0 ? keyOf(rows[0]) : null;
  const lastKey = rows.length > 0 ? keyOf(rows[rows.length - 1]) : null;
  // Rows before the page: before its first row, or (an empty page) before `before`, which
  // then are the rows up to `after`.
  const rowsBefore = lazily(() =>
    probe({ limit: 1, afterId: null, beforeId: firstKey ?? window.beforeKey, backward: true }),
  );
  const rowsAfter = lazily(() =>
    probe({ limit: 1, afterId: lastKey ?? window.afterKey, beforeId: null, backward: false }),
  );
  const edges = rows.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  const pageInfo = {
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
    // Getters: the probes run only when a client selects the field.
    get hasPreviousPage(): boolean | Promise<boolean> {
      if ((window.backward && beyond) || trimmed) return true;
      return window.afterKey === null ? false : rowsBefore();
    },
    get hasNextPage(): boolean | Promise<boolean> {
      if (!window.backward && beyond) return true;
      return window.beforeKey === null ? false : rowsAfter();
    },
  };
  return { edges, pageInfo: pageInfo as Page<T>['pageInfo'], totalCount: count };
}

/**
 * Keyset pagination by a numeric key, forward and backward: `fetch` answers a service window
 * (up to `limit` rows strictly between its bounds, nearest the side it starts from first);
 * `count` runs only if totalCount is asked.
 */
export async function keysetPage<T>(
  args: PageArgs,
  keyOf: (row: T) => string,
  fetch: (window: Window) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Page<T>> {
  const window = pageWindow(args);
  const rows = window.limit === 0 ? [] : await fetch(serviceWindow(window));
  return pageOf(rows, window, keyOf, count, async (probe) => (await fetch(probe)).length > 0);
}
