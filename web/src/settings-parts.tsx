import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { failureText } from './errors.js';

/** Pieces the sections of the Settings view share. */

/** A time in the browser's own time zone, with the zone named (`Jan 5, 2026, 3:04:05 PM CET`). */
export function localTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'long',
  });
}

/** A <time> element: the local time as text, the exact instant in `datetime`. */
export function Time(props: { iso: string | null | undefined; empty?: string }) {
  if (!props.iso) return <>{props.empty ?? '–'}</>;
  return <time dateTime={props.iso}>{localTime(props.iso)}</time>;
}

/** A sentence about the last action of a section, read out politely by screen readers. */
export function Outcome(props: { error: string | null; done?: string | null }) {
  return (
    <div class="settings-outcome" aria-live="polite">
      {props.error && <p class="error">{props.error}</p>}
      {!props.error && props.done && <p class="settings-done">{props.done}</p>}
    </div>
  );
}

/**
 * A value a person copies (a snippet, a secret shown once): read-only text that selects
 * itself on focus, and a Copy button. Without clipboard access (an insecure origin, a refused
 * permission) the button selects the text instead and says to press Ctrl+C (⌘C).
 */
export function CopyField(props: {
  id: string;
  label: string;
  value: string;
  multiline?: boolean;
  hint?: string;
}) {
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [said, setSaid] = useState('');
  const select = () => {
    field.current?.focus();
    field.current?.select();
  };
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(props.value);
      setSaid('Copied.');
    } catch {
      select();
      setSaid('Selected: press Ctrl+C (⌘C on a Mac) to copy.');
    }
  };
  const hintId = `${props.id}-hint`;
  const common = {
    id: props.id,
    ref: field,
    readOnly: true,
    value: props.value,
    spellcheck: false,
    'aria-describedby': props.hint ? hintId : undefined,
    onFocus: select,
    class: 'copy-value',
  };
  return (
    <div class="copy-field">
      <label for={props.id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} rows={3} />
      ) : (
        <input {...common} type="text" autocomplete="off" />
      )}
      <div class="copy-actions">
        <button type="button" onClick={copy} aria-label={`Copy ${props.label.toLowerCase()}`}>
          Copy
        </button>
        <span class="hint" aria-live="polite">
          {said}
        </span>
      </div>
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

/**
 * A destructive button with a confirmation step: the first press asks, in place, with
 * `confirmLabel` and Cancel; focus moves to the question's confirm button and back to the
 * first button on Cancel.
 */
export function ConfirmButton(props: {
  label: string;
  question: string;
  confirmLabel: string;
  describedBy?: string;
  busy?: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const questionId = useId();
  // Focus follows the question: onto its confirm button, and back after Cancel.
  const moved = useRef(false);
  useEffect(() => {
    if (asking) confirm.current?.focus();
    else if (moved.current) first.current?.focus();
    moved.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button
        type="button"
        ref={first}
        class="secondary"
        aria-describedby={props.describedBy}
        disabled={props.busy}
        onClick={() => setAsking(true)}
      >
        {props.label}
      </button>
    );
  }
  return (
    <span class="confirm">
      <span class="confirm-question" id={questionId}>
        {props.question}
      </span>
      <button
        type="button"
        class="danger"
        ref={confirm}
        aria-describedby={questionId}
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        {props.confirmLabel}
      </button>
      <button type="button" class="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/** One page of a connection, as a section's loader answers it. */
export interface Page<T> {
  nodes: T[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * The items of a paged connection shown so far: the first page, then one more page per
 * `more()`. `reload()` reads again as many items as are shown (so a change anywhere in them
 * shows); loads are one at a time, and a reload asked during one runs once after it.
 */
export function usePaged<T>(load: (after: string | null) => Promise<Page<T>>, deps: unknown[]) {
  const [items, setItems] = useState<T[] | null>(null);
  const [total, setTotal] = useState(0);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const wanted = useRef(0);
  const loading = useRef(false);
  const again = useRef(false);
  const latest = useRef(load);
  latest.current = load;

  const run = async () => {
    if (loading.current) {
      again.current = true;
      return;
    }
    loading.current = true;
    try {
      const found: T[] = [];
      let after: string | null = null;
      for (;;) {
        const page: Page<T> = await latest.current(after);
        found.push(...page.nodes);
        setTotal(page.totalCount);
        if (!page.hasNextPage || found.length >= wanted.current) {
          setHasMore(page.hasNextPage);
          break;
        }
        after = page.endCursor;
      }
      setItems(found);
      setError(null);
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      loading.current = false;
      if (again.current) {
        again.current = false;
        void run();
      }
    }
  };

  useEffect(() => {
    wanted.current = 0;
    setItems(null);
    void run();
  }, deps);

  return {
    items,
    total,
    hasMore,
    error,
    reload: () => {
      wanted.current = Math.max(wanted.current, items?.length ?? 0);
      void run();
    },
    more: () => {
      wanted.current = (items?.length ?? 0) + 1;
      void run();
    },
  };
}
