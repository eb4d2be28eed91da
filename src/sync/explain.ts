import type pg from 'pg';

export type MatchReason = 'MATCHED' | 'NOT_IN_AUDIENCE' | 'NO_COOKIE_SYNC' | 'ANONYMOUS_COOKIE';

export interface MatchExplanation {
  ecid: string;
  inAudience: boolean;
  reason: MatchReason;
  /** Cookies synced with the ECID, in id order. */
  cookieIds: string[];
  /** Distinct leads those cookies are associated with. */
  leadIds: string[];
}

/**
 * Why an ECID does or does not bring a lead into a sync of the audience: the path of the
 * matching rule (audience membership -> cookie sync -> association), in one statement.
 */
export async function explainMatch(
  db: Pick<pg.Pool, 'query'>,
  workspaceId: string,
  audienceId: string,
  ecid: string,
): Promise<MatchExplanation> {
  const result = await db.query<{
    in_audience: boolean;
    cookie_ids: string[];
    lead_ids: string[];
  }>(
    `select
       exists (select 1 from audience_member where workspace_id = $1 and audience_id = $2 and ecid = $3) as in_audience,
       coalesce((select array_agg(cookie_id order by cookie_id) from cookie_sync
         where workspace_id = $1 and ecid = $3), '{}') as cookie_ids,
       coalesce((select array_agg(distinct mc.lead_id::text) from cookie_sync cs
         join munchkin_cookie mc on mc.workspace_id = $1 and mc.cookie_id = cs.cookie_id
         where cs.workspace_id = $1 and cs.ecid = $3 and mc.lead_id is not null), '{}') as lead_ids`,
    [workspaceId, audienceId, ecid],
  );
  const row = result.rows[0] ?? { in_audience: false, cookie_ids: [], lead_ids: [] };
  const reason: MatchReason = !row.in_audience
    ? 'NOT_IN_AUDIENCE'
    : row.cookie_ids.length === 0
      ? 'NO_COOKIE_SYNC'
      : row.lead_ids.length === 0
        ? 'ANONYMOUS_COOKIE'
        : 'MATCHED';
  return {
    ecid,
    inAudience: row.in_audience,
    reason,
    cookieIds: row.cookie_ids,
    leadIds: row.lead_ids,
  };
}

export type LeadMatchReason =
  | 'MATCHED'
  | 'NOT_A_LEAD'
  | 'NO_COOKIE'
  | 'NO_COOKIE_SYNC'
  | 'NOT_IN_AUDIENCE';

/** The most cookie ids, ECIDs and audience ECIDs a lead's explanation lists (each in order). */
export const EXPLAIN_LEAD_LIST_LIMIT = 100;

export interface LeadMatchExplanation {
  email: string;
  /** The lead with that email; null when there is none. */
  leadId: string | null;
  reason: LeadMatchReason;
  /** Cookies associated with the lead, in order (at most EXPLAIN_LEAD_LIST_LIMIT). */
  cookieIds: string[];
  /** ECIDs those cookies are synced with, in order (at most EXPLAIN_LEAD_LIST_LIMIT). */
  ecids: string[];
  /** Those of the ECIDs in the audience, in order (at most EXPLAIN_LEAD_LIST_LIMIT). */
  audienceEcids: string[];
}

/**
 * Why a lead (by its email, already normalized) is or is not matched by the audience: the
 * matching rule walked from the lead's side (lead -> associated cookies -> their cookie syncs
 * -> audience membership), in one statement. Its joins are those of resolveAffectedLeads in
 * src/sync/resolve.ts, the by-lead path a sync takes (munchkin_cookie mc, cookie_sync cs on
 * cs.cookie_id = mc.cookie_id, audience_member am on am.ecid = cs.ecid, each bounded to the
 * workspace), so MATCHED here is exactly a lead a sync of the audience puts on its list. The
 * reason comes from which step is empty; the lists are only shortened, never emptied, by
 * their limit.
 */
export async function explainLead(
  db: Pick<pg.Pool, 'query'>,
  workspaceId: string,
  audienceId: string,
  email: string,
): Promise<LeadMatchExplanation> {
  const result = await db.query<{
    lead_id: string | null;
    cookie_ids: string[];
    ecids: string[];
    audience_ecids: string[];
  }>(
    `with l as (
       select id from lead where workspace_id = $1 and email = $3
     ), mc as (
       select mc.cookie_id from munchkin_cookie mc
        where mc.workspace_id = $1 and mc.lead_id = (select id from l)
     ), cs as (
       select distinct cs.ecid from mc
         join cookie_sync cs on cs.workspace_id = $1 and cs.cookie_id = mc.cookie_id
     ), am as (
       select am.ecid from cs
         join audience_member am on am.workspace_id = $1 and am.audience_id = $2 and am.ecid = cs.ecid
     )
     select (select id::text from l) as lead_id,
       array(select cookie_id from mc order by cookie_id limit $4) as cookie_ids,
       array(select ecid from cs order by ecid limit $4) as ecids,
       array(select ecid from am order by ecid limit $4) as audience_ecids`,
    [workspaceId, audienceId, email, EXPLAIN_LEAD_LIST_LIMIT],
  );
  const row = result.rows[0];
  const reason: LeadMatchReason =
    row.lead_id === null
      ? 'NOT_A_LEAD'
      : row.cookie_ids.length === 0
        ? 'NO_COOKIE'
        : row.ecids.length === 0
          ? 'NO_COOKIE_SYNC'
          : row.audience_ecids.length === 0
            ? 'NOT_IN_AUDIENCE'
            : 'MATCHED';
  return {
    email,
    leadId: row.lead_id,
    reason,
    cookieIds: row.cookie_ids,
    ecids: row.ecids,
    audienceEcids: row.audience_ecids,
  };
}
