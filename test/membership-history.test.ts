import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredHistory } from '../src/history/retention.js';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import {
  cookie,
  gid,
  recordChange,
  Seed,
  settled,
  startedJob,
  startSync,
} from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;
const leads: Record<string, string> = {};

/** Audience A: ECIDs 1-4, each with a cookie of its own lead L1-L4; L5 is not in it. */
beforeAll(async () => {
  t = await startTestApp({ worker: { watchdogMs: 500 }, config: { syncDebounceMs: 50 } });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
  for (const n of [1, 2, 3, 4, 5]) {
    leads[`L${n}`] = await seed.lead(`l${n}@example.com`);
    await seed.cookie(cookie(`c${n}`), leads[`L${n}`]);
    await seed.cookieSync(ecid(n), cookie(`c${n}`));
  }
});
afterAll(() => t?.close());

const RunChanges = graphql(/* GraphQL */ `
  query RunChanges($id: ID!, $kind: MembershipChangeKind, $first: Int, $after: String) {
    node(id: $id) {
      ... on SyncRun {
        status
        stats {
          added
          removed
        }
        changes(kind: $kind, first: $first, after: $after) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              id
              kind
              source
              at
              lead {
                id
              }
              run {
                id
              }
            }
          }
        }
      }
    }
  }
`);

const ListChanges = graphql(/* GraphQL */ `
  query ListChanges($id: ID!, $kind: MembershipChangeKind) {
    list(id: $id) {
      memberCount
      changes(kind: $kind, first: 500) {
        totalCount
        edges {
          node {
            kind
            source
            lead {
              id
            }
            run {
              id
            }
          }
        }
      }
    }
  }
`);

const RunNow = graphql(/* GraphQL */ `
  mutation HistoryRunNow($input: RunSyncJobNowInput!) {
    runSyncJobNow(input: $input) {
      __typename
    }
  }
`);

const AddMembers = graphql(/* GraphQL */ `
  mutation HistoryAddMembers($input: AddListMembersInput!) {
    addListMembers(input: $input) {
      __typename
    }
  }
`);

const RemoveMembers = graphql(/* GraphQL */ `
  mutation HistoryRemoveMembers($input: RemoveListMembersInput!) {
    removeListMembers(input: $input) {
      __typename
    }
  }
`);

type Change = { kind: string; source: string; lead: string; run: string | null };

async function runChanges(runGlobalId: string, kind?: 'ENTERED' | 'LEFT') {
  const res = await t.gql(RunChanges, { id: runGlobalId, kind, first: 500 }, ws.token);
  expect(res.errors).toBeUndefined();
  const run = res.data.node as Extract<typeof res.data.node, { __typename?: 'SyncRun' }> & {
    changes: { totalCount: number; edges: { node: Record<string, never> }[] };
  };
  return {
    run,
    changes: run.changes.edges.map(({ node }) => ({
      kind: node.kind,
      source: node.source,
      lead: (node.lead as { id: string }).id,
      run: (node.run as { id: string } | null)?.id ?? null,
    })) as Change[],
  };
}

const byLead = (a: Change, b: Change) => a.lead.localeCompare(b.lead);

describe('membership history', () => {
  let syncJobId: string;
  let listId: string;
  let initialRunId: string;

  it("records an INITIAL run's additions as exactly its ENTERED changes, by lead and run", async () => {
    const audienceId = await seed.audience('History A');
    await seed.members(audienceId, [1, 2, 3].map(ecid));
    const job = startedJob(
      await startSync(t, ws.token, { audienceId: gid('Audience', audienceId), newListName: 'H' }),
    );
    syncJobId = decodeGlobalID(job.id).id;
    listId = job.list.id;
    const done = await settled(t, ws.token, syncJobId);
    expect(done.lastRun?.status).toBe('SUCCEEDED');
    initialRunId = done.lastRun?.id as string;
    const { run, changes } = await runChanges(initialRunId);
    expect(run.stats).toEqual({ added: 3, removed: 0 });
    expect(run.changes.totalCount).toBe(3);
    expect(changes.sort(byLead)).toEqual(
      ['L1', 'L2', 'L3']
        .map((name) => ({
          kind: 'ENTERED',
          source: 'SYNC',
          lead: gid('Lead', leads[name]),
          run: initialRunId,
        }))
        .sort(byLead),
    );
  });

  it('records a later full run as its additions and removals, and filters by kind', async () => {
    const { rows } = await t.database.pool.query<{ audience_id: string }>(
      'select audience_id from sync_job where id = $1',
      [syncJobId],
    );
    const audienceId = rows[0].audience_id;
    await seed.removeMembers(audienceId, [ecid(3)]);
    await seed.members(audienceId, [ecid(4)]);
    const now = await t.gql(RunNow, { input: { id: gid('SyncJob', syncJobId) } }, ws.token);
    expect(now.data.runSyncJobNow.__typename).toBe('RunSyncJobNowSuccess');
    const done = await waitFor(async () => {
      const job = await settled(t, ws.token, syncJobId);
      return job.lastRun?.id !== initialRunId ? job : undefined;
    });
    const runId = done.lastRun?.id as string;
    expect(done.lastRun?.stats).toMatchObject({ added: 1, removed: 1 });
    const all = await runChanges(runId);
    expect(all.changes.sort(byLead)).toEqual(
      [
        { kind: 'ENTERED', source: 'SYNC', lead: gid('Lead', leads.L4), run: runId },
        { kind: 'LEFT', source: 'SYNC', lead: gid('Lead', leads.L3), run: runId },
      ].sort(byLead),
    );
    const left = await runChanges(runId, 'LEFT');
    expect(left.run.changes.totalCount).toBe(1);
    expect(left.changes.map((change) => change.lead)).toEqual([gid('Lead', leads.L3)]);
    const entered = await runChanges(runId, 'ENTERED');
    expect(entered.changes.map((change) => change.lead)).toEqual([gid('Lead', leads.L4)]);
    // The earlier run's history is untouched by the later one.
    expect((await runChanges(initialRunId)).run.changes.totalCount).toBe(3);
  });

  /** Moves `enter` into audience A and `leave` out of it, and waits for the incremental run. */
  async function incrementalSwap(enter: number, leave: number, previousRunId: string) {
    const { rows } = await t.database.pool.query<{ audience_id: string }>(
      'select audience_id from sync_job where id = $1',
      [syncJobId],
    );
    const audienceId = rows[0].audience_id;
    await seed.members(audienceId, [ecid(enter)]);
    await seed.removeMembers(audienceId, [ecid(leave)]);
    await recordChange(t, {
      workspaceId: ws.id,
      kind: 'AUDIENCE_MEMBERS',
      audienceIds: [audienceId],
      ecids: [ecid(enter), ecid(leave)],
    });
    const done = await waitFor(
      async () => {
        const job = await settled(t, ws.token, syncJobId, 30_000);
        return job.lastRun?.id !== previousRunId ? job : undefined;
      },
      30_000,
      'the incremental run',
    );
    expect(done.lastRun).toMatchObject({ trigger: 'INCREMENTAL', status: 'SUCCEEDED' });
    return done.lastRun?.id as string;
  }

  /** The run's stats and its history, as GraphQL shows them. */
  async function statsAndHistory(runId: string) {
    const { run, changes } = await runChanges(runId);
    return { stats: run.stats, changes: changes.sort(byLead) };
  }

  let lastIncrementalRunId = '';

  it('records an incremental run as exactly its added and removed, by lead and kind', async () => {
    const before = await settled(t, ws.token, syncJobId);
    // Audience A holds ECIDs 1, 2 and 4: 3 comes back and 4 leaves.
    const runId = await incrementalSwap(3, 4, before.lastRun?.id as string);
    expect(await statsAndHistory(runId)).toEqual({
      stats: { added: 1, removed: 1 },
      changes: [
        { kind: 'ENTERED', source: 'SYNC', lead: gid('Lead', leads.L3), run: runId },
        { kind: 'LEFT', source: 'SYNC', lead: gid('Lead', leads.L4), run: runId },
      ].sort(byLead),
    });
    lastIncrementalRunId = runId;
  });

  it('reports what an incremental run changed even when it crashed after its list changes committed', async () => {
    // The first attempt commits the list changes and their history, then fails to end the
    // run (a crash between its two transactions); the retry finds nothing left to apply.
    await t.database.pool.query(`
      create sequence fail_incremental_end_once;
      create or replace function fail_incremental_end() returns trigger language plpgsql as $$
      begin
        if nextval('fail_incremental_end_once') = 1 then
          raise exception 'crash between the commits';
        end if;
        return new;
      end $$;
      create trigger fail_incremental_end before update of status on sync_run
        for each row when (new.status = 'SUCCEEDED' and new.trigger = 'INCREMENTAL'
          and new.sync_job_id = ${Number(syncJobId)})
        execute function fail_incremental_end();`);
    try {
      const runId = await incrementalSwap(4, 3, lastIncrementalRunId);
      const { rows } = await t.database.pool.query<{ attempts: number }>(
        'select attempts from sync_run where id = $1',
        [decodeGlobalID(runId).id],
      );
      expect(rows[0].attempts).toBe(2);
      expect(await statsAndHistory(runId)).toEqual({
        stats: { added: 1, removed: 1 },
        changes: [
          { kind: 'ENTERED', source: 'SYNC', lead: gid('Lead', leads.L4), run: runId },
          { kind: 'LEFT', source: 'SYNC', lead: gid('Lead', leads.L3), run: runId },
        ].sort(byLead),
      });
    } finally {
      await t.database.pool.query(`
        drop trigger if exists fail_incremental_end on sync_run;
        drop function if exists fail_incremental_end();
        drop sequence if exists fail_incremental_end_once;`);
    }
  }, 60_000);

  it('records manual additions and removals with no run, newest first', async () => {
    const manualList = gid('List', await seed.list('H manual'));
    for (const [document, lead] of [
      [AddMembers, leads.L5],
      [AddMembers, leads.L1],
      [RemoveMembers, leads.L1],
    ] as const) {
      const res = await t.gql(
        document as typeof AddMembers,
        { input: { listId: manualList, leadIds: [gid('Lead', lead)] } },
        ws.token,
      );
      expect(res.errors).toBeUndefined();
    }
    const res = await t.gql(ListChanges, { id: manualList }, ws.token);
    expect(res.data.list?.changes.totalCount).toBe(3);
    expect(res.data.list?.changes.edges.map(({ node }) => node)).toEqual([
      { kind: 'LEFT', source: 'MANUAL', lead: { id: gid('Lead', leads.L1) }, run: null },
      { kind: 'ENTERED', source: 'MANUAL', lead: { id: gid('Lead', leads.L1) }, run: null },
      { kind: 'ENTERED', source: 'MANUAL', lead: { id: gid('Lead', leads.L5) }, run: null },
    ]);
    const left = await t.gql(ListChanges, { id: manualList, kind: 'LEFT' }, ws.token);
    expect(left.data.list?.changes.totalCount).toBe(1);
    // Adding a lead that is already a member changes nothing, so nothing is recorded.
    await t.gql(
      AddMembers,
      { input: { listId: manualList, leadIds: [gid('Lead', leads.L5)] } },
      ws.token,
    );
    const again = await t.gql(ListChanges, { id: manualList }, ws.token);
    expect(again.data.list?.changes.totalCount).toBe(3);
  });

  it('pages a run’s changes with cursors, newest first, without repeats', async () => {
    const first = await t.gql(RunChanges, { id: initialRunId, first: 2 }, ws.token);
    const page1 = first.data.node as never as {
      changes: {
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { id: string } }[];
      };
    };
    expect(page1.changes.pageInfo.hasNextPage).toBe(true);
    const second = await t.gql(
      RunChanges,
      { id: initialRunId, first: 2, after: page1.changes.pageInfo.endCursor },
      ws.token,
    );
    const page2 = second.data.node as never as typeof page1;
    expect(page2.changes.pageInfo.hasNextPage).toBe(false);
    const ids = [...page1.changes.edges, ...page2.changes.edges].map(({ node }) => node.id);
    expect(new Set(ids).size).toBe(3);
    const numeric = ids.map((id) => Number(decodeGlobalID(id).id));
    expect(numeric).toEqual([...numeric].sort((a, b) => b - a));
  });

  it('keeps no change of a run whose transaction rolled back, and exactly one set after its retry', async () => {
    const audienceId = await seed.audience('History crash');
    await seed.members(audienceId, [1, 2].map(ecid));
    // The run's last statement fails once it has written its memberships and their history:
    // what a crash before COMMIT leaves behind.
    await t.database.pool.query(`
      create or replace function fail_run_end() returns trigger language plpgsql as $$
      begin raise exception 'crash before commit'; end $$;
      create trigger fail_run_end before update of status on sync_run
        for each row when (new.status = 'SUCCEEDED') execute function fail_run_end();`);
    let jobId = '';
    try {
      const job = startedJob(
        await startSync(t, ws.token, {
          audienceId: gid('Audience', audienceId),
          newListName: 'H crash',
        }),
      );
      jobId = decodeGlobalID(job.id).id;
      const failed = await waitFor(async () => {
        const { rows } = await t.database.pool.query<{ id: string; error: string | null }>(
          'select id, error from sync_run where sync_job_id = $1',
          [jobId],
        );
        return rows[0]?.error ? rows[0] : undefined;
      });
      expect(failed.error).toContain('crash before commit');
      const kept = await t.database.pool.query(
        'select count(*)::int as n from membership_change where run_id = $1',
        [failed.id],
      );
      expect(kept.rows[0].n).toBe(0);
      expect(await seed.listMembers(decodeGlobalID(job.list.id).id)).toEqual({});
    } finally {
      await t.database.pool.query('drop trigger if exists fail_run_end on sync_run');
    }
    const done = await settled(t, ws.token, jobId, 30_000);
    expect(done.lastRun?.status).toBe('SUCCEEDED');
    const { run, changes } = await runChanges(done.lastRun?.id as string);
    expect(run.changes.totalCount).toBe(2);
    expect(changes.map((change) => change.lead).sort()).toEqual(
      [gid('Lead', leads.L1), gid('Lead', leads.L2)].sort(),
    );
  });

  it('forgets changes older than the retention period', async () => {
    await t.database.pool.query(
      `update membership_change set at = now() - interval '91 days' where run_id = $1`,
      [decodeGlobalID(initialRunId).id],
    );
    const before = await t.gql(ListChanges, { id: listId }, ws.token);
    const purged = await purgeExpiredHistory(t.database.pool, 90, 2);
    expect(purged).toBe(3);
    expect((await runChanges(initialRunId)).run.changes.totalCount).toBe(0);
    const after = await t.gql(ListChanges, { id: listId }, ws.token);
    expect(after.data.list?.changes.totalCount).toBe(
      (before.data.list?.changes.totalCount ?? 0) - 3,
    );
  });
});

describe('history retention task', () => {
  it('purges history and finished deliveries older than HISTORY_RETENTION_DAYS, and cached answers with them', async () => {
    const r = await startTestApp({
      worker: { watchdogMs: 500 },
      config: {
        historyRetentionDays: 30,
        responseCacheMaxEntries: 1000,
        // Far longer than the wait below: only a change announcement can refresh the answer.
        responseCacheTtlMs: 600_000,
      },
    });
    try {
      const admin = await r.workspace();
      const rseed = new Seed(r.database.pool, admin.id);
      const list = await rseed.list('Retained');
      const [old, recent] = [
        await rseed.lead('old@example.com'),
        await rseed.lead('new@example.com'),
      ];
      const added = await r.gql(
        AddMembers,
        { input: { listId: gid('List', list), leadIds: [gid('Lead', old), gid('Lead', recent)] } },
        admin.token,
      );
      expect(added.errors).toBeUndefined();
      await r.database.pool.query(
        `update membership_change set at = now() - case when lead_id = $2 then interval '31 days'
           else interval '29 days' end where list_id = $1`,
        [list, old],
      );
      const hook = await r.database.pool.query<{ id: string }>(
        `insert into webhook (workspace_id, url, events, secret)
         values ($1, 'https://example.com/hook', '{SYNC_RUN_SUCCEEDED}', 'whsec_c2VjcmV0') returning id`,
        [admin.id],
      );
      const deliveries = await r.database.pool.query<{ id: string; event_type: string }>(
        `insert into webhook_delivery (workspace_id, webhook_id, event_type, message_id, payload, status, created_at)
         select $1, $2, t.name, 'msg_' || t.name, '{}', t.status, now() - t.age * interval '1 day'
           from (values ('old-delivered', 'DELIVERED', 31), ('old-failed', 'FAILED', 31),
                        ('old-pending', 'PENDING', 31), ('new-delivered', 'DELIVERED', 29)) as t(name, status, age)
         returning id, event_type`,
        [admin.id, hook.rows[0].id],
      );
      await r.database.pool.query(
        `insert into webhook_attempt (delivery_id, attempt, response_status, duration_ms)
         select id, 1, 204, 5 from webhook_delivery where webhook_id = $1`,
        [hook.rows[0].id],
      );
      const before = await r.gql(ListChanges, { id: gid('List', list) }, admin.token);
      expect(before.data.list?.changes.totalCount).toBe(2);
      // The worker registered the hourly crontab; the test runs its task now through the queue.
      await waitFor(async () => {
        const known = await r.database.pool.query(
          `select 1 from graphile_worker._private_known_crontabs where identifier = 'history_retention'`,
        );
        return known.rowCount ? true : undefined;
      });
      await r.database.pool.query(`select graphile_worker.add_job('history_retention')`);
      const after = await waitFor(
        async () => {
          const res = await r.gql(ListChanges, { id: gid('List', list) }, admin.token);
          return res.data.list?.changes.totalCount === 1 ? res.data.list : undefined;
        },
        20_000,
        'the purged change to leave List.changes',
      );
      expect(after.changes.edges.map(({ node }) => node.lead)).toEqual([
        { id: gid('Lead', recent) },
      ]);
      const left = await r.database.pool.query<{ event_type: string }>(
        'select event_type from webhook_delivery where webhook_id = $1 order by event_type',
        [hook.rows[0].id],
      );
      expect(left.rows.map((row) => row.event_type)).toEqual(['new-delivered', 'old-pending']);
      const attempts = await r.database.pool.query<{ n: number }>(
        'select count(*)::int as n from webhook_attempt where delivery_id = any($1::bigint[])',
        [deliveries.rows.map((row) => row.id)],
      );
      expect(attempts.rows[0].n).toBe(2);
    } finally {
      await r.close();
    }
  });
});
