/**
 * The limiter every Marketo REST call of a workspace passes through, whichever process makes
 * it: at most `callsPer20Seconds` calls started in any 20 s, at most `concurrentCalls` in
 * flight, at most `dailyCallBudget` calls in the Marketo day (marketo-day.ts). Its state is in
 * PostgreSQL, so every api and worker process of the workspace shares the same share:
 *
 * - `marketo_limiter_slot`: one row per call granted (`started_at`), finished when the call is
 *   answered (`finished_at`). A granted slot is written in the same transaction that checked
 *   the limits, under a transaction-scoped advisory lock of the workspace, so two processes
 *   can never both take the last slot. No connection is held while waiting: each attempt is
 *   one short transaction in one round trip, and between attempts the caller sleeps (the time
 *   until a slot frees when that is known, otherwise a short poll with backoff; a release in
 *   this process wakes its waiters once it is written). A call's slot is finished in the
 *   background while its caller goes on.
 * - `marketo_limiter_day`: calls granted per workspace and Marketo day, for the budget and
 *   `callsToday`. Every call granted counts, whatever Marketo answers; a slot given back
 *   unsent (no token could be had) is uncounted.
 * - `marketo_limiter_pause`: no call of the workspace starts before `paused_until`: set from
 *   Marketo's own 606 (the window of 20 s from now) and 615 (a short wait) answers, which say
 *   other integrations of the subscription use what this share assumed free.
 *
 * Marketo counts a call when it arrives, at some moment between its grant here and its
 * answer. So a call holds a place in the rate window from its grant until `windowMs` after its
 * answer: then however late it arrived, no 20 s of Marketo's clock sees more than
 * `callsPer20Seconds` of ours. It costs one call's duration per window (100 calls of 150 ms
 * take 20.15 s, not 20 s).
 *
 * A process killed while its call is in flight never finishes its slot: the slot then counts
 * as in flight until its `expires_at` (its grant, plus the timeout the call was granted for,
 * plus SLOT_GRACE_MS: the caller abandons the call by then), and as finished at that moment.
 * Finished rows older than the window and day rows older than a week are deleted on grants.
 */
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { logger } from '../observability/log.js';
import { MarketoQuotaExhaustedError } from './errors.js';
import { MARKETO_TIME_ZONE, marketoDay, nextMarketoDayStart } from './marketo-day.js';

/** Marketo's rate window (MD rest-api.md: 100 calls per 20 s). */
export const MARKETO_WINDOW_MS = 20_000;
/** How long after its timeout an unfinished slot is still assumed in flight. */
export const SLOT_GRACE_MS = 5_000;
/** The pause after a 615 answer: another integration's calls end within moments. */
export const CONCURRENCY_BACKOFF_MS = 1_000;

export interface LimiterSettings {
  workspaceId: string;
  callsPer20Seconds: number;
  concurrentCalls: number;
  dailyCallBudget: number;
  /** The rate window (MARKETO_WINDOW_MS); shorter only in tests. */
  windowMs?: number;
  /** The pause after a 615 (CONCURRENCY_BACKOFF_MS). */
  concurrencyBackoffMs?: number;
  /** How long an unfinished slot outlives its call's timeout (SLOT_GRACE_MS). */
  slotGraceMs?: number;
  /** The longest single sleep between attempts while waiting for a slot (default 250 ms). */
  maxPollMs?: number;
}

/** A granted call: hand it back with `release`. */
export interface LimiterSlot {
  readonly id: string;
  readonly day: string;
}

export interface AcquireOptions {
  /** The call's own timeout: the slot expires this long (plus grace) after its grant. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What the client needs of a limiter (the PostgreSQL one below; tests may pass their own). */
export interface MarketoLimiter {
  acquire(options: AcquireOptions): Promise<LimiterSlot>;
  /** Ends a slot: `sent` false when no request went out (the call is then uncounted). */
  release(slot: LimiterSlot, sent: boolean): Promise<void>;
  /** Marketo answered 606 (rate) or 615 (concurrency): no call starts for a while. */
  backOff(code: '606' | '615'): Promise<void>;
}

/** Wakes waiters of a workspace in this process when one of its slots is released. */
const releases = new EventEmitter();
releases.setMaxListeners(0);

const sleep = (ms: number, workspaceId: string, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      releases.off(workspaceId, done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    releases.once(workspaceId, done);
    signal?.addEventListener('abort', done, { once: true });
  });

type Attempt = { granted: LimiterSlot } | { waitMs: number | null } | { spent: Date };

/** A value written into SQL text: only a safe integer (a bigint id may come as a string). */
function sqlInteger(value: number | string): string {
  const text = String(value);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new Error(`Marketo limiter: ${text} is not an integer`);
  }
  return text;
}

export class PgMarketoLimiter implements MarketoLimiter {
  private readonly windowMs: number;
  private readonly concurrencyBackoffMs: number;
  private readonly slotGraceMs: number;
  private readonly maxPollMs: number;
  /** Releases of sent calls still being written (see `release`). */
  private readonly releasing = new Set<Promise<void>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly settings: LimiterSettings,
  ) {
    this.windowMs = settings.windowMs ?? MARKETO_WINDOW_MS;
    this.concurrencyBackoffMs = settings.concurrencyBackoffMs ?? CONCURRENCY_BACKOFF_MS;
    this.slotGraceMs = settings.slotGraceMs ?? SLOT_GRACE_MS;
    this.maxPollMs = settings.maxPollMs ?? 250;
  }

  private lockKey(): string {
    return `audience-sync:marketo-limiter:${sqlInteger(this.settings.workspaceId)}`;
  }

  /** Waits for a slot within every limit; throws MarketoQuotaExhaustedError when the budget is spent. */
  async acquire(options: AcquireOptions): Promise<LimiterSlot> {
    let pollMs = 10;
    for (;;) {
      if (options.signal?.aborted) throw new Error('Marketo limiter: acquire aborted');
      const attempt = await this.attempt(options.timeoutMs);
      if ('granted' in attempt) return attempt.granted;
      if ('spent' in attempt)
        throw new MarketoQuotaExhaustedError('DAILY_BUDGET', attempt.spent, null);
      let waitMs: number;
      if (attempt.waitMs !== null) {
        waitMs = Math.max(1, Math.min(attempt.waitMs, this.maxPollMs * 4));
      } else {
        // Waiting on calls in flight: their end is unknown, so poll, each time a little later.
        waitMs = pollMs + Math.floor(Math.random() * pollMs);
        pollMs = Math.min(this.maxPollMs, Math.ceil(pollMs * 1.5));
      }
      await sleep(waitMs, this.settings.workspaceId, options.signal);
    }
  }

  /**
   * One try: one round trip, two statements sent together (the simple query protocol, so its
   * values are written into the text: integers only, checked in `sqlInteger`). PostgreSQL runs
   * such a message as one implicit transaction, rolled back by itself on any error. The first
   * statement takes the workspace's transaction-scoped advisory lock; the second, which gets its
   * own snapshot after the lock (READ COMMITTED), reads the clock, the day, the pause and the
   * slots, and when every limit allows it writes the slot and counts the day, sweeping rows no
   * limit reads any more. So every grant of the workspace is ordered by the lock and sees every
   * grant before it.
   */
  private async attempt(timeoutMs: number): Promise<Attempt> {
    const { workspaceId, callsPer20Seconds, concurrentCalls, dailyCallBudget } = this.settings;
    const ws = sqlInteger(workspaceId);
    const windowMs = sqlInteger(Math.ceil(this.windowMs));
    const lifeMs = sqlInteger(Math.ceil(timeoutMs + this.slotGraceMs));
    const rate = sqlInteger(callsPer20Seconds);
    const window = `make_interval(secs => ${windowMs}::float8 / 1000)`;
    const results = (await this.pool.query(
      `select pg_advisory_xact_lock(hashtextextended('${this.lockKey()}', 0));
       with t as (
         -- The time is read after the lock: every grant of the workspace is ordered by it. The
         -- day is the Marketo day of that time (marketo-day.ts): the date in Chicago.
         select clock_timestamp() as now,
                (clock_timestamp() at time zone '${MARKETO_TIME_ZONE}')::date as day
       ), live as (
         select case when s.finished_at is null and s.expires_at <= t.now then s.expires_at
                     else s.finished_at end as finished
           from marketo_limiter_slot s, t
          where s.workspace_id = ${ws} and (s.finished_at is null or s.finished_at > t.now - ${window})
       ), window_calls as (
         select finished from live, t where finished is null or finished > t.now - ${window}
       ), state as (
         select t.now, t.day,
           coalesce((select calls from marketo_limiter_day d
                      where d.workspace_id = ${ws} and d.day = t.day), 0) as calls,
           (select ceil(extract(epoch from p.paused_until - t.now) * 1000)::int
              from marketo_limiter_pause p
             where p.workspace_id = ${ws} and p.paused_until > t.now) as paused_ms,
           (select count(*)::int from window_calls where finished is null) as in_flight,
           (select count(*)::int from window_calls) as in_window,
           -- When enough finished calls leave the window for one more to start (null: calls
           -- still in flight must end first).
           (select ceil(extract(epoch from f + ${window} - t.now) * 1000)::int
              from (select finished as f from window_calls where finished is not null
                    order by finished offset greatest((select count(*) from window_calls) - ${rate}, 0)
                    limit 1) frees
             where (select count(*) from window_calls) >= ${rate}) as frees_ms
         from t
       ), go as (
         select now, day from state
          where calls < ${sqlInteger(dailyCallBudget)} and paused_ms is null
            and in_flight < ${sqlInteger(concurrentCalls)} and in_window < ${rate}
       ), slot as (
         insert into marketo_limiter_slot (workspace_id, started_at, expires_at, day, holder)
         select ${ws}, go.now, go.now + make_interval(secs => ${lifeMs}::float8 / 1000), go.day,
                '${sqlInteger(process.pid)}'
           from go
         returning id::text
       ), counted as (
         insert into marketo_limiter_day (workspace_id, day, calls) select ${ws}, go.day, 1 from go
         on conflict (workspace_id, day) do update set calls = marketo_limiter_day.calls + 1
       ), swept as (
         -- Rows no limit reads any more: finished (or expired) before two windows, days past.
         delete from marketo_limiter_slot s using go
          where s.workspace_id = ${ws}
            and coalesce(s.finished_at, s.expires_at) < go.now - 2 * ${window}
       ), swept_days as (
         delete from marketo_limiter_day d using go
          where d.workspace_id = ${ws} and d.day < go.day - 7
       )
       select state.now, state.day::text as day, state.calls, state.paused_ms, state.in_flight,
              state.in_window, state.frees_ms, (select id from slot) as slot_id
         from state`,
    )) as unknown as pg.QueryResult[];
    const row = results[1]?.rows[0] as {
      now: Date;
      day: string;
      calls: number;
      paused_ms: number | null;
      in_flight: number;
      in_window: number;
      frees_ms: number | null;
      slot_id: string | null;
    };
    if (row.slot_id !== null) return { granted: { id: row.slot_id, day: row.day } };
    if (row.calls >= dailyCallBudget) return { spent: nextMarketoDayStart(row.now) };
    if (row.paused_ms !== null) return { waitMs: row.paused_ms };
    if (row.in_flight >= concurrentCalls) return { waitMs: null };
    return { waitMs: row.frees_ms };
  }

  /**
   * Ends a slot. A call that went out (`sent`) is finished in the background: the caller reads
   * its answer and makes its next call meanwhile. Until that update commits the slot still
   * counts as in flight, and its end is stamped by PostgreSQL's clock when the update runs, a
   * little after the answer: both err on the side of the limits. Waiters of this process are
   * woken once it is written. A slot given back unsent is deleted before this returns.
   */
  release(slot: LimiterSlot, sent: boolean): Promise<void> {
    const ended = this.end(slot, sent);
    if (!sent) return ended;
    this.releasing.add(ended);
    void ended.finally(() => this.releasing.delete(ended));
    return Promise.resolve();
  }

  private async end(slot: LimiterSlot, sent: boolean): Promise<void> {
    try {
      if (sent) {
        await this.pool.query(
          `update marketo_limiter_slot set finished_at = clock_timestamp()
           where id = $1 and finished_at is null`,
          [slot.id],
        );
      } else {
        await this.pool.query(
          `with gone as (delete from marketo_limiter_slot where id = $1 returning workspace_id, day)
           update marketo_limiter_day d set calls = greatest(d.calls - 1, 0)
           from gone where d.workspace_id = gone.workspace_id and d.day = gone.day`,
          [slot.id],
        );
      }
    } catch (error) {
      // The slot then expires by itself (see above); the call's own result stands.
      logger('marketo').warn(
        { workspaceId: this.settings.workspaceId, error: (error as Error).message },
        'Marketo limiter: a slot could not be released',
      );
    } finally {
      releases.emit(this.settings.workspaceId);
    }
  }

  /** Resolves once every slot this limiter released has been written as finished. */
  async settled(): Promise<void> {
    while (this.releasing.size > 0) await Promise.all([...this.releasing]);
  }

  async backOff(code: '606' | '615'): Promise<void> {
    const ms = code === '606' ? this.windowMs : this.concurrencyBackoffMs;
    await this.pool.query(
      `insert into marketo_limiter_pause (workspace_id, paused_until)
       values ($1, clock_timestamp() + make_interval(secs => $2::float8 / 1000))
       on conflict (workspace_id) do update
         set paused_until = greatest(marketo_limiter_pause.paused_until, excluded.paused_until)`,
      [this.settings.workspaceId, ms],
    );
  }

  /** Calls granted in the current Marketo day, and calls in flight now. */
  async usage(): Promise<{ callsToday: number; inFlight: number }> {
    await this.settled();
    const { rows } = await this.pool.query<{ calls: number; in_flight: number; now: Date }>(
      `select
         coalesce((select calls from marketo_limiter_day
                   where workspace_id = $1 and day = $2::date), 0) as calls,
         (select count(*)::int from marketo_limiter_slot
          where workspace_id = $1 and finished_at is null and expires_at > clock_timestamp())
           as in_flight`,
      [this.settings.workspaceId, marketoDay(new Date())],
    );
    return { callsToday: rows[0]!.calls, inFlight: rows[0]!.in_flight };
  }
}
