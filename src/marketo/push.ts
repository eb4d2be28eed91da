/**
 * The push of a mirror's outbox into its Marketo static list (CONTRACT "Lists delivered into
 * Marketo"), run by the `marketo_push` task of the worker's background pool.
 *
 * One push per mirror at a time, across processes: the push holds a session advisory lock of
 * the mirror for its whole duration (a second job of the mirror finds it taken and puts itself
 * off). Its `marketo_push` row is RUNNING with a heartbeat while it works. PostgreSQL drops the
 * lock with a dead process's session, so a RUNNING push whose lock is free belongs to a dead
 * worker: the watchdog (scanDeadPushes) queues its job again, and the next push of the mirror
 * takes the RUNNING row over and goes on with what is left in the outbox.
 *
 * Crash safety comes from the order of the writes:
 * - An outbox row is deleted only in the transaction that records what Marketo answered for
 *   it (its push record, the mirror's members, the counters), and only if it is still the row
 *   that was sent (same action, same queued_at): a change made meanwhile stays for the next
 *   push. A record Marketo did not acknowledge (no answer, an `unacknowledged` outcome) keeps
 *   its outbox row.
 * - A Marketo lead id found by email or created is written to `marketo_lead` right after the
 *   call that answered it, before anything else. A lead is created (Sync Leads createOrUpdate
 *   on email, idempotent in Marketo) only when no id is known for it and a lookup by email
 *   found none, so a push resumed after a crash looks the email up and finds the lead the dead
 *   push created, instead of creating it twice.
 *
 * Steps: a RECONCILE or MANUAL push first reads the Marketo list's members and queues in the
 * outbox what differs (reconcileOutbox). Then the outbox is read in pages of leads: removes
 * (only of leads the mirror added, `marketo_mirror_member`; 1015 counts as removed), lookups of
 * unknown emails (300 a call), creates (CREATE_MISSING, 300 a call), adds (300 a call; 1004
 * forgets the lead's id and looks its email up once more). Each call's answers are committed in
 * one short transaction. Up to MAX_LANES pages (never more than the connection's
 * `concurrentCalls`) are pushed at once, each in its own lane, so while one lane waits on
 * Marketo or writes an answer, the others' calls are out (pushOutbox).
 */

import {
  announceWorkspaceChange,
  MARKETO_PUSH_PROGRESS_CHANNEL,
  type MarketoPushProgressNotice,
} from '../db/channels.js';
import type { EngineDeps } from '../db/database.js';
import { checkOut, type Queryable, withTransaction } from '../db/transaction.js';
import { logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import { queueMarketoPushEnded } from '../webhooks/queue.js';
import {
  MAX_BATCH,
  type MarketoCallEvent,
  type MarketoClient,
  type RecordOutcome,
} from './client.js';
import { type MarketoClientForOptions, marketoClientFor } from './connection.js';
import {
  MarketoAuthError,
  MarketoError,
  MarketoListNotFoundError,
  MarketoQuotaExhaustedError,
} from './errors.js';
import {
  deferPush,
  type MarketoPushPayload,
  type MarketoPushTrigger,
  queuePush,
  queuePushSql,
} from './push-queue.js';

export type MarketoPushStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED';
export type MarketoPushOutcome = 'ADDED' | 'REMOVED' | 'CREATED' | 'NOT_IN_MARKETO' | 'SKIPPED';

/** Outbox rows read at once: a few calls' worth, so a page's lookups fill whole calls. */
const PAGE = MAX_BATCH * 5;
/**
 * Pages a push works on at once, each in its own lane (its calls one after another): so up to
 * this many calls of the push are in flight, never more than the connection's
 * `concurrentCalls`, and while one lane writes what Marketo answered, the others' calls are
 * out. A few lanes are enough to keep the rate window full: the limiter, not the lanes, sets
 * the pace.
 */
const MAX_LANES = 4;
/** How long a job whose mirror is being pushed by another worker waits before it looks again. */
const BUSY_RETRY_MS = 2_000;
/** How long records Marketo did not acknowledge wait before the next push tries them again. */
const UNACKNOWLEDGED_RETRY_MS = 60_000;

export interface MarketoPushOptions {
  /** MARKETO_PUSH_DEBOUNCE_MS: a CHANGES push waits this long after its first trigger. */
  debounceMs: number;
  /** PROGRESS_THROTTLE_MS: the shortest time between two progress notices of a push. */
  progressThrottleMs: number;
  /** MARKETO_RECONCILE_INTERVAL_MS: the next reconcile after a reconciling push. */
  reconcileIntervalMs: number;
  /** How often a running push refreshes its heartbeat (default 2 s). */
  heartbeatMs?: number;
  /** Aborted when the process stops: the push is handed back to the queue. */
  signal?: AbortSignal;
  metrics?: Metrics;
  /** Client settings (timeouts, retries, limiter windows), for tests. */
  client?: Omit<MarketoClientForOptions, 'onCall' | 'signal'>;
}

/** What a push ended in, for its log line and tests; null when no push ran. */
export interface MarketoPushEnd {
  pushId: string;
  mirrorId: string;
  trigger: MarketoPushTrigger;
  status: MarketoPushStatus | 'INTERRUPTED';
  error: string | null;
}

interface MirrorRow {
  id: string;
  workspaceId: string;
  listId: string;
  marketoListId: number;
  leadMatching: 'EXISTING_LEADS' | 'CREATE_MISSING';
  status: 'ACTIVE' | 'PAUSED' | 'FAILED';
  connectionStatus: string | null;
  quotaResetsAt: Date | null;
  hasSecret: boolean;
  /** The connection's concurrentCalls: the lanes of a push never pass it. */
  concurrentCalls: number | null;
}

interface PushRow {
  id: string;
  trigger: MarketoPushTrigger;
  status: MarketoPushStatus;
  createdAt: Date;
  dueAt: Date;
}

/** One outbox row with what is known of its lead. */
interface OutboxRow {
  leadId: string;
  action: 'ADD' | 'REMOVE';
  /** queued_at as PostgreSQL printed it, so the guarded delete compares it exactly. */
  queuedAt: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  /** marketo_lead: undefined when never looked up, null when no Marketo lead had the email. */
  marketoLeadId: number | null | undefined;
  /** marketo_mirror_member: the Marketo id the mirror added, or null when it did not. */
  memberId: number | null;
  created?: boolean;
  /** Already looked up again after a 1004. */
  retried?: boolean;
}

interface PushRecord {
  row: OutboxRow;
  marketoLeadId: number | null;
  outcome: MarketoPushOutcome;
  reasonCode?: string | null;
  reason?: string | null;
}

/** SQL of the advisory lock key of a mirror ($1 its id): held by the session pushing it. */
export const PUSH_LOCK_SQL = `hashtextextended('marketo_mirror:' || $1::text, 0)`;

/**
 * Runs the pending push of a mirror (the `marketo_push` task). Returns how it ended, or null
 * when there was nothing to push, or the push was put off (debounce, quota, a busy mirror, a
 * paused mirror or connection).
 */
export async function executeMarketoPush(
  deps: EngineDeps,
  payload: MarketoPushPayload,
  options: MarketoPushOptions,
): Promise<MarketoPushEnd | null> {
  const pool = deps.database.pool;
  const { client: session, release } = await checkOut(pool);
  let failure: unknown;
  try {
    const locked = await session.query<{ ok: boolean }>(
      `select pg_try_advisory_lock(${PUSH_LOCK_SQL}) as ok`,
      [payload.mirrorId],
    );
    if (!locked.rows[0]?.ok) {
      await deferPush(pool, payload, { delayMs: BUSY_RETRY_MS });
      return null;
    }
    try {
      return await runLocked(deps, payload, options);
    } finally {
      await session.query(`select pg_advisory_unlock(${PUSH_LOCK_SQL})`, [payload.mirrorId]);
    }
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    release(failure);
  }
}

/** Reads the mirror and claims its push: the RUNNING one of a dead worker, or the QUEUED one. */
async function claim(
  deps: EngineDeps,
  payload: MarketoPushPayload,
  options: MarketoPushOptions,
): Promise<{ mirror: MirrorRow; push: PushRow } | null> {
  return withTransaction(deps.database.pool, async (tx) => {
    const mirrors = await tx.query<MirrorRow>(
      `select m.id::text, m.workspace_id::text as "workspaceId", m.list_id::text as "listId",
              m.marketo_list_id as "marketoListId", m.lead_matching as "leadMatching", m.status,
              c.status as "connectionStatus", c.quota_resets_at as "quotaResetsAt",
              coalesce(c.client_secret_sealed is not null, false) as "hasSecret",
              c.concurrent_calls as "concurrentCalls"
         from marketo_mirror m left join marketo_connection c on c.workspace_id = m.workspace_id
        where m.id = $1 and m.workspace_id = $2`,
      [payload.mirrorId, payload.workspaceId],
    );
    const mirror = mirrors.rows[0];
    if (!mirror) return null;
    const pushColumns = `id::text, trigger, status, created_at as "createdAt",
      created_at + $2 * interval '1 millisecond' as "dueAt"`;
    // A RUNNING push under our lock is a dead worker's: taken over as it is.
    let push = (
      await tx.query<PushRow>(
        `select ${pushColumns} from marketo_push where mirror_id = $1 and status = 'RUNNING'
          order by id limit 1 for update`,
        [mirror.id, options.debounceMs],
      )
    ).rows[0];
    const usable =
      mirror.status === 'ACTIVE' &&
      mirror.hasSecret &&
      (mirror.connectionStatus === 'CONNECTED' || mirror.connectionStatus === 'QUOTA_EXHAUSTED');
    if (!push) {
      // A QUEUED row locked by a writer still in its transaction is left to the job that
      // writer queued (it runs after its COMMIT).
      push = (
        await tx.query<PushRow>(
          `select ${pushColumns} from marketo_push where mirror_id = $1 and status = 'QUEUED'
            for update skip locked`,
          [mirror.id, options.debounceMs],
        )
      ).rows[0];
      // Paused, failed or disconnected: the QUEUED push waits for connectMarketo to resume it.
      if (!usable) return null;
      if (push?.trigger === 'CHANGES' && push.dueAt.getTime() > Date.now()) {
        await deferPush(tx, payload, push.dueAt);
        return null;
      }
      if (!push) {
        // No trigger waiting, but the outbox holds what an interrupted push left.
        const pending = await tx.query(
          'select 1 from marketo_outbox where mirror_id = $1 limit 1',
          [mirror.id],
        );
        if (pending.rowCount === 0) return null;
      }
    } else if (!usable) {
      await tx.query(
        `update marketo_push set status = 'FAILED', finished_at = now(), heartbeat_at = now(),
           error = coalesce(error, 'the mirror is not active or Marketo is not connected')
         where id = $1`,
        [push.id],
      );
      return null;
    }
    const trigger = push?.trigger ?? 'CHANGES';
    if (mirror.connectionStatus === 'QUOTA_EXHAUSTED') {
      const resetsAt = mirror.quotaResetsAt;
      if (resetsAt && resetsAt.getTime() > Date.now() && trigger !== 'MANUAL') {
        if (push?.status === 'RUNNING') {
          // A dead worker's push, found after the quota ran out: it ends PARTIAL, and its rest
          // waits in the outbox for the push queued at the reset.
          await tx.query(
            `update marketo_push set status = 'PARTIAL', finished_at = now(), heartbeat_at = now(),
               error = coalesce(error, 'waiting for the next Marketo day') where id = $1`,
            [push.id],
          );
          await queuePush(tx, {
            workspaceId: mirror.workspaceId,
            mirrorId: mirror.id,
            trigger: push.trigger === 'CHANGES' ? 'CHANGES' : 'RECONCILE',
            delayMs: resetsAt.getTime() - Date.now(),
          });
        } else {
          await deferPush(tx, payload, resetsAt);
        }
        return null;
      }
      await tx.query(
        `update marketo_connection set status = 'CONNECTED', quota_resets_at = null, last_error = null
          where workspace_id = $1 and status = 'QUOTA_EXHAUSTED'`,
        [mirror.workspaceId],
      );
    }
    if (push) {
      await tx.query(
        `update marketo_push set status = 'RUNNING', started_at = coalesce(started_at, now()),
           heartbeat_at = now() where id = $1`,
        [push.id],
      );
      return { mirror, push: { ...push, status: 'RUNNING' } };
    }
    const created = await tx.query<PushRow>(
      `insert into marketo_push (workspace_id, mirror_id, trigger, status, started_at, heartbeat_at)
       values ($1, $2, 'CHANGES', 'RUNNING', now(), now())
       returning id::text, trigger, status, created_at as "createdAt", created_at as "dueAt"`,
      [mirror.workspaceId, mirror.id],
    );
    return { mirror, push: created.rows[0] as PushRow };
  });
}

/** Thrown in a lane when another lane of the push failed: it makes no further call. */
class LaneHalted extends Error {}

/**
 * A push in progress: its mirror, its client, its counters' last notice. Its lanes share it;
 * what they change here (seq, calls, unacknowledged) is changed between awaits, so never
 * halfway, and the push's row is only ever incremented (`added = added + $n`).
 */
class PushWork {
  private seq = 0;
  private lastNoticeAt = 0;
  /** REST calls this run of the push made, and how many of them are in its row already. */
  calls = 0;
  private recordedCalls = 0;
  /** Records left in the outbox because Marketo did not acknowledge them. */
  unacknowledged = 0;
  /** The first failure of a lane: the other lanes make no further call. */
  failure: { error: unknown } | null = null;
  /** The tail of the creates (Sync Leads) of the push, one at a time across its lanes. */
  private creating: Promise<unknown> = Promise.resolve();

  constructor(
    readonly deps: EngineDeps,
    readonly mirror: MirrorRow,
    readonly push: PushRow,
    readonly client: MarketoClient,
    private readonly progressThrottleMs: number,
  ) {}

  /** Throws LaneHalted when another lane failed: called before each call to Marketo. */
  going(): void {
    if (this.failure) throw new LaneHalted('another lane of the push failed');
  }

  /**
   * Runs `create` after every create of the push before it has been answered. Marketo's
   * createOrUpdate on email finds a lead an earlier call created, but two calls in flight at
   * once could each create one for the same email (two leads here whose emails differ only in
   * case, in two lanes): one at a time, no lead is created twice.
   */
  serialCreate<T>(create: () => Promise<T>): Promise<T> {
    const run = this.creating.then(create);
    this.creating = run.catch(() => undefined);
    return run;
  }

  /** Calls made since the last time they were added to the push's row. */
  newCalls(): number {
    const delta = this.calls - this.recordedCalls;
    this.recordedCalls = this.calls;
    return delta;
  }

  async start(): Promise<void> {
    const { rows } = await this.deps.database.pool.query<{ seq: number }>(
      'select coalesce(max(seq), 0)::int as seq from marketo_push_record where push_id = $1',
      [this.push.id],
    );
    this.seq = rows[0]?.seq ?? 0;
  }

  private notice(status: string, final: boolean): MarketoPushProgressNotice {
    return {
      workspaceId: this.mirror.workspaceId,
      listId: this.mirror.listId,
      mirrorId: this.mirror.id,
      pushId: this.push.id,
      status,
      final,
    };
  }

  /** Announces progress in `tx` (delivered at COMMIT), at most once per throttle. */
  async progress(tx: Queryable, final: boolean, status = 'RUNNING'): Promise<void> {
    const now = Date.now();
    if (!final && now - this.lastNoticeAt < this.progressThrottleMs) return;
    this.lastNoticeAt = now;
    await tx.query('select pg_notify($1, $2)', [
      MARKETO_PUSH_PROGRESS_CHANNEL,
      JSON.stringify(this.notice(status, final)),
    ]);
    await announceWorkspaceChange(tx, this.mirror.workspaceId);
  }

  /**
   * Commits what Marketo answered for a batch, in one transaction: the push records, the
   * outbox rows acknowledged (only if unchanged since they were read), the mirror's members,
   * the counters, the heartbeat and the calls made so far.
   */
  async commit(records: PushRecord[]): Promise<void> {
    if (records.length === 0) return;
    const first = this.seq + 1;
    this.seq += records.length;
    const count = (outcome: MarketoPushOutcome) =>
      records.filter((record) => record.outcome === outcome).length;
    const added = records.filter((r) => r.outcome === 'ADDED' || r.outcome === 'CREATED');
    const removed = records.filter((r) => r.outcome === 'REMOVED');
    await withTransaction(this.deps.database.pool, async (tx) => {
      await tx.query(
        `insert into marketo_push_record
           (push_id, seq, workspace_id, lead_id, email, marketo_lead_id, action, outcome, reason_code, reason)
         select $1, $2 + r.ord - 1, $3, r.lead_id, r.email, r.marketo_lead_id, r.action, r.outcome,
                r.reason_code, r.reason
           from unnest($4::bigint[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[])
                with ordinality as r(lead_id, email, marketo_lead_id, action, outcome, reason_code, reason, ord)`,
        [
          this.push.id,
          first,
          this.mirror.workspaceId,
          records.map((r) => r.row.leadId),
          records.map((r) => r.row.email ?? ''),
          records.map((r) => r.marketoLeadId),
          records.map((r) => r.row.action),
          records.map((r) => r.outcome),
          records.map((r) => r.reasonCode ?? null),
          records.map((r) => r.reason ?? null),
        ],
      );
      await ackOutbox(
        tx,
        this.mirror.id,
        records.map((r) => r.row),
      );
      if (added.length > 0) {
        await tx.query(
          `insert into marketo_mirror_member (mirror_id, lead_id, workspace_id, marketo_lead_id)
           select $1, u.lead_id, $2, u.marketo_lead_id from unnest($3::bigint[], $4::int[]) u(lead_id, marketo_lead_id)
           on conflict (mirror_id, lead_id) do update set marketo_lead_id = excluded.marketo_lead_id`,
          [
            this.mirror.id,
            this.mirror.workspaceId,
            added.map((r) => r.row.leadId),
            added.map((r) => r.marketoLeadId),
          ],
        );
      }
      if (removed.length > 0) {
        await tx.query(
          'delete from marketo_mirror_member where mirror_id = $1 and lead_id = any($2::bigint[])',
          [this.mirror.id, removed.map((r) => r.row.leadId)],
        );
      }
      await tx.query(
        `update marketo_push set added = added + $2, removed = removed + $3,
           leads_created = leads_created + $4, not_in_marketo = not_in_marketo + $5,
           skipped = skipped + $6, calls = calls + $7, heartbeat_at = now()
         where id = $1`,
        [
          this.push.id,
          added.length,
          removed.length,
          count('CREATED'),
          count('NOT_IN_MARKETO'),
          count('SKIPPED'),
          this.newCalls(),
        ],
      );
      await this.progress(tx, false);
    });
  }

  /** Drops outbox rows that need no call (a remove of a lead the mirror never added). */
  async drop(rows: OutboxRow[]): Promise<void> {
    if (rows.length > 0) await ackOutbox(this.deps.database.pool, this.mirror.id, rows);
  }

  /** Remembers Marketo lead ids (null: no lead has the email) at once, before anything else. */
  async rememberLeads(entries: { leadId: string; marketoLeadId: number | null }[]): Promise<void> {
    if (entries.length === 0) return;
    await this.deps.database.pool.query(
      `insert into marketo_lead (workspace_id, lead_id, marketo_lead_id, looked_up_at)
       select $1, u.lead_id, u.marketo_lead_id, now() from unnest($2::bigint[], $3::int[]) u(lead_id, marketo_lead_id)
       on conflict (workspace_id, lead_id) do update
         set marketo_lead_id = excluded.marketo_lead_id, looked_up_at = now()`,
      [this.mirror.workspaceId, entries.map((e) => e.leadId), entries.map((e) => e.marketoLeadId)],
    );
  }

  async forgetLeads(leadIds: string[]): Promise<void> {
    if (leadIds.length === 0) return;
    await this.deps.database.pool.query(
      'delete from marketo_lead where workspace_id = $1 and lead_id = any($2::bigint[])',
      [this.mirror.workspaceId, leadIds],
    );
  }
}

/** Deletes the outbox rows of `rows` that are still as they were read. */
async function ackOutbox(db: Queryable, mirrorId: string, rows: OutboxRow[]): Promise<void> {
  await db.query(
    `delete from marketo_outbox o
      using unnest($2::bigint[], $3::text[], $4::text[]) u(lead_id, action, queued_at)
      where o.mirror_id = $1 and o.lead_id = u.lead_id and o.action = u.action
        and o.queued_at = u.queued_at::timestamptz`,
    [mirrorId, rows.map((r) => r.leadId), rows.map((r) => r.action), rows.map((r) => r.queuedAt)],
  );
}

const chunks = <T>(items: T[], size = MAX_BATCH): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const reasonOf = (outcome: RecordOutcome) => ({
  reasonCode: outcome.reasons[0]?.code ?? null,
  reason: outcome.reasons[0]?.message ?? null,
});

/**
 * A RECONCILE or MANUAL push's first step: reads the Marketo list's real members and queues in
 * the outbox what differs from the list here. Ours that Marketo no longer has stop being ours;
 * members here that the Marketo list lacks go in as ADD (the emails no Marketo lead had are
 * looked up again); ours that left the list here go in as REMOVE. Members someone else put on
 * the Marketo list are left alone. Rows already in the outbox are newer intentions and stay
 * as they are (ON CONFLICT DO NOTHING).
 */
async function reconcileOutbox(work: PushWork, reconcileIntervalMs: number): Promise<void> {
  const { mirror, client } = work;
  const members: number[] = [];
  for await (const page of client.allListMembers(mirror.marketoListId, { fields: 'id' })) {
    for (const lead of page) members.push(lead.id);
  }
  await withTransaction(work.deps.database.pool, async (tx) => {
    const params = [mirror.id, mirror.workspaceId, mirror.listId, members];
    await tx.query(
      `create temp table if not exists marketo_list_now (id int primary key) on commit drop;
       truncate marketo_list_now`,
    );
    await tx.query('insert into marketo_list_now select distinct unnest($1::int[])', [members]);
    await tx.query('analyze marketo_list_now');
    await tx.query(
      `delete from marketo_mirror_member mm where mm.mirror_id = $1
        and not exists (select 1 from marketo_list_now n where n.id = mm.marketo_lead_id)`,
      [mirror.id],
    );
    await tx.query(
      `delete from marketo_lead ml using list_membership lm
        where ml.workspace_id = $1 and ml.marketo_lead_id is null
          and lm.workspace_id = $1 and lm.list_id = $2 and lm.lead_id = ml.lead_id`,
      [mirror.workspaceId, mirror.listId],
    );
    await tx.query(
      `insert into marketo_outbox (mirror_id, lead_id, workspace_id, action)
       select $1, lm.lead_id, $2, 'ADD' from list_membership lm
         left join marketo_lead ml on ml.workspace_id = $2 and ml.lead_id = lm.lead_id
        where lm.workspace_id = $2 and lm.list_id = $3
          and (ml.marketo_lead_id is null
               or not exists (select 1 from marketo_list_now n where n.id = ml.marketo_lead_id))
       on conflict (mirror_id, lead_id) do nothing`,
      params.slice(0, 3),
    );
    await tx.query(
      `insert into marketo_outbox (mirror_id, lead_id, workspace_id, action)
       select $1, mm.lead_id, $2, 'REMOVE' from marketo_mirror_member mm
        where mm.mirror_id = $1 and not exists (
          select 1 from list_membership lm
           where lm.workspace_id = $2 and lm.list_id = $3 and lm.lead_id = mm.lead_id)
       on conflict (mirror_id, lead_id) do nothing`,
      params.slice(0, 3),
    );
    await tx.query(
      `update marketo_mirror set next_reconcile_at = now() + $2 * interval '1 millisecond'
        where id = $1`,
      [mirror.id, reconcileIntervalMs],
    );
  });
}

/** The next page of the outbox after lead `after`, with what is known of each lead. */
async function outboxPage(work: PushWork, after: string): Promise<OutboxRow[]> {
  const { rows } = await work.deps.database.pool.query<
    Omit<OutboxRow, 'marketoLeadId'> & { marketoLeadId: number | null; lookedUp: boolean }
  >(
    `select o.lead_id::text as "leadId", o.action, o.queued_at::text as "queuedAt", l.email,
            l.first_name as "firstName", l.last_name as "lastName",
            ml.marketo_lead_id as "marketoLeadId", ml.lead_id is not null as "lookedUp",
            mm.marketo_lead_id as "memberId"
       from marketo_outbox o
       left join lead l on l.workspace_id = o.workspace_id and l.id = o.lead_id
       left join marketo_lead ml on ml.workspace_id = o.workspace_id and ml.lead_id = o.lead_id
       left join marketo_mirror_member mm on mm.mirror_id = o.mirror_id and mm.lead_id = o.lead_id
      where o.mirror_id = $1 and o.lead_id > $2
      order by o.lead_id limit $3`,
    [work.mirror.id, after, PAGE],
  );
  return rows.map(({ lookedUp, ...row }) => ({
    ...row,
    marketoLeadId: lookedUp ? row.marketoLeadId : undefined,
  }));
}

/** Removes from the Marketo list the leads of `rows` the mirror added; drops the others. */
async function pushRemoves(work: PushWork, rows: OutboxRow[]): Promise<void> {
  await work.drop(rows.filter((row) => row.memberId === null));
  const ours = rows.filter((row) => row.memberId !== null);
  for (const batch of chunks(ours)) {
    const ids = batch.map((row) => row.memberId as number);
    work.going();
    const outcomes = await work.client.removeFromList(work.mirror.marketoListId, ids);
    const records: PushRecord[] = [];
    batch.forEach((row, index) => {
      const outcome = outcomes[index] as RecordOutcome;
      const code = outcome.reasons[0]?.code;
      if (outcome.status === 'removed' || (outcome.status === 'skipped' && code === '1015')) {
        records.push({ row, marketoLeadId: row.memberId, outcome: 'REMOVED' });
      } else if (outcome.status === 'skipped' && code === '1004') {
        // No such lead in Marketo any more: it is on no list.
        records.push({
          row,
          marketoLeadId: row.memberId,
          outcome: 'REMOVED',
          ...reasonOf(outcome),
        });
      } else if (outcome.status === 'skipped') {
        records.push({
          row,
          marketoLeadId: row.memberId,
          outcome: 'SKIPPED',
          ...reasonOf(outcome),
        });
      } else {
        work.unacknowledged++;
      }
    });
    await work.commit(records);
  }
}

/** Looks up by email the leads of `rows` without a known Marketo id; returns them resolved. */
async function lookUp(work: PushWork, rows: OutboxRow[]): Promise<OutboxRow[]> {
  const out: OutboxRow[] = [];
  const invalid: PushRecord[] = [];
  const askable = rows.filter((row) => {
    const ok = !!row.email && row.email.trim() !== '' && !row.email.includes(',');
    if (!ok) {
      invalid.push({
        row,
        marketoLeadId: null,
        outcome: 'SKIPPED',
        reasonCode: 'INVALID_EMAIL',
        reason: 'the lead has no email Marketo can be searched by',
      });
    }
    return ok;
  });
  await work.commit(invalid);
  for (const batch of chunks(askable)) {
    const emails = [...new Set(batch.map((row) => (row.email as string).toLowerCase()))];
    work.going();
    const found = await work.client.findLeadsByEmail(emails);
    const byEmail = new Map<string, number>();
    for (const lead of found) {
      const email = lead.email?.toLowerCase();
      if (!email) continue;
      // Several Marketo leads may share an email: the oldest (lowest id) is taken, every time.
      const known = byEmail.get(email);
      if (known === undefined || lead.id < known) byEmail.set(email, lead.id);
    }
    const resolved = batch.map((row) => ({
      ...row,
      marketoLeadId: byEmail.get((row.email as string).toLowerCase()) ?? null,
    }));
    // CREATE_MISSING remembers no miss: the lead is about to be created.
    await work.rememberLeads(
      resolved
        .filter(
          (row) => row.marketoLeadId !== null || work.mirror.leadMatching === 'EXISTING_LEADS',
        )
        .map((row) => ({ leadId: row.leadId, marketoLeadId: row.marketoLeadId })),
    );
    out.push(...resolved);
  }
  return out;
}

/** Creates in Marketo the leads of `rows` (none has a Marketo id); returns those it created. */
async function create(work: PushWork, rows: OutboxRow[]): Promise<OutboxRow[]> {
  const out: OutboxRow[] = [];
  for (const batch of chunks(rows)) {
    const outcomes = await work.serialCreate(() => {
      work.going();
      return work.client.syncLeads(
        batch.map((row) => ({
          email: row.email as string,
          firstName: row.firstName,
          lastName: row.lastName,
        })),
      );
    });
    const made: OutboxRow[] = [];
    const skipped: PushRecord[] = [];
    batch.forEach((row, index) => {
      const outcome = outcomes[index] as RecordOutcome;
      if ((outcome.status === 'created' || outcome.status === 'updated') && outcome.id) {
        made.push({ ...row, marketoLeadId: outcome.id, created: outcome.status === 'created' });
      } else if (outcome.status === 'skipped') {
        skipped.push({ row, marketoLeadId: null, outcome: 'SKIPPED', ...reasonOf(outcome) });
      } else {
        work.unacknowledged++;
      }
    });
    // The ids first, before anything else: a push resumed after a crash finds them here.
    await work.rememberLeads(
      made.map((row) => ({ leadId: row.leadId, marketoLeadId: row.marketoLeadId as number })),
    );
    await work.commit(skipped);
    out.push(...made);
  }
  return out;
}

/** Adds the leads of `rows` (each with a Marketo id); returns those to look up again (1004). */
async function add(work: PushWork, rows: OutboxRow[]): Promise<OutboxRow[]> {
  const again: OutboxRow[] = [];
  for (const batch of chunks(rows)) {
    const ids = batch.map((row) => row.marketoLeadId as number);
    work.going();
    const outcomes = await work.client.addToList(work.mirror.marketoListId, ids);
    const records: PushRecord[] = [];
    const forget: string[] = [];
    batch.forEach((row, index) => {
      const outcome = outcomes[index] as RecordOutcome;
      const id = row.marketoLeadId as number;
      if (outcome.status === 'added') {
        records.push({ row, marketoLeadId: id, outcome: row.created ? 'CREATED' : 'ADDED' });
      } else if (outcome.status === 'skipped' && outcome.reasons[0]?.code === '1004') {
        // The lead id is gone (merged or deleted in Marketo): the email is looked up once more.
        forget.push(row.leadId);
        if (row.retried) {
          records.push({ row, marketoLeadId: id, outcome: 'SKIPPED', ...reasonOf(outcome) });
        } else {
          again.push({ ...row, marketoLeadId: undefined, retried: true, created: false });
        }
      } else if (outcome.status === 'skipped') {
        records.push({ row, marketoLeadId: id, outcome: 'SKIPPED', ...reasonOf(outcome) });
      } else {
        work.unacknowledged++;
      }
    });
    await work.forgetLeads(forget);
    await work.commit(records);
  }
  return again;
}

/** Pushes the adds of a page: look up, create (CREATE_MISSING), add; 1004 goes round once more. */
async function pushAdds(work: PushWork, rows: OutboxRow[]): Promise<void> {
  let pending = rows.filter((row) => row.email !== null);
  // A lead deleted here has nothing to add.
  await work.drop(rows.filter((row) => row.email === null));
  while (pending.length > 0) {
    const known = pending.filter((row) => typeof row.marketoLeadId === 'number');
    const looked = await lookUp(
      work,
      pending.filter((row) => row.marketoLeadId === undefined),
    );
    const resolved = [...known, ...looked.filter((row) => row.marketoLeadId !== null)];
    const missing = [
      ...pending.filter((row) => row.marketoLeadId === null),
      ...looked.filter((row) => row.marketoLeadId === null),
    ];
    if (work.mirror.leadMatching === 'CREATE_MISSING') {
      resolved.push(...(await create(work, missing)));
    } else {
      await work.commit(
        missing.map((row) => ({ row, marketoLeadId: null, outcome: 'NOT_IN_MARKETO' as const })),
      );
    }
    pending = await add(work, resolved);
  }
}

/**
 * Everything the push does once claimed; throws what Marketo's client throws (the first
 * failure of a lane, once every lane has stopped).
 *
 * The outbox is read page after page (each after the last lead of the one before, so no lead
 * is in two pages) and the pages are shared out to the lanes: each lane pushes its page's
 * removes, then its adds, one call after another, and takes the next page. A lead's rows are
 * only ever in one lane. When a lane fails, the others make no further call; the push returns
 * only when every lane has stopped, so nothing of it runs after its end or its lock.
 */
async function pushOutbox(
  work: PushWork,
  reconcile: boolean,
  options: MarketoPushOptions,
): Promise<void> {
  if (reconcile) await reconcileOutbox(work, options.reconcileIntervalMs);
  const lanes = Math.max(1, Math.min(MAX_LANES, work.mirror.concurrentCalls ?? 1));
  let after = '0';
  let ended = false;
  let reading: Promise<unknown> = Promise.resolve();
  const nextPage = (): Promise<OutboxRow[]> => {
    const page = reading.then(async () => {
      if (ended || work.failure) return [];
      const rows = await outboxPage(work, after);
      if (rows.length === 0) ended = true;
      else after = (rows[rows.length - 1] as OutboxRow).leadId;
      return rows;
    });
    reading = page.catch(() => undefined);
    return page;
  };
  const lane = async (): Promise<void> => {
    try {
      for (;;) {
        const page = await nextPage();
        if (page.length === 0) return;
        await pushRemoves(
          work,
          page.filter((row) => row.action === 'REMOVE'),
        );
        await pushAdds(
          work,
          page.filter((row) => row.action === 'ADD'),
        );
      }
    } catch (error) {
      if (!(error instanceof LaneHalted)) work.failure ??= { error };
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  if (work.failure) throw work.failure.error;
}

async function runLocked(
  deps: EngineDeps,
  payload: MarketoPushPayload,
  options: MarketoPushOptions,
): Promise<MarketoPushEnd | null> {
  const claimed = await claim(deps, payload, options);
  if (!claimed) return null;
  const { mirror, push } = claimed;
  const started = performance.now();
  const pool = deps.database.pool;
  const heartbeat = setInterval(() => {
    pool
      .query(`update marketo_push set heartbeat_at = now() where id = $1 and status = 'RUNNING'`, [
        push.id,
      ])
      .catch(() => undefined);
  }, options.heartbeatMs ?? 2_000);
  const metrics = options.metrics;
  let calls = 0;
  let work: PushWork | null = null;
  const onCall = (event: MarketoCallEvent) => {
    if (event.endpoint !== 'identity') calls++;
    if (work) work.calls = calls;
    metrics?.marketoCalls.inc({
      endpoint: event.endpoint,
      outcome: event.outcome,
      code: event.code ?? '',
    });
    if (event.code === '606' || event.code === '615' || event.code === '607') {
      metrics?.marketoLimitAnswers.inc({ code: event.code });
    }
  };
  const reconcile = push.trigger === 'RECONCILE' || push.trigger === 'MANUAL';
  let status: MarketoPushStatus = 'SUCCEEDED';
  let error: string | null = null;
  let caught: unknown = null;
  try {
    const made = await marketoClientFor(deps, mirror.workspaceId, {
      ...options.client,
      onCall,
      signal: options.signal,
    });
    if (!made) throw new MarketoError('Marketo is not connected', 'MARKETO_NOT_CONNECTED', null);
    work = new PushWork(deps, mirror, push, made.client, options.progressThrottleMs);
    await work.start();
    await pushOutbox(work, reconcile, options);
  } catch (thrown) {
    caught = thrown;
  } finally {
    clearInterval(heartbeat);
  }
  const durationMs = performance.now() - started;
  const log = logger('marketo');

  if (caught && options.signal?.aborted) {
    // The process is stopping: the push stays RUNNING with its outbox, and its job is queued
    // again at once, for another worker or this one after its restart.
    await deferPush(pool, payload, { delayMs: 0 }).catch(() => undefined);
    await pool
      .query('update marketo_push set calls = calls + $2 where id = $1', [
        push.id,
        work ? work.newCalls() : calls,
      ])
      .catch(() => undefined);
    log.info(
      { push: push.id, mirror: mirror.id, trigger: push.trigger, status: 'INTERRUPTED', calls },
      'marketo push',
    );
    metrics?.marketoPushes.inc({ trigger: push.trigger, status: 'INTERRUPTED' });
    return {
      pushId: push.id,
      mirrorId: mirror.id,
      trigger: push.trigger,
      status: 'INTERRUPTED',
      error: null,
    };
  }

  let follow: { trigger: MarketoPushTrigger; delayMs: number } | null = null;
  let connection: { status: string; error: string | null; resetsAt: Date | null } | null = null;
  let mirrorFailed = false;
  let mirrorsFailed = false;
  if (caught instanceof MarketoQuotaExhaustedError) {
    status = 'PARTIAL';
    error = caught.message;
    connection = { status: 'QUOTA_EXHAUSTED', error: caught.message, resetsAt: caught.resetsAt };
    follow = {
      // What the reconcile found is in the outbox; a reconcile that did not finish goes again.
      trigger: reconcile && !work ? 'RECONCILE' : 'CHANGES',
      delayMs: Math.max(0, caught.resetsAt.getTime() - Date.now()),
    };
  } else if (caught instanceof MarketoAuthError) {
    status = 'FAILED';
    error = caught.message;
    connection = { status: 'AUTH_FAILED', error: caught.message, resetsAt: null };
    mirrorsFailed = true;
  } else if (caught instanceof MarketoListNotFoundError) {
    status = 'FAILED';
    error = `the Marketo list ${mirror.marketoListId} no longer exists`;
    mirrorFailed = true;
  } else if (caught) {
    status = 'FAILED';
    error =
      caught instanceof MarketoError
        ? caught.message
        : 'the push failed on an internal error; what it did not send stays queued';
    if (!(caught instanceof MarketoError))
      log.error({ err: caught, push: push.id }, 'marketo push');
    // What was not acknowledged stays in the outbox; the next try is not immediate.
    follow = { trigger: 'CHANGES', delayMs: UNACKNOWLEDGED_RETRY_MS };
  } else if ((work?.unacknowledged ?? 0) > 0) {
    status = 'PARTIAL';
    follow = { trigger: 'CHANGES', delayMs: UNACKNOWLEDGED_RETRY_MS };
  }

  await withTransaction(pool, async (tx) => {
    const ended = await tx.query<{
      status: MarketoPushStatus;
      added: number;
      removed: number;
      not_in_marketo: number;
      skipped: number;
    }>(
      `update marketo_push set status = case when $2 = 'SUCCEEDED' and skipped > 0 then 'PARTIAL' else $2 end,
         finished_at = now(), heartbeat_at = now(), error = $3, calls = calls + $4
       where id = $1 returning status, added, removed, not_in_marketo, skipped`,
      [push.id, status, error, work ? work.newCalls() : calls],
    );
    const row = ended.rows[0] as (typeof ended.rows)[number];
    status = row.status;
    if (connection) {
      await tx.query(
        `update marketo_connection set status = $2, last_error = $3, quota_resets_at = $4
          where workspace_id = $1 and status <> 'DISCONNECTED'`,
        [mirror.workspaceId, connection.status, connection.error, connection.resetsAt],
      );
    }
    if (mirrorsFailed) {
      await tx.query(
        `update marketo_mirror set status = 'FAILED' where workspace_id = $1 and status = 'ACTIVE'`,
        [mirror.workspaceId],
      );
    } else if (mirrorFailed) {
      await tx.query(`update marketo_mirror set status = 'FAILED' where id = $1`, [mirror.id]);
    }
    if (follow) {
      await queuePush(tx, {
        workspaceId: mirror.workspaceId,
        mirrorId: mirror.id,
        trigger: follow.trigger,
        delayMs: follow.delayMs,
      });
    }
    await queueMarketoPushEnded(tx, mirror.workspaceId, {
      listId: mirror.listId,
      pushId: push.id,
      marketoListId: mirror.marketoListId,
      status,
      added: row.added,
      removed: row.removed,
      notInMarketo: row.not_in_marketo,
      skipped: row.skipped,
      error,
    });
    if (work) await work.progress(tx, true, status);
    else {
      await tx.query('select pg_notify($1, $2)', [
        MARKETO_PUSH_PROGRESS_CHANNEL,
        JSON.stringify({
          workspaceId: mirror.workspaceId,
          listId: mirror.listId,
          mirrorId: mirror.id,
          pushId: push.id,
          status,
          final: true,
        } satisfies MarketoPushProgressNotice),
      ]);
      await announceWorkspaceChange(tx, mirror.workspaceId);
    }
  });

  const counters = await pool
    .query(
      `select added, removed, leads_created as "leadsCreated", not_in_marketo as "notInMarketo",
              skipped from marketo_push where id = $1`,
      [push.id],
    )
    .then((result) => result.rows[0] ?? null)
    .catch(() => null);
  const line = {
    push: push.id,
    mirror: mirror.id,
    workspace: mirror.workspaceId,
    trigger: push.trigger,
    status,
    ...counters,
    calls,
    durationMs: Math.round(durationMs),
    ...(error ? { error } : {}),
  };
  if (status === 'FAILED') log.error(line, 'marketo push');
  else if (status === 'PARTIAL') log.warn(line, 'marketo push');
  else log.info(line, 'marketo push');
  metrics?.marketoPushes.inc({ trigger: push.trigger, status });
  metrics?.marketoPushDuration.observe({ trigger: push.trigger, status }, durationMs / 1000);
  return { pushId: push.id, mirrorId: mirror.id, trigger: push.trigger, status, error };
}

/**
 * Pushes whose worker died: RUNNING, silent for `staleAfterMs`, and their mirror's push lock
 * free (PostgreSQL released it with the dead session). Their job is queued again, and the next
 * push of the mirror takes the RUNNING row over. `db` must be one session (a client), since
 * the lock is probed and released on it.
 */
export async function scanDeadPushes(db: Queryable, staleAfterMs: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string; mirror_id: string; workspace_id: string }>(
    `select id::text, mirror_id::text, workspace_id::text from marketo_push
      where status = 'RUNNING' and heartbeat_at < now() - $1 * interval '1 millisecond'`,
    [staleAfterMs],
  );
  const requeued: string[] = [];
  for (const push of rows) {
    const probe = await db.query<{ free: boolean }>(
      `select pg_try_advisory_lock(${PUSH_LOCK_SQL}) as free`,
      [push.mirror_id],
    );
    if (!probe.rows[0]?.free) continue;
    await db.query(`select pg_advisory_unlock(${PUSH_LOCK_SQL})`, [push.mirror_id]);
    await deferPush(
      db,
      { workspaceId: push.workspace_id, mirrorId: push.mirror_id },
      { delayMs: 0 },
    );
    requeued.push(push.id);
  }
  if (requeued.length > 0) {
    logger('marketo').warn({ pushes: requeued }, 're-queueing the pushes of dead workers');
  }
  return requeued;
}

/**
 * Queues a RECONCILE push of every active mirror whose reconcile is due
 * (`marketo_mirror.next_reconcile_at`, or `intervalMs` after its creation when never set),
 * once across worker processes (`for update skip locked`), and moves its due time on.
 */
export async function queueDueReconciles(db: Queryable, intervalMs: number): Promise<number> {
  const { rowCount } = await db.query(
    `with due as (
       select id from marketo_mirror
        where status = 'ACTIVE'
          and coalesce(next_reconcile_at, created_at + $1 * interval '1 millisecond') <= now()
        for update skip locked
     ), moved as (
       update marketo_mirror m set next_reconcile_at = now() + $1 * interval '1 millisecond'
         from due where m.id = due.id returning m.id, m.workspace_id
     )
     ${queuePushSql({
       mirrorsSql: 'select id, workspace_id from moved',
       triggerSql: `'RECONCILE'`,
       runAtSql: 'now()',
       mode: 'replace',
     })}`,
    [intervalMs],
  );
  return rowCount ?? 0;
}
