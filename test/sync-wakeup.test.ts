import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { cookie, gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

const AssociateForWakeup = graphql(/* GraphQL */ `
  mutation AssociateForWakeup($input: AssociateLeadInput!) {
    associateLead(input: $input) {
      __typename
    }
  }
`);

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  // A poll that never comes within the test: only the wakeup can start a debounced run.
  t = await startTestApp({
    worker: { pollIntervalMs: 600_000, watchdogMs: 500 },
    config: { syncDebounceMs: 200 },
  });
  ws = await t.workspace();
});
afterAll(() => t?.close());

describe('a debounced run', () => {
  it('is started when it falls due, woken by sync_wakeup rather than a poll', async () => {
    const seed = new Seed(t.database.pool, ws.id);
    await seed.integration();
    const audience = await seed.audience('Wakeup');
    await seed.members(audience, [ecid(1)]);
    await seed.cookieSync(ecid(1), cookie('wakeup'));
    const started = await startSync(t, ws.token, {
      audienceId: gid('Audience', audience),
      newListName: 'Wakeup list',
    });
    const job = startedJob(started);
    const jobId = decodeGlobalID(job.id).id;
    await settled(t, ws.token, jobId);
    const res = await t.gql(
      AssociateForWakeup,
      { input: { cookieId: cookie('wakeup'), email: 'wakeup@example.com', source: 'API' } },
      ws.token,
    );
    expect(res.data).toEqual({ associateLead: { __typename: 'AssociateLeadSuccess' } });
    const members = await waitFor(
      async () => {
        const list = await seed.listMembers(decodeGlobalID(job.list.id).id);
        return Object.keys(list).length > 0 ? list : undefined;
      },
      20_000,
      'the debounced run to add the lead',
    );
    expect(Object.values(members)).toEqual(['SYNC']);
    expect((await settled(t, ws.token, jobId)).lastRun).toMatchObject({ trigger: 'INCREMENTAL' });
  });
});
