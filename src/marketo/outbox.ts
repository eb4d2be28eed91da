import { queuePushSql } from './push-queue.js';

/**
 * The outbox of lists delivered into Marketo, written by the very statement that changes a
 * list's membership (sync runs in src/sync/resolve.ts, changes by hand in
 * src/services/list-members.ts), so the outbox commits with the change or not at all.
 *
 * `marketoOutboxCtes` returns two more CTEs for such a statement:
 * - `marketo_outboxed`: each lead of `changed` (a relation with a `lead_id` column) becomes
 *   the mirror's outbox row with `action`; the latest change of a lead wins (ON CONFLICT).
 * - `marketo_queued`: when anything went into the outbox and the mirror is ACTIVE, a CHANGES
 *   push is queued (src/marketo/push-queue.ts), its job in this same transaction.
 *
 * For a list that is not mirrored it costs one probe of the mirror's (workspace, list) index:
 * the uncorrelated EXISTS is an InitPlan, a one-time filter evaluated before `changed` is read,
 * so the changed rows are not scanned again. `ws` and `list` are the statement's parameters
 * holding the workspace and the list (bigint).
 */
export function marketoOutboxCtes(
  changed: string,
  action: 'ADD' | 'REMOVE',
  ws: `$${number}` = '$1',
  list: `$${number}` = '$2',
): string {
  const mirror = `marketo_mirror where workspace_id = ${ws}::bigint and list_id = ${list}::bigint`;
  return `marketo_outboxed as (
     insert into marketo_outbox (mirror_id, lead_id, workspace_id, action)
     select (select id from ${mirror}), oc.lead_id, ${ws}::bigint, '${action}'
       from ${changed} oc
      where exists (select 1 from ${mirror})
     on conflict (mirror_id, lead_id) do update set action = excluded.action, queued_at = now()
     returning mirror_id
   ), marketo_queued as (
     ${queuePushSql({
       mirrorsSql: `select id, workspace_id from ${mirror} and status = 'ACTIVE'
         and exists (select 1 from marketo_outboxed)`,
       triggerSql: `'CHANGES'`,
       runAtSql: 'now()',
       mode: 'preserve_run_at',
     })}
   )`;
}
