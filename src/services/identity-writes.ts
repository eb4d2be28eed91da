import type pg from 'pg';
import type { EngineDeps } from '../db/database.js';
import { type Queryable, withTransaction } from '../db/transaction.js';
import { lockIdentities } from '../ingest/identity-merge.js';
import { announceIdentityChange, type IdentityChange } from '../sync/changes.js';
import { recordIdentityChange } from '../sync/triggers.js';

/** What a write did: the identity changes it made (null where nothing changed) and its answer. */
export interface IdentityWriteOutcome<T> {
  changes: readonly (IdentityChange | null)[];
  result: T;
}

/**
 * The one way a service writes identities or memberships: in one transaction, `lock` first
 * (the workspace's identity lock by default), then `write`, then the INCREMENTAL triggers of
 * every change it reports, so a change and its sync runs commit together or not at all; after
 * COMMIT, each change is announced to this process's observers.
 */
export async function writeIdentities<T>(
  deps: EngineDeps,
  workspaceId: string,
  write: (tx: pg.PoolClient) => Promise<IdentityWriteOutcome<T>>,
  options: {
    /** Taken before `write`; `null` takes no lock (a write that merges no identities). */
    lock?: ((tx: Queryable) => Promise<void>) | null;
  } = {},
): Promise<T> {
  const lock =
    options.lock === undefined ? (tx: Queryable) => lockIdentities(tx, workspaceId) : options.lock;
  const { changes, result } = await withTransaction(deps.database.pool, async (tx) => {
    if (lock) await lock(tx);
    const outcome = await write(tx);
    for (const change of outcome.changes) {
      if (change) await recordIdentityChange(tx, change, deps.config.syncDebounceMs);
    }
    return outcome;
  });
  for (const change of changes) if (change) await announceIdentityChange(change);
  return result;
}
