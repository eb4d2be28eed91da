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
