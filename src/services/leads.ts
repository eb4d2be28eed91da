import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { WriterApp } from '../app.js';
import { withTransaction } from '../db/transaction.js';
import { type ILead, Lead } from '../entities/lead.js';
import type { MembershipSource } from '../entities/list-membership.js';
import { announceIdentityChange, type IdentityChange } from '../sync/changes.js';
import { recordIdentityChange } from '../sync/triggers.js';
import { countsBy, groupBy } from './batches.js';
import { type FieldError, ValidationError } from './errors.js';
import { checkEmail, checkOptionalName, searchText } from './validation.js';

export const MAX_LEADS_PER_CALL = 1_000;

export interface LeadInput {
  email: string;
  firstName?: string | null;
  lastName?: string | null;
}

/**
 * Inserts or updates leads by email (lower-cased, unique per workspace) in one statement, so
 * the batch applies entirely or not at all. A null or absent name keeps the stored one; an
 * empty one clears it. When an email appears twice, its last entry wins. Returns the lead id
 * of every input entry, in input order.
 */
export async function upsertLeads(
  app: WriterApp,
  workspaceId: string,
  leads: readonly LeadInput[],
): Promise<string[]> {
  if (leads.length > MAX_LEADS_PER_CALL) {
    throw ValidationError.field(
      ['input', 'leads'],
      `input.leads: at most ${MAX_LEADS_PER_CALL} per call (use the bulk upload for more)`,
    );
  }
  const fieldErrors: FieldError[] = [];
  const emails: string[] = [];
  // Raw (trimmed) names: null keeps, '' clears; the SQL tells the two apart.
  const firstNames: (string | null)[] = [];
  const lastNames: (string | null)[] = [];
  leads.forEach((lead, index) => {
    const path = (field: string) => ['input', 'leads', String(index), field];
    const fail = (field: string, reason: string) =>
      fieldErrors.push({ path: path(field), message: `${path(field).join('.')}: ${reason}` });
    const email = checkEmail(lead.email);
    if (email.ok) emails.push(email.value);
    else fail('email', email.reason);
    for (const [field, target] of [
      ['firstName', firstNames],
      ['lastName', lastNames],
    ] as const) {
      const raw = lead[field];
      const checked = checkOptionalName(raw);
      if (!checked.ok) fail(field, checked.reason);
      target.push(raw == null ? null : raw.trim());
    }
  });
  if (fieldErrors.length > 0) {
    throw new ValidationError(`${fieldErrors.length} invalid lead field(s)`, fieldErrors);
  }
  if (emails.length === 0) return [];
  const { rows, change } = await withTransaction(app.database.pool, async (tx) => {
    const { rows } = await tx.query<{ id: string; email: string }>(
      `with input as (
         select distinct on (email) email, first_name, last_name
           from unnest($2::text[], $3::text[], $4::text[]) with ordinality
                as i(email, first_name, last_name, position)
          order by email, position desc
       )
       insert into lead as l (workspace_id, email, first_name, last_name)
       select $1, email, nullif(first_name, ''), nullif(last_name, '') from input
       on conflict (workspace_id, email) do update set
         first_name = (select case when i.first_name is null then l.first_name
                                   else nullif(i.first_name, '') end
                         from input i where i.email = excluded.email),
         last_name = (select case when i.last_name is null then l.last_name
                                  else nullif(i.last_name, '') end
                        from input i where i.email = excluded.email),
         updated_at = now()
       returning id, email`,
      [workspaceId, emails, firstNames, lastNames],
    );
    const change: IdentityChange = {
      workspaceId,
      kind: 'LEADS',
      leadIds: [...new Set(rows.map((row) => row.id))],
    };
    await recordIdentityChange(tx, change, app.config.syncDebounceMs);
    return { rows, change };
  });
  const idByEmail = new Map(rows.map((row) => [row.email, row.id]));
  await announceIdentityChange(change);
  return emails.map((email) => idByEmail.get(email) as string);
}

/** One keyset window of leads ordered by id, optionally the one with this email. */
export function findLeads(
  em: EntityManager,
  workspaceId: string,
  filter: { email?: string | null },
  limit: number,
  afterId: string | null,
): Promise<ILead[]> {
  const where = leadWhere(workspaceId, filter) as Record<string, unknown>;
  if (afterId) where.id = { $gt: afterId };
  return em.find(Lead, where as FilterQuery<ILead>, { orderBy: { id: 'asc' }, limit });
}

export function countLeads(
  em: EntityManager,
  workspaceId: string,
  filter: { email?: string | null },
): Promise<number> {
  return em.count(Lead, leadWhere(workspaceId, filter));
}

function leadWhere(workspaceId: string, filter: { email?: string | null }): FilterQuery<ILead> {
  const email = searchText(filter.email, ['email'])?.toLowerCase();
  return email ? { workspace: workspaceId, email } : { workspace: workspaceId };
}

/**
 * The distinct ECIDs of each lead: those cookie-synced with a Munchkin cookie associated with
 * the lead. One statement for any number of leads.
 */
export async function ecidsByLead(
  pool: pg.Pool,
  workspaceId: string,
  leadIds: readonly string[],
): Promise<Map<string, string[]>> {
  const { rows } = await pool.query<{ lead_id: string; ecid: string }>(
    `select distinct mc.lead_id, cs.ecid
       from munchkin_cookie mc
       join cookie_sync cs on cs.workspace_id = mc.workspace_id and cs.cookie_id = mc.cookie_id
      where mc.workspace_id = $1 and mc.lead_id = any($2::bigint[])
      order by mc.lead_id, cs.ecid`,
    [workspaceId, leadIds],
  );
  const grouped = groupBy(rows, (row) => row.lead_id);
  return new Map(leadIds.map((id) => [id, (grouped.get(id) ?? []).map((row) => row.ecid)]));
}

export interface LeadListRow {
  lead_id: string;
  list_id: string;
  source: MembershipSource;
}

/** For each lead, its first `limit` list memberships after list `afterId` (by list id). */
export async function listsByLead(
  pool: pg.Pool,
  workspaceId: string,
  leadIds: readonly string[],
  limit: number,
  afterId: string | null,
): Promise<Map<string, LeadListRow[]>> {
  const { rows } = await pool.query<LeadListRow>(
    `select p.lead_id, m.list_id, m.source
       from unnest($2::bigint[]) as p(lead_id)
       cross join lateral (
         select list_id, source from list_membership
          where workspace_id = $1 and lead_id = p.lead_id
            and ($3::bigint is null or list_id > $3)
          order by list_id limit $4
       ) m`,
    [workspaceId, leadIds, afterId, limit],
  );
  return groupBy(rows, (row) => row.lead_id);
}

/** Number of lists each lead is on. */
export function listCountsByLead(
  pool: pg.Pool,
  workspaceId: string,
  leadIds: readonly string[],
): Promise<Map<string, number>> {
  return countsBy(
    pool,
    `select lead_id as key, count(*)::int as count from list_membership
      where workspace_id = $1 and lead_id = any($2::bigint[]) group by lead_id`,
    workspaceId,
    leadIds,
  );
}
