import { logger } from '../observability/log.js';

/**
 * What a writer (bulk upload, mutation) changed. The writer hands it to `recordIdentityChange`
 * inside its own transaction, so the sync jobs the change can affect get their INCREMENTAL
 * trigger in that same transaction; after COMMIT it announces it to in-process observers.
 */

export type ChangeKind = 'AUDIENCE_MEMBERS' | 'COOKIE_SYNCS' | 'ASSOCIATIONS' | 'LEADS';

export interface IdentityChange {
  workspaceId: string;
  kind: ChangeKind;
  /** Audiences whose membership changed (AUDIENCE_MEMBERS). */
  audienceIds?: string[];
  /**
   * The identities touched, when the writer knows them cheaply. Absent means "unknown or too
   * many to list": every sync job of the audiences (or, with no audienceIds, of the
   * workspace) is then treated as affected and recomputes in full.
   */
  ecids?: string[];
  cookieIds?: string[];
  leadIds?: string[];
}

export type ChangeListener = (change: IdentityChange) => void | Promise<void>;

const listeners = new Set<ChangeListener>();

/** Observes committed changes in this process; returns the unsubscribe function. */
export function onIdentityChange(listener: ChangeListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Tells this process's observers about a change after its transaction committed. Nothing
 * durable depends on it (the change's triggers were recorded in the transaction itself), so
 * an observer's failure is logged and never thrown back at the writer.
 */
export async function announceIdentityChange(change: IdentityChange): Promise<void> {
  await Promise.all(
    [...listeners].map(async (listener) => {
      try {
        await listener(change);
      } catch (error) {
        logger('sync').error({ err: error }, 'change observer failed');
      }
    }),
  );
}
