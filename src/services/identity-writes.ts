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
    /**
     * Taken before `write`; `null` takes no lock (a write that merges no identities, or one
     * whose merge takes the lock itself once its rows are staged, as uploads do).
     */
    lock?: ((tx: Queryable) => Promise<void>) | null;
    /**
     * Where the transaction runs: the main pool by default. An upload runs on the upload pool
     * and, as it may fail in the middle of a COPY, destroys its connection on failure instead
     * of rolling back (see withTransaction).
     */
    transaction?: { pool: pg.Pool; onFailure: 'rollback' | 'destroy' };
  } = {},
): Promise<T> {
  const lock =
    options.lock === undefined ? (tx: Queryable) => lockIdentities(tx, workspaceId) : options.lock;
  const pool = options.transaction?.pool ?? deps.database.pool;
  const work = async (tx: pg.PoolClient) => {
    if (lock) await lock(tx);
    const outcome = await write(tx);
    for (const change of outcome.changes) {
      if (change) await recordIdentityChange(tx, change, deps.config.syncDebounceMs);
    }
    return outcome;
  };
  const { changes, result } = await withTransaction(pool, work, {
    onFailure: options.transaction?.onFailure,
  });
  for (const change of changes) if (change) await announceIdentityChange(change);
  return result;
}
