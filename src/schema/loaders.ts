import type { EntityName } from '@mikro-orm/core';
import type { Context } from '../auth/context.js';

/**
 * Loads entities by id within the caller's workspace, in the order asked. An id of another
 * workspace comes back as null: it behaves exactly like an id that does not exist.
 */
export async function loadInWorkspace<T extends { id: string }>(
  ctx: Context,
  entity: EntityName<T>,
  ids: readonly string[],
): Promise<(T | null)[]> {
  const valid = ids.filter((id) => /^\d{1,18}$/.test(id));
  const rows =
    valid.length === 0
      ? []
      : await ctx.em.find(entity, {
          id: { $in: valid },
          workspace: ctx.caller.workspaceId,
        } as never);
  const byId = new Map(rows.map((row) => [String(row.id), row]));
  return ids.map((id) => byId.get(String(id)) ?? null);
}
