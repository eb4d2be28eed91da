import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { aepProfile, nativeAudience, postNative } from './support/native-inputs.js';
import { cookie, gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;

beforeAll(async () => {
  t = await startTestApp({ worker: { watchdogMs: 500 }, config: { syncDebounceMs: 100 } });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
});
afterAll(() => t?.close());

describe('native inputs and the sync engine', () => {
  it('an AEP exit takes the lead off the synced list by itself (incremental run)', async () => {
    const aep = (status: string, time: string) =>
      postNative(
        t,
        ws,
        '/ingest/aep',
        JSON.stringify([
          aepProfile([ecid(1)], {
            'seg-sync': { status, lastQualificationTime: time, name: 'Synced' },
          }),
          aepProfile([ecid(2)], {
            'seg-sync': { status: 'realized', lastQualificationTime: time },
          }),
        ]),
      );
    expect((await aep('realized', '2026-11-01T00:00:00Z')).body.accepted).toBe(2);
    const audience = await nativeAudience(t, ws, 'seg-sync');
    const leaving = await seed.lead('leaving@example.com');
    const staying = await seed.lead('staying@example.com');
    await seed.cookie(cookie('leaving'), leaving);
    await seed.cookie(cookie('staying'), staying);
    await seed.cookieSync(ecid(1), cookie('leaving'));
    await seed.cookieSync(ecid(2), cookie('staying'));
    const started = await startSync(t, ws.token, {
      audienceId: gid('Audience', audience?.id as string),
      newListName: 'Synced from AEP',
    });
    const job = startedJob(started);
    const jobId = decodeGlobalID(job.id).id;
    const listId = decodeGlobalID(job.list.id).id;
    await settled(t, ws.token, jobId);
    expect(await seed.listMembers(listId)).toEqual({ [leaving]: 'SYNC', [staying]: 'SYNC' });
    // The profile exits; nothing else is called.
    const exited = await postNative(
      t,
      ws,
      '/ingest/aep',
      JSON.stringify(
        aepProfile([ecid(1)], {
          'seg-sync': { status: 'exited', lastQualificationTime: '2026-11-02T00:00:00Z' },
        }),
      ),
    );
    expect(exited.body.accepted).toBe(1);
    await waitFor(
      async () => {
        const members = await seed.listMembers(listId);
        return JSON.stringify(members) === JSON.stringify({ [staying]: 'SYNC' })
          ? members
          : undefined;
      },
      20_000,
      'the exited lead to leave the list',
    );
    const last = await settled(t, ws.token, jobId);
    expect(last.lastRun).toMatchObject({
      trigger: 'INCREMENTAL',
      stats: { removed: 1, listSize: 1 },
    });
  });
});
