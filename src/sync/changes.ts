/**
 * The one channel through which every ingest path (bulk uploads, mutations) says what
 * changed, after its transaction committed. The sync scheduler subscribes to it to queue
 * INCREMENTAL runs for the sync jobs the change can affect.
 */

export type ChangeKind = 'AUDIENCE_MEMBERS' | 'COOKIE_SYNCS' | 'ASSOCIATIONS' | 'LEADS';

export interface IdentityChange {
  workspaceId: string;
  kind: ChangeKind;
  /** Audiences whose membership changed (AUDIENCE_MEMBERS). */
  audienceIds?: string[];
  /**
   * The identities touched, when the writer knows them cheaply. Absent means "unknown or too
   * many to list": listeners must then treat every sync job of the audiences (or, with no
   * audienceIds, of the workspace) as affected and recompute in full.
   */
  ecids?: string[];
  cookieIds?: string[];
  leadIds?: string[];
}

export type ChangeListener = (change: IdentityChange) => void | Promise<void>;

const listeners = new Set<ChangeListener>();

/** Subscribes to changes; returns the unsubscribe function. */
export function onIdentityChange(listener: ChangeListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Announces a committed change to every listener. A listener failure is logged, never
 * thrown back at the writer: the data is committed, and the reconcile timer repairs any
 * run that was missed.
 */
export async function announceIdentityChange(change: IdentityChange): Promise<void> {
  await Promise.all(
    [...listeners].map(async (listener) => {
      try {
        await listener(change);
      } catch (error) {
        console.error('[changes] listener failed', error);
      }
    }),
  );
}
