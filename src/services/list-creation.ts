import { isUniqueViolation, type Queryable } from '../db/transaction.js';
import { NameTakenError } from '../domain/errors.js';

/** The unique index on (workspace_id, lower(name)) of static_list. */
const LIST_NAME_UNIQUE = 'static_list_name_unique';

/**
 * Creates a static list named `name` (already checked with checkName) on `tx` and returns its
 * id. Names are unique per workspace whatever their case, and the unique index decides, so
 * concurrent creations cannot both win: the loser gets NameTakenError. Inside a transaction
 * the violation has aborted it, so the caller must let the error end the transaction. The one
 * way lists are created: the createList mutation and startAudienceSync's new list alike.
 */
export async function createListIn(tx: Queryable, workspaceId: string, name: string) {
  try {
    const { rows } = await tx.query<{ id: string }>(
      'insert into static_list (workspace_id, name) values ($1, $2) returning id',
      [workspaceId, name],
    );
    return rows[0].id;
  } catch (error) {
    if (isUniqueViolation(error, LIST_NAME_UNIQUE)) throw new NameTakenError('List', name);
    throw error;
  }
}
