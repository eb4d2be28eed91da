import type pg from 'pg';

/** Anything that runs SQL: a pool, a checked-out client, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * Checks a client out of `pool` and keeps its `'error'` events from crashing the process:
 * pg reports a connection lost while checked out (a terminated backend, a network failure)
 * both on the pending query, which rejects, and as an `'error'` event, which would be
 * uncaught without a listener. Returns the client and a `release(error?)` that gives it back
 * (destroyed when `error` is set, so a broken or mid-transaction connection is never reused).
 */
export async function checkOut(
  pool: pg.Pool,
): Promise<{ client: pg.PoolClient; release(error?: unknown): void }> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost ??= error;
  };
  client.on('error', onError);
  let released = false;
  return {
    client,
    release(error?: unknown) {
      if (released) return;
      released = true;
      client.off('error', onError);
      const failure = error ?? lost;
      client.release(
        failure === undefined
          ? undefined
          : failure instanceof Error
            ? failure
            : new Error(String(failure)),
      );
    },
  };
}

/**
 * Runs `work` in one transaction on a client of `pool`: COMMIT when it resolves, ROLLBACK
 * when it throws. A client whose ROLLBACK fails (its connection is gone) is destroyed rather
 * than returned, so no half-open transaction reaches the next user of the pool. A lost
 * connection rejects with its error; the process lives on.
 *
 * `onFailure: 'destroy'` skips the ROLLBACK and destroys the client at once: for work that
 * may fail in the middle of a COPY, where the connection is in no state to take another
 * statement; PostgreSQL rolls back what a closed connection left open.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (tx: pg.PoolClient) => Promise<T>,
  options: { onFailure?: 'rollback' | 'destroy' } = {},
): Promise<T> {
  const { client, release } = await checkOut(pool);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    release();
    return result;
  } catch (error) {
    const rolledBack =
      options.onFailure !== 'destroy' &&
      (await client.query('ROLLBACK').then(
        () => true,
        () => false,
      ));
    release(rolledBack ? undefined : error);
    throw error;
  }
}

/** Whether `error` is PostgreSQL's unique violation (SQLSTATE 23505), optionally of `constraint`. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = error as { code?: unknown; constraint?: unknown };
  return (
    pgError?.code === '23505' && (constraint === undefined || pgError.constraint === constraint)
  );
}
