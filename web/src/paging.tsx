import { useEffect, useState } from 'preact/hooks';
import { failureText } from './errors.js';
import { count } from './format.js';

/** One page of a Relay connection, as the views use it. */
export interface Page<T> {
  items: T[];
  total: number;
  hasNext: boolean;
  endCursor: string | null;
}

/** A connection's page as a Page. */
export function pageOf<E, T>(
  connection: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor?: string | null };
    edges: E[];
  },
  item: (edge: E) => T,
): Page<T> {
  return {
    items: connection.edges.map(item),
    total: connection.totalCount,
    hasNext: connection.pageInfo.hasNextPage,
    endCursor: connection.pageInfo.endCursor ?? null,
  };
}

/**
 * Page by page through a connection that pages forward only (`after`): the cursors of the
 * pages before the current one are kept, so Previous goes back without a backward cursor.
 * A new `key` (another search, another list) starts again at the first page; `reload` reads
 * the current page again (after a change), and a page left empty by a change goes back one.
 */
export function useCursorPages<T>(key: string, load: (after: string | null) => Promise<Page<T>>) {
  const [state, setState] = useState<{ key: string; cursors: (string | null)[] }>({
    key,
    cursors: [null],
  });
  const [page, setPage] = useState<{ key: string; page: Page<T> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reloads, setReloads] = useState(0);
  const cursors = state.key === key ? state.cursors : [null];
  const index = cursors.length - 1;
  const after = cursors[index] ?? null;

  useEffect(() => {
    // An answer for a page the person has moved away from meanwhile is dropped.
    let current = true;
    setBusy(true);
    load(after)
      .then((found) => {
        if (!current) return;
        if (found.items.length === 0 && index > 0) {
          setState({ key, cursors: cursors.slice(0, -1) });
          return;
        }
        setPage({ key, page: found });
        setError(null);
      })
      .catch((failure) => {
        if (current) setError(failureText(failure));
      })
      .finally(() => {
        if (current) setBusy(false);
      });
    return () => {
      current = false;
    };
  }, [key, after, index, reloads]);

  const shown = page?.key === key ? page.page : null;
  return {
    page: shown,
    error,
    busy,
    /** The position of the page's first item, from 1. */
    index,
    next: () => {
      if (shown?.hasNext) setState({ key, cursors: [...cursors, shown.endCursor] });
    },
    previous: () => {
      if (index > 0) setState({ key, cursors: cursors.slice(0, -1) });
    },
    reload: () => setReloads((n) => n + 1),
  };
}

/**
 * "Members 51–100 of 1,234" with Previous page / Next page; the range is announced when it
 * changes, and names what the two buttons page through.
 */
export function Pager(props: {
  id: string;
  noun: string;
  index: number;
  size: number;
  shown: number;
  total: number;
  hasNext: boolean;
  busy: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  const { index, size, shown, total } = props;
  if (total === 0 || (index === 0 && !props.hasNext)) {
    return null;
  }
  const first = index * size + 1;
  const last = index * size + shown;
  return (
    <div class="pager">
      <p id={props.id} class="hint" aria-live="polite">
        {props.noun} {count(first)}–{count(last)} of {count(total)}
      </p>
      <button
        type="button"
        class="secondary"
        aria-describedby={props.id}
        disabled={index === 0 || props.busy}
        onClick={props.onPrevious}
      >
        Previous page
      </button>
      <button
        type="button"
        class="secondary"
        aria-describedby={props.id}
        disabled={!props.hasNext || props.busy}
        onClick={props.onNext}
      >
        Next page
      </button>
    </div>
  );
}
