import type pg from 'pg';
import { checkOut, type Queryable, withTransaction } from '../db/transaction.js';
import type { SyncStats } from '../entities/sync-run.js';
import { marketoOutboxCtes } from '../marketo/outbox.js';

/**
 * The matching rule as set-based SQL. Lead L is matched by audience A when an ECID e of A is
 * cookie-synced with a cookie c (same workspace) and c is associated with L. Every statement
 * filters on workspace_id, so each join stays within one workspace (one shard under Citus).
 *
 * Matched leads are staged in the session's temp table `sync_matched`; the runner then applies
 * the difference with the list in one transaction.
 */

export interface Scope {
  workspaceId: string;
  audienceId: string;
  listId: string;
}

export interface ChunkResult {
  withCookie: number;
  withLead: number;
}

/**
 * What resolving an audience found, the ECID side of SyncStats: the audience's distinct ECIDs,
 * those with a synced cookie, those that reach a known lead, and the distinct matched leads.
 */
export interface Resolution {
  audienceSize: number;
  withCookie: number;
  withLead: number;
  matchedLeads: number;
}

/** What applying a resolution did to the list: the list side of SyncStats. */
export interface ListOutcome {
  added: number;
  removed: number;
  listSize: number;
}

/**
 * The one derivation of SyncStats (CONTRACT.md) from a resolution and its list outcome, for
 * the runner and previewAudienceSync alike, so the two can never disagree on a field.
 */
export function syncStats(resolution: Resolution, outcome: ListOutcome): SyncStats {
  return {
    audienceSize: resolution.audienceSize,
    ecidsWithCookie: resolution.withCookie,
    ecidsWithLead: resolution.withLead,
    ecidsWithoutCookie: resolution.audienceSize - resolution.withCookie,
    ecidsAnonymousOnly: resolution.withCookie - resolution.withLead,
    matchedLeads: resolution.matchedLeads,
    listSize: outcome.listSize,
    added: outcome.added,
    removed: outcome.removed,
  };
}

/** The outcome of a resolution applied to a new, empty list: every matched lead is added. */
export function intoNewList(resolution: Resolution): ListOutcome {
  return { added: resolution.matchedLeads, removed: 0, listSize: resolution.matchedLeads };
}

/**
 * How a resolution statement reads the identity tables, chosen by the audience's size alone
 * (never by the planner's statistics, which right after a bulk upload say the tables are
 * empty):
 * - `probe`: each audience ECID looks its cookies up by key, and each cookie its lead. The
 *   statement's form leaves no other plan, so it costs a few index probes per ECID however
 *   large the workspace is: 25 ms for 2,000 ECIDs beside 700,000 cookie syncs, where hashing
 *   the workspace's cookies takes 175 ms.
 * - `hash`: hash or merge joins over the ECID range (withoutNestedLoops), which read each
 *   side once: the way for a large audience, whose probes would outnumber the rows hashed.
 */
export type ResolutionPlan = 'probe' | 'hash';

/** Audiences up to this many ECIDs are resolved by probes (about 0.1 s at most). */
export const PROBE_LIMIT = 10_000;

export function resolutionPlan(audienceSize: number): ResolutionPlan {
  return audienceSize <= PROBE_LIMIT ? 'probe' : 'hash';
}

/**
 * The matching rule's path for the audience ECIDs in [$3, $4) (no upper bound when $4 is
 * null): each ECID with a synced cookie, once per lead its cookies reach (lead_id null for an
 * anonymous cookie). $1 is the workspace, $2 the audience. In the `probe` form, OFFSET 0
 * keeps each lateral subquery a subquery of its own, run once per outer row by key.
 */
const REACH_SQL: Record<ResolutionPlan, string> = {
  hash: `select am.ecid, mc.lead_id
       from audience_member am
       join cookie_sync cs on cs.workspace_id = $1 and cs.ecid = am.ecid
         and cs.ecid >= $3 and ($4::text is null or cs.ecid < $4)
       left join munchkin_cookie mc
         on mc.workspace_id = $1 and mc.cookie_id = cs.cookie_id and mc.lead_id is not null
       where am.workspace_id = $1 and am.audience_id = $2
         and am.ecid >= $3 and ($4::text is null or am.ecid < $4)`,
  probe: `select am.ecid, mc.lead_id
       from audience_member am
       cross join lateral (
         select cs.cookie_id from cookie_sync cs
         where cs.workspace_id = $1 and cs.ecid = am.ecid offset 0) cs
       left join lateral (
         select mc.lead_id from munchkin_cookie mc
         where mc.workspace_id = $1 and mc.cookie_id = cs.cookie_id and mc.lead_id is not null
         offset 0) mc on true
       where am.workspace_id = $1 and am.audience_id = $2
         and am.ecid >= $3 and ($4::text is null or am.ecid < $4)`,
};

/**
 * Marks the statements resolving a run (each range of a full run, the affected leads of an
 * incremental one), so that a pause or a deletion of the job, or the worker's stop, can
 * cancel the one in progress (src/sync/runner.ts: interruptRun) and nothing else on the
 * connection.
 */
export const RESOLUTION_MARK = '/* sync resolution */';

/**
 * The resolution's joins run without nested loops, so its plan is the same whether the tables
 * have statistics or not. Right after a bulk upload, before autovacuum has analyzed the tables
 * (or when the workspace is new to statistics taken earlier), the planner believes a range
 * holds a row or two and takes a nested loop: for a range with both bounds it scanned the
 * range's cookie syncs again for every audience ECID (an 8-minute statement for 200,000
 * ECIDs, over 30 s for 60,000). Hash and merge joins read each side once whatever the
 * estimates: 0.3 s for those 60,000 ECIDs unanalyzed, as fast as the plan chosen on analyzed
 * tables, which already is hash joins. `work` runs inside the caller's transaction.
 */
async function withoutNestedLoops<T>(db: Queryable, work: () => Promise<T>): Promise<T> {
  await db.query('set local enable_nestloop = off');
  const result = await work();
  await db.query('reset enable_nestloop');
  return result;
}

/** Distinct ECIDs of audience $2 in workspace $1 (index-only scan of its primary key). */
const AUDIENCE_SIZE_SQL =
  'select count(*)::int from audience_member where workspace_id = $1 and audience_id = $2';

/** Creates (or empties) the session's staging tables. */
export async function prepareStage(db: Queryable): Promise<void> {
  await db.query(
    // No key on sync_matched: a lead reached from several chunks is deduplicated once, when
    // applied, which is cheaper than a unique check on every staged row.
    `create temp table if not exists sync_matched (lead_id bigint);
     create temp table if not exists sync_affected (lead_id bigint primary key);
     truncate sync_matched, sync_affected`,
  );
}

/** Drops the staging tables, so a pooled connection goes back clean. */
export async function dropStage(db: Queryable): Promise<void> {
  await db.query('drop table if exists pg_temp.sync_matched, pg_temp.sync_affected');
}

/** Distinct ECIDs of the audience (index-only scan of its primary key). */
export async function audienceSize(
  db: Queryable,
  scope: Pick<Scope, 'workspaceId' | 'audienceId'>,
): Promise<number> {
  const result = await db.query<{ n: number }>(`select (${AUDIENCE_SIZE_SQL}) as n`, [
    scope.workspaceId,
    scope.audienceId,
  ]);
  return result.rows[0]?.n ?? 0;
}

/** How many ECIDs there can be: 38 decimal digits. */
const ECID_SPACE = 10n ** 38n;

/**
 * The ECID at `part / parts` of the ECID space, as a range bound: '' at the start, null at
 * the end (no upper bound), else 38 digits.
 */
export function ecidAt(part: bigint, parts: bigint): string | null {
  if (part <= 0n) return '';
  if (part >= parts) return null;
  return ((ECID_SPACE * part) / parts).toString().padStart(38, '0');
}

/**
 * Splits the ECID space into `count` contiguous ranges [from, to); the last one has no upper
 * bound (null). ECIDs are 38-digit strings, so string order is numeric order and random ids
 * spread evenly; skewed ids only make chunks uneven, never wrong.
 */
export function ecidRanges(count: number): [string, string | null][] {
  const lower = (i: number) => ecidAt(BigInt(i), BigInt(count)) ?? '';
  return Array.from({ length: count }, (_, i) => [lower(i), i + 1 === count ? null : lower(i + 1)]);
}

/**
 * Fewest statements a full run of a large enough audience resolves in, so progress moves.
 * Each range costs a pass over every cookie's lead (munchkin_cookie is keyed by cookie, not
 * by ECID, so a range cannot narrow it): about 0.1 s at 700,000 cookies, where the whole
 * resolution of 1,000,000 ECIDs in one statement takes 1.7 s (2.0 s in three ranges, 2.2 s
 * in five).
 */
export const PROGRESS_STEPS = 3;
/** Smallest range worth a statement of its own for progress' sake. */
export const MIN_PROGRESS_CHUNK = 20_000;
/**
 * Most ranges of `chunkSize` a full run is split into; a larger audience gets larger ranges
 * instead. Each statement pays a pass over the workspace's cookies, which grows with the
 * workspace as the audience does: at 10,000,000 ECIDs (7,000,000 cookies) the pass took
 * 0.5-4.4 s (by the machine's load), a tenth of the whole resolution in one statement, and
 * twenty ranges of 500,000 ECIDs paid it twenty times (a resolution of 93 s where one
 * statement took 38 s, on a busy machine).
 */
export const MAX_SIZED_RANGES = 4;

/**
 * The ECID ranges a full run resolves: about `chunkSize` ECIDs each (at most
 * MAX_SIZED_RANGES of them), and at least PROGRESS_STEPS of them once the audience has
 * MIN_PROGRESS_CHUNK ECIDs per step, so that a 400,000-ECID audience reports progress three
 * times instead of once at the end.
 */
export function resolutionRanges(
  audienceSize: number,
  chunkSize: number,
): [string, string | null][] {
  const bySize = Math.min(MAX_SIZED_RANGES, Math.ceil(audienceSize / chunkSize));
  const forProgress = Math.min(PROGRESS_STEPS, Math.floor(audienceSize / MIN_PROGRESS_CHUNK));
  return ecidRanges(Math.max(1, bySize, forProgress));
}

/**
 * ECIDs of a full run's first range, resolved by key probes (the `probe` form): its progress
 * comes at once, since probes cost a few index lookups per ECID whatever the workspace's size,
 * where a range in the `hash` form first pays a pass over the workspace's cookies (0.1-0.3 s
 * at 700,000 cookies, 1.5-4.4 s at 7,000,000). Its time per ECID is also the first estimate
 * of the later ranges' (an upper one: a probe costs more per ECID than a hash join's row).
 */
export const FIRST_RANGE_ECIDS = 5_000;
/**
 * Longest a range of a full run is cut to take, as estimated from the ranges before it, so
 * that progress still moves in a workspace of tens of millions of ECIDs, whose largest ranges
 * (resolutionRanges) can take minutes on a busy machine. Runs have no statement limit (their
 * pool's is off); a dry run cuts its ranges shorter (PREVIEW_TARGET_MAX_MS), for the request's.
 */
export const RANGE_TARGET_MAX_MS = 30_000;
/** Fineness of the cuts in the ECID space (parts of it). */
const RANGE_PARTS = 1_000_000_000n;

/** An ECID range [from, to) (no upper bound when `to` is null) and the form it is resolved in. */
export interface EcidRange {
  from: string;
  to: string | null;
  plan: ResolutionPlan;
}

/**
 * Cuts a full run's ECID space into ranges. An audience up to PROBE_LIMIT ECIDs is one range
 * of probes, and one under MIN_PROGRESS_CHUNK one range in the `hash` form (either takes a
 * fraction of a second). A larger one starts with FIRST_RANGE_ECIDS by probes, then shares
 * the rest equally in the `hash` form, each share at most `largestRange` ECIDs (so as many
 * statements as resolutionRanges makes, unless one would take longer than `maxTargetMs`). At
 * 1,000,000 ECIDs those three ranges resolved in about 1.75 s, where the ranges cut by time
 * before (two small ones to measure the machine, then three large) took 1.9 s, two ranges
 * 2.5 s and one statement 2.3 s: every `hash` statement pays a pass over the workspace's
 * cookies, but a smaller one hashes fewer rows at a time. A range's time is estimated as a
 * fixed cost plus a time per ECID: from the probes' time per ECID until a
 * `hash` range is measured, then from that range's whole time per ECID (the fixed cost
 * counted as if it grew with the range, which errs towards smaller ranges), then from the
 * first and the latest `hash` ranges, which tell the fixed cost and the marginal time per ECID
 * apart. Sizes are expected counts: random ECIDs fill the space evenly.
 */
export class RangeCutter {
  /** Parts of the ECID space done, and up to where the range handed out last goes. */
  private at = 0n;
  private cut = 0n;
  private handedOut = 0;
  private plan: ResolutionPlan = 'probe';
  /** The probes' time per ECID, and the first and the latest `hash` ranges (ECIDs, ms). */
  private probeMsPerEcid: number | null = null;
  private firstHash: { ecids: number; ms: number } | null = null;
  private lastHash: { ecids: number; ms: number } | null = null;

  constructor(
    private readonly audienceSize: number,
    private readonly largestRange: number,
    private readonly maxTargetMs = RANGE_TARGET_MAX_MS,
  ) {}

  /** The next range, or null once the whole space is handed out. */
  next(): EcidRange | null {
    if (this.at >= RANGE_PARTS) return null;
    const size = Math.max(1, this.audienceSize);
    const whole = resolutionPlan(this.audienceSize);
    const left = RANGE_PARTS - this.at;
    let parts: bigint;
    if (whole === 'probe' || this.audienceSize < MIN_PROGRESS_CHUNK) {
      this.plan = whole;
      parts = RANGE_PARTS;
    } else if (this.handedOut === 0) {
      this.plan = 'probe';
      parts = BigInt(Math.ceil((FIRST_RANGE_ECIDS * Number(RANGE_PARTS)) / size));
    } else {
      this.plan = 'hash';
      const most = Math.max(FIRST_RANGE_ECIDS, Math.min(this.largestRange, this.withinTarget()));
      const shares = Math.max(1, Math.ceil((size * Number(left)) / Number(RANGE_PARTS) / most));
      parts = left / BigInt(shares);
    }
    if (parts >= left || parts <= 0n) parts = left;
    this.cut = this.at + parts;
    this.handedOut += 1;
    return {
      from: ecidAt(this.at, RANGE_PARTS) ?? '',
      to: ecidAt(this.cut, RANGE_PARTS),
      plan: this.plan,
    };
  }

  /** ECIDs a `hash` range is estimated to resolve in maxTargetMs. */
  private withinTarget(): number {
    const first = this.firstHash;
    const last = this.lastHash;
    // Two ranges of about one size cannot tell the fixed cost from the time per ECID.
    if (first && last && last.ecids > 1.25 * first.ecids) {
      // Timing noise can make a larger range look no slower: the rate stays positive.
      const marginal = Math.max(last.ms - first.ms, last.ms / 10) / (last.ecids - first.ecids);
      const fixed = Math.max(0, first.ms - marginal * first.ecids);
      return Math.max(0, this.maxTargetMs - fixed) / Math.max(marginal, 1e-6);
    }
    const rate = last ? last.ms / Math.max(1, last.ecids) : this.probeMsPerEcid;
    return rate === null ? this.largestRange : this.maxTargetMs / Math.max(rate, 1e-6);
  }

  /** The range handed out last is resolved, in `ms`. */
  took(ms: number): void {
    const ecids = (this.audienceSize * Number(this.cut - this.at)) / Number(RANGE_PARTS);
    if (this.plan === 'probe') {
      if (ecids > 0) this.probeMsPerEcid = ms / ecids;
    } else {
      this.firstHash ??= { ecids, ms };
      this.lastHash = { ecids, ms };
    }
    this.at = this.cut;
  }

  /** ECIDs resolved so far, as expected from the share of the space done. */
  get resolved(): number {
    return Math.round((this.audienceSize * Number(this.at)) / Number(RANGE_PARTS));
  }
}

/**
 * The largest range a full run resolves at once (RangeCutter): the size of resolutionRanges'
 * ranges, about `chunkSize` ECIDs and at most a PROGRESS_STEPS-th of a large enough audience.
 */
export function largestRange(audienceSize: number, chunkSize: number): number {
  return Math.ceil(audienceSize / resolutionRanges(audienceSize, chunkSize).length);
}

/**
 * Resolves the audience ECIDs in [from, to): stages their matched leads and returns how
 * many of them reach a cookie and a lead, in the form `plan` (resolutionPlan of the audience's
 * size). Ranges (not LIMIT) keep each side of a join one index range; in the `hash` form the
 * joins are hash or merge joins whatever the statistics say (withoutNestedLoops), as fast as
 * one statement over the whole audience. Call it outside a transaction: the `hash` form runs
 * in one of its own, so the planner setting ends with it.
 */
export async function resolveChunk(
  db: Queryable,
  scope: Pick<Scope, 'workspaceId' | 'audienceId'>,
  from: string,
  to: string | null,
  plan: ResolutionPlan,
): Promise<ChunkResult> {
  const resolve = () =>
    db.query<{ with_cookie: number; with_lead: number }>(
      `${RESOLUTION_MARK}
       with reach as (
         ${REACH_SQL[plan]}
       ), staged as (
         insert into sync_matched (lead_id)
         select distinct lead_id from reach where lead_id is not null
       )
       select count(distinct ecid)::int as with_cookie,
         (count(distinct ecid) filter (where lead_id is not null))::int as with_lead
       from reach`,
      [scope.workspaceId, scope.audienceId, from, to],
    );
  let result: pg.QueryResult<{ with_cookie: number; with_lead: number }>;
  if (plan === 'probe') {
    result = await resolve();
  } else {
    await db.query('begin');
    try {
      result = await withoutNestedLoops(db, resolve);
      await db.query('commit');
    } catch (error) {
      await db.query('rollback').catch(() => {});
      throw error;
    }
  }
  const row = result.rows[0];
  return {
    withCookie: row?.with_cookie ?? 0,
    withLead: row?.with_lead ?? 0,
  };
}

/**
 * Resolves the audience ECIDs in the ranges `ranges` hands out, one resolveChunk each, staging
 * the matched leads in the session's sync_matched (prepareStage), and returns how many ECIDs
 * reach a cookie and a lead. `beforeRange` runs before each range (a run checks it was not
 * stopped) and `afterRange` after it with the ECIDs resolved so far (a run reports progress).
 * A lead reached from several ranges is staged once per range: count or apply it distinct.
 */
export async function resolveInRanges(
  db: Queryable,
  scope: Pick<Scope, 'workspaceId' | 'audienceId'>,
  ranges: RangeCutter,
  hooks: {
    beforeRange?: () => Promise<void>;
    afterRange?: (resolved: number) => Promise<void>;
  } = {},
): Promise<ChunkResult> {
  const found: ChunkResult = { withCookie: 0, withLead: 0 };
  for (let range = ranges.next(); range; range = ranges.next()) {
    await hooks.beforeRange?.();
    const started = performance.now();
    const chunk = await resolveChunk(db, scope, range.from, range.to, range.plan);
    ranges.took(performance.now() - started);
    found.withCookie += chunk.withCookie;
    found.withLead += chunk.withLead;
    await hooks.afterRange?.(ranges.resolved);
  }
  return found;
}

export interface Delta {
  ecids: string[];
  cookieIds: string[];
  leadIds: string[];
}

/**
 * Stages the leads whose match can have changed with the delta: leads reached from the
 * changed ECIDs and cookies now, leads the changed cookies pointed to before (association
 * history), and the changed leads with their cookies' earlier leads. Returns their count.
 */
export async function stageAffectedLeads(
  db: Queryable,
  scope: Scope,
  delta: Delta,
): Promise<number> {
  const result = await db.query(
    `${RESOLUTION_MARK}
     insert into sync_affected (lead_id)
     select mc.lead_id from cookie_sync cs
       join munchkin_cookie mc on mc.workspace_id = $1 and mc.cookie_id = cs.cookie_id
       where cs.workspace_id = $1 and cs.ecid = any($2::text[]) and mc.lead_id is not null
     union select mc.lead_id from munchkin_cookie mc
       where mc.workspace_id = $1 and mc.cookie_id = any($3::text[]) and mc.lead_id is not null
     union select la.lead_id from lead_association la
       where la.workspace_id = $1 and la.cookie_id = any($3::text[])
     union select la.previous_lead_id from lead_association la
       where la.workspace_id = $1 and la.cookie_id = any($3::text[]) and la.previous_lead_id is not null
     union select unnest($4::bigint[])
     union select la.previous_lead_id from munchkin_cookie mc
       join lead_association la on la.workspace_id = $1 and la.cookie_id = mc.cookie_id
       where mc.workspace_id = $1 and mc.lead_id = any($4::bigint[]) and la.previous_lead_id is not null
     on conflict do nothing`,
    [scope.workspaceId, delta.ecids, delta.cookieIds, delta.leadIds],
  );
  return result.rowCount ?? 0;
}

/** Stages which of the affected leads the audience matches now (reverse path, by lead). */
export async function resolveAffectedLeads(db: Queryable, scope: Scope): Promise<number> {
  const result = await db.query(
    `${RESOLUTION_MARK}
     insert into sync_matched (lead_id)
     select a.lead_id from sync_affected a
     where exists (
       select 1 from munchkin_cookie mc
       join cookie_sync cs on cs.workspace_id = $1 and cs.cookie_id = mc.cookie_id
       join audience_member am on am.workspace_id = $1 and am.audience_id = $2 and am.ecid = cs.ecid
       where mc.workspace_id = $1 and mc.lead_id = a.lead_id)`,
    [scope.workspaceId, scope.audienceId],
  );
  return result.rowCount ?? 0;
}

/** What applying a staged result did to the list. */
export interface AppliedDiff {
  added: number;
  removed: number;
  /** Members after the change; null when incremental (counted by listAndMatched). */
  listSize: number | null;
  /** Distinct matched leads of a full run (counted here, where the diff already reads them). */
  matchedLeads: number | null;
}

/**
 * Writes the history of a run's list changes: `changed` is a data-modifying statement
 * returning the `lead_id`s it added or removed, and each one becomes a membership_change row
 * of `kind` by run $3, and, when the list is mirrored into Marketo, an outbox row with its
 * push queued (src/marketo/outbox.ts), in the same statement, so the history and the outbox
 * commit with the change or not at all. $1 is the workspace, $2 the list.
 */
const withRunHistory = (changed: string, kind: 'ENTERED' | 'LEFT') =>
  `with changed as (${changed}),
   ${marketoOutboxCtes('changed', kind === 'ENTERED' ? 'ADD' : 'REMOVE')}
   insert into membership_change (workspace_id, list_id, lead_id, kind, source, run_id)
   select $1::bigint, $2::bigint, lead_id, '${kind}', 'SYNC', $3::bigint from changed`;

/**
 * The staged matched leads, each once, in lead order. Memberships inserted in that order
 * append to the list's primary key (workspace, list, lead) and walk the (workspace, lead)
 * index from one end to the other instead of touching its pages at random: writing 250,000
 * memberships with their history took 1.8-3.6 s this way against 5.1-5.7 s in hash order.
 */
const STAGED_LEADS_IN_ORDER = 'select distinct lead_id from sync_matched order by lead_id';

/**
 * Called after each step of writing the list, with the steps done and their number
 * (WRITE_STEPS), so the runner can report progress while the transaction is open.
 */
export type WriteStep = (done: number, steps: number) => Promise<void>;

/** Steps of applyDiff: removals, additions, then counting and completing the run. */
export const WRITE_STEPS = 3;

/**
 * Applies the staged result to the list (call inside the run's transaction) and records every
 * entry and exit in membership_change with the run. Matched leads missing from the list become
 * SYNC members; a lead already on the list (MANUAL or SYNC) stays as it is. SYNC members no
 * longer matched leave: all of them in a full run, only affected ones in an incremental run.
 * MANUAL members are never removed.
 */
export async function applyDiff(
  db: Queryable,
  scope: Scope,
  mode: 'full' | 'incremental',
  runId: string,
  onStep: WriteStep = async () => {},
): Promise<AppliedDiff> {
  if (mode === 'incremental') return applyIncremental(db, scope, runId, onStep);
  // Counted before any change: just-added rows would make an index-only count slow.
  const before = await db.query<{ n: number }>(
    'select count(*)::int as n from list_membership where workspace_id = $1 and list_id = $2',
    [scope.workspaceId, scope.listId],
  );
  const members = before.rows[0]?.n ?? 0;
  if (members === 0) {
    // An empty list (an INITIAL run into a new list): nothing to remove and nothing to compare
    // with, so the memberships are written straight from the staged leads, and their count is
    // the matched leads. The job's row lock keeps manual changes out until COMMIT.
    const added = await db.query(
      withRunHistory(
        `insert into list_membership (workspace_id, list_id, lead_id, source, added_at)
         select $1::bigint, $2::bigint, m.lead_id, 'SYNC', now() from (${STAGED_LEADS_IN_ORDER}) m
         returning lead_id`,
        'ENTERED',
      ),
      [scope.workspaceId, scope.listId, runId],
    );
    await onStep(2, WRITE_STEPS);
    const count = added.rowCount ?? 0;
    return { added: count, removed: 0, listSize: count, matchedLeads: count };
  }
  // Temp tables are never auto-analyzed; the anti-joins need the real row count.
  await db.query('analyze sync_matched');
  return withoutNestedLoops(db, () => applyToList(db, scope, runId, members, onStep));
}

/**
 * The full diff with a list that has members: removals, then additions, each an anti-join
 * between the staged leads and the list. The list's statistics may be those of an empty
 * list (a second run soon after a large first one), so the anti-joins run without nested
 * loops (see withoutNestedLoops): a nested loop would read every staged lead once per member.
 */
async function applyToList(
  db: Queryable,
  scope: Scope,
  runId: string,
  members: number,
  onStep: WriteStep,
): Promise<AppliedDiff> {
  const matched = await db.query<{ n: number }>(
    'select count(distinct lead_id)::int as n from sync_matched',
  );
  // Removals first, so that they scan the list as it was, not the rows just added.
  const removed = await db.query(
    withRunHistory(
      `delete from list_membership lm
       where lm.workspace_id = $1 and lm.list_id = $2 and lm.source = 'SYNC'
       and not exists (select 1 from sync_matched m where m.lead_id = lm.lead_id)
       returning lm.lead_id`,
      'LEFT',
    ),
    [scope.workspaceId, scope.listId, runId],
  );
  await onStep(1, WRITE_STEPS);
  // An anti-join and a plain insert: ON CONFLICT would pay a speculative insertion per row. A
  // manual membership committed concurrently makes the insert fail, and the run is retried.
  const added = await db.query(
    withRunHistory(
      `insert into list_membership (workspace_id, list_id, lead_id, source, added_at)
       select $1::bigint, $2::bigint, m.lead_id, 'SYNC', now() from (${STAGED_LEADS_IN_ORDER}) m
       where not exists (select 1 from list_membership lm
         where lm.workspace_id = $1 and lm.list_id = $2 and lm.lead_id = m.lead_id)
       returning lead_id`,
      'ENTERED',
    ),
    [scope.workspaceId, scope.listId, runId],
  );
  await onStep(2, WRITE_STEPS);
  const addedCount = added.rowCount ?? 0;
  const removedCount = removed.rowCount ?? 0;
  return {
    added: addedCount,
    removed: removedCount,
    listSize: members - removedCount + addedCount,
    matchedLeads: matched.rows[0]?.n ?? 0,
  };
}

/**
 * The incremental diff touches only the affected leads, by primary key: their ids are few,
 * so they are passed as arrays and every statement probes the list's key instead of
 * scanning the list. The stats are read afterwards (listAndMatched).
 */
async function applyIncremental(
  db: Queryable,
  scope: Scope,
  runId: string,
  onStep: WriteStep,
): Promise<AppliedDiff> {
  const affected = await db.query<{ lead_id: string; matched: boolean }>(
    `select a.lead_id, exists (select 1 from sync_matched m where m.lead_id = a.lead_id) as matched
     from sync_affected a`,
  );
  const matched = affected.rows.filter((row) => row.matched).map((row) => row.lead_id);
  const unmatched = affected.rows.filter((row) => !row.matched).map((row) => row.lead_id);
  const removed = unmatched.length
    ? await db.query(
        withRunHistory(
          `delete from list_membership where workspace_id = $1 and list_id = $2
           and lead_id = any($4::bigint[]) and source = 'SYNC'
           returning lead_id`,
          'LEFT',
        ),
        [scope.workspaceId, scope.listId, runId, unmatched],
      )
    : { rowCount: 0 };
  await onStep(1, WRITE_STEPS);
  const added = matched.length
    ? await db.query(
        withRunHistory(
          // ON CONFLICT probes the list's key once per lead whatever the planner believes.
          // An anti-join here was planned from the list's statistics, which right after a
          // large INITIAL run (before autovacuum analyzes it) say the list is empty: the
          // probe became a pass over every member's key (300 ms at 250,000 members).
          `insert into list_membership (workspace_id, list_id, lead_id, source, added_at)
           select $1::bigint, $2::bigint, u.id, 'SYNC', now() from unnest($4::bigint[]) as u(id)
           on conflict (workspace_id, list_id, lead_id) do nothing
           returning lead_id`,
          'ENTERED',
        ),
        [scope.workspaceId, scope.listId, runId, matched],
      )
    : { rowCount: 0 };
  await onStep(2, WRITE_STEPS);
  return {
    added: added.rowCount ?? 0,
    removed: removed.rowCount ?? 0,
    listSize: null,
    matchedLeads: null,
  };
}

/**
 * List size and matched leads after an incremental apply: the synced members plus the manual
 * members the audience matches (a manual membership hides whether its lead is matched). The
 * size is the list's member count (static_list.member_count, kept by triggers on
 * list_membership) and the manual members are read through their partial index, so the cost
 * grows with the manual members only, not with the list (a count over a 2,500,000-member list
 * took a second after every incremental run).
 */
export async function listAndMatched(
  db: Queryable,
  scope: Scope,
): Promise<{ listSize: number; matchedLeads: number }> {
  const result = await db.query<{ list_size: string; manual: number; manual_matched: number }>(
    `select l.member_count as list_size, m.manual, m.manual_matched
       from static_list l,
       lateral (select count(*)::int as manual,
           (count(*) filter (where exists (
             select 1 from munchkin_cookie mc
             join cookie_sync cs on cs.workspace_id = $1 and cs.cookie_id = mc.cookie_id
             join audience_member am on am.workspace_id = $1 and am.audience_id = $3 and am.ecid = cs.ecid
             where mc.workspace_id = $1 and mc.lead_id = lm.lead_id)))::int as manual_matched
         from list_membership lm
        where lm.workspace_id = $1 and lm.list_id = $2 and lm.source = 'MANUAL') m
      where l.workspace_id = $1 and l.id = $2`,
    [scope.workspaceId, scope.listId, scope.audienceId],
  );
  const row = result.rows[0];
  // A list that no longer exists has no members (as the count over its rows said before).
  if (!row) return { listSize: 0, matchedLeads: 0 };
  const listSize = Number(row.list_size);
  return { listSize, matchedLeads: listSize - row.manual + row.manual_matched };
}

/**
 * A dry run of an audience up to this many ECIDs is one statement (about 4 s at 2,000,000
 * ECIDs on an idle machine); a larger one is resolved in ranges of at most this many ECIDs,
 * cut to take at most PREVIEW_TARGET_MAX_MS as measured on the ranges before (a run's ranges
 * grow with the audience and may take RANGE_TARGET_MAX_MS), so that no statement of a dry run
 * comes near the request's statement limit (DB_QUERY_TIMEOUT_MS, 30 s) even when the machine
 * gets busier during it.
 */
export const PREVIEW_MAX_RANGE = 2_000_000;
export const PREVIEW_TARGET_MAX_MS = 8_000;

/**
 * What a sync of the audience would find now, writing nothing of the database: the same
 * resolution as a run's (REACH_SQL, in the same form for the audience's size), with the
 * matched leads counted in place (previewAudienceSync; its stats come from syncStats like a
 * run's). An audience up to `maxRange` ECIDs (PREVIEW_MAX_RANGE) is one statement. A larger
 * one is resolved as a full run resolves it, in the ranges of a RangeCutter (resolveInRanges)
 * into the connection's own temp table, which is then counted: one statement over 10,000,000 ECIDs
 * took 19 s alone and passed the 30 s statement limit under load (HTTP 503). The temp table
 * is dropped before the connection goes back to the pool.
 */
export async function resolvePreview(
  pool: pg.Pool,
  workspaceId: string,
  audienceId: string,
  options: { maxRange?: number } = {},
): Promise<Resolution> {
  const maxRange = options.maxRange ?? PREVIEW_MAX_RANGE;
  const scope = { workspaceId, audienceId };
  const size = await audienceSize(pool, scope);
  const plan = resolutionPlan(size);
  if (size <= maxRange) {
    const resolve = (db: Queryable) =>
      db.query<{ with_cookie: number; with_lead: number; matched: number }>(
        `with reach as (
           ${REACH_SQL[plan]}
         )
         select count(distinct ecid)::int as with_cookie,
           (count(distinct ecid) filter (where lead_id is not null))::int as with_lead,
           count(distinct lead_id)::int as matched
         from reach`,
        [workspaceId, audienceId, '', null],
      );
    const result =
      plan === 'probe'
        ? await resolve(pool)
        : await withTransaction(pool, (tx) => withoutNestedLoops(tx, () => resolve(tx)));
    const row = result.rows[0];
    return {
      audienceSize: size,
      withCookie: row?.with_cookie ?? 0,
      withLead: row?.with_lead ?? 0,
      matchedLeads: row?.matched ?? 0,
    };
  }
  const { client, release } = await checkOut(pool);
  let broken: unknown;
  try {
    await prepareStage(client);
    const ranges = new RangeCutter(size, maxRange, PREVIEW_TARGET_MAX_MS);
    const found = await resolveInRanges(client, scope, ranges);
    const matched = await client.query<{ n: number }>(
      'select count(distinct lead_id)::int as n from sync_matched',
    );
    return { audienceSize: size, ...found, matchedLeads: matched.rows[0]?.n ?? 0 };
  } catch (error) {
    broken = error;
    throw error;
  } finally {
    // A connection whose temp tables could not be dropped is closed rather than pooled.
    await dropStage(client).catch((error) => {
      broken ??= error;
    });
    release(broken);
  }
}
