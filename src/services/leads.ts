import type pg from 'pg';
import type { Caller } from '../auth/tokens.js';
import { type FieldError, ValidationError } from '../domain/errors.js';
import { checkEmail, checkOptionalName, searchText } from '../domain/validation.js';
import { lockIdentities } from '../ingest/identity-merge.js';
import { LEAD_RECORD, leadsChange, mergeLeads } from '../ingest/leads.js';
import { STAGE_TABLE, type UploadPlan } from '../ingest/upload.js';
import { groupBy, inOrder } from './batches.js';
import { writeIdentities } from './identity-writes.js';
import type { ServiceDeps } from './index.js';
import {
  keysetSql,
  LEAD_COLUMNS,
  type LeadRow,
  rowsByIds,
  type Window,
  windowBounds,
} from './read-rows.js';

export const MAX_LEADS_PER_CALL = 1_000;

export interface LeadInput {
  email: string;
  firstName?: string | null;
  lastName?: string | null;
}

/** `$1` the workspace, `$2` the one email to find or null: the filter of `find` and `count`. */
const LEAD_FILTER = 'l.workspace_id = $1 and ($2::text is null or l.email = $2)';

function leadFilterParams(workspaceId: string, filter: { email?: string | null }) {
  return [workspaceId, searchText(filter.email, ['email'])?.toLowerCase() ?? null];
}

/** Checks a mutation's leads; throws one ValidationError naming every bad field. */
function checkLeads(leads: readonly LeadInput[]) {
  if (leads.length > MAX_LEADS_PER_CALL) {
    throw ValidationError.field(
      ['input', 'leads'],
      `input.leads: at most ${MAX_LEADS_PER_CALL} per call (use the bulk upload for more)`,
    );
  }
  const fieldErrors: FieldError[] = [];
  const emails: string[] = [];
  // Raw (trimmed) names: null keeps, '' clears; the merge tells the two apart.
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
  return { emails, firstNames, lastNames };
}

/** Leads (known people) of the caller's workspace: reads, the upsert and the bulk upload. */
export function createLeadService(deps: ServiceDeps) {
  const { database } = deps;
  return {
    /**
     * Inserts or updates leads by email (lower-cased, unique per workspace) in one statement,
     * so the batch applies entirely or not at all. A null or absent name keeps the stored one;
     * an empty one clears it. When an email appears twice, its last entry wins. Returns the
     * lead id of every input entry, in input order.
     */
    async upsert(caller: Caller, input: { leads: readonly LeadInput[] }): Promise<string[]> {
      const { emails, firstNames, lastNames } = checkLeads(input.leads);
      if (emails.length === 0) return [];
      const { workspaceId } = caller;
      const rows = await writeIdentities(deps, workspaceId, async (tx) => {
        const merged = await mergeLeads(tx, workspaceId, {
          sql: `(SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY
                  AS i(email, first_name, last_name, line))`,
          params: [emails, firstNames, lastNames],
        });
        const { rows } = await tx.query<{ id: string; email: string }>(
          'SELECT id, email FROM lead WHERE workspace_id = $1 AND email = ANY($2::text[])',
          [workspaceId, emails],
        );
        return { changes: [leadsChange(workspaceId, merged)], result: rows };
      });
      const idByEmail = new Map(rows.map((row) => [row.email, row.id]));
      return emails.map((email) => idByEmail.get(email) as string);
    },

    /** The bulk upload of leads (POST /ingest/leads): the same merge as upsert. */
    leadsUpload(caller: Caller): UploadPlan {
      const { workspaceId } = caller;
      return {
        spec: LEAD_RECORD,
        async merge(tx: pg.PoolClient, staged: number) {
          await lockIdentities(tx, workspaceId);
          const merged = await mergeLeads(tx, workspaceId, { sql: STAGE_TABLE, params: [] });
          // accepted: leads created or changed; duplicates: lines that changed nothing (the
          // same data stored, or the email repeated).
          return {
            accepted: merged.changed,
            duplicates: staged - merged.changed,
            change: leadsChange(workspaceId, merged),
          };
        },
      };
    },

    /** One keyset window of leads ordered by id, optionally the one with this email. */
    async find(caller: Caller, input: { email?: string | null } & Window): Promise<LeadRow[]> {
      const keyset = keysetSql('l.id', 'asc', input, 3, 4);
      const { rows } = await database.pool.query<LeadRow>(
        `select ${LEAD_COLUMNS} from lead l
          where ${LEAD_FILTER} and ${keyset.where}
          ${keyset.orderBy} limit $5`,
        [...leadFilterParams(caller.workspaceId, input), ...windowBounds(input), input.limit],
      );
      return rows;
    },

    /** How many leads `find` pages through. */
    async count(caller: Caller, input: { email?: string | null }): Promise<number> {
      const { rows } = await database.pool.query<{ n: number }>(
        `select count(*)::int as n from lead l where ${LEAD_FILTER}`,
        leadFilterParams(caller.workspaceId, input),
      );
      return rows[0]?.n ?? 0;
    },

    /** Leads by id, in order; null for an id outside the caller's workspace. */
    byIds(caller: Caller, ids: readonly string[]): Promise<(LeadRow | null)[]> {
      return rowsByIds(
        database.pool,
        caller.workspaceId,
        ids,
        `select ${LEAD_COLUMNS} from lead l where l.workspace_id = $1 and l.id = any($2::bigint[])`,
      );
    },

    /**
     * The distinct ECIDs of each lead, in id order: those cookie-synced with a Munchkin cookie
     * associated with the lead. One statement for any number of leads.
     */
    async ecids(caller: Caller, leadIds: readonly string[]): Promise<string[][]> {
      const { rows } = await database.pool.query<{ lead_id: string; ecid: string }>(
        `select distinct mc.lead_id, cs.ecid
           from munchkin_cookie mc
           join cookie_sync cs on cs.workspace_id = mc.workspace_id and cs.cookie_id = mc.cookie_id
          where mc.workspace_id = $1 and mc.lead_id = any($2::bigint[])
          order by mc.lead_id, cs.ecid`,
        [caller.workspaceId, leadIds],
      );
      const grouped = groupBy(rows, (row) => row.lead_id);
      return inOrder(leadIds, grouped, []).map((group) => group.map((row) => row.ecid));
    },
  };
}

export type LeadService = ReturnType<typeof createLeadService>;
