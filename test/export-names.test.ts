import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDisposition } from '../src/http/export-route.js';
import { asciiFileName, fileSafeName } from '../src/services/exports.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { cookie, gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { ecid } from './support/util.js';

/** Exports are files named after the list a person knows, not after internal ids. */

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;

beforeAll(async () => {
  t = await startTestApp({ worker: true });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
});
afterAll(async () => {
  await t?.close();
});

async function disposition(path: string): Promise<string | null> {
  const response = await fetch(`${t.url}${path}`, {
    headers: { authorization: `Bearer ${ws.token}` },
  });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return response.headers.get('content-disposition');
}

/** The file name a client that reads RFC 6266 takes: filename* when present, else filename. */
function chosenName(header: string): string {
  const extended = /filename\*=UTF-8''([^;]+)/.exec(header)?.[1];
  if (extended) return decodeURIComponent(extended);
  return /filename="([^"]*)"/.exec(header)?.[1] ?? '';
}

describe('export file names', () => {
  it('makes names safe for a file and gives an ASCII fallback', () => {
    expect(fileSafeName('Q4 buyers list')).toBe('Q4-buyers-list');
    expect(fileSafeName('../../etc/passwd')).toBe('etc-passwd');
    expect(fileSafeName('a "quoted"\\name\r\n; x')).toBe('a-quoted-name-x');
    expect(fileSafeName('Café Müller')).toBe('Café-Müller');
    expect(fileSafeName('   ')).toBe('list');
    expect(fileSafeName('x'.repeat(300))).toHaveLength(80);
    expect(asciiFileName('Café-Müller-members.csv')).toBe('Cafe-Muller-members.csv');
    expect(asciiFileName('日本語-members.csv')).toBe('members.csv');
    expect(contentDisposition('Q4-buyers-list-members.csv')).toBe(
      'attachment; filename="Q4-buyers-list-members.csv"',
    );
    expect(contentDisposition('Café-members.csv')).toBe(
      `attachment; filename="Cafe-members.csv"; filename*=UTF-8''Caf%C3%A9-members.csv`,
    );
  });

  it("names a list's export and a run's changes after the list", async () => {
    const audienceId = await seed.audience('Named export');
    const lead = await seed.lead('named@example.com');
    await seed.cookie(cookie('named'), lead);
    await seed.cookieSync(ecid(9_001), cookie('named'));
    await seed.members(audienceId, [ecid(9_001)]);
    const job = startedJob(
      await startSync(t, ws.token, {
        audienceId: gid('Audience', audienceId),
        newListName: 'Q4 buyers list',
      }),
    );
    const done = await settled(t, ws.token, decodeGlobalID(job.id).id);
    const listId = encodeURIComponent(job.list.id);

    expect(await disposition(`/export/lists/${listId}/members?format=csv`)).toBe(
      'attachment; filename="Q4-buyers-list-members.csv"',
    );
    expect(await disposition(`/export/lists/${listId}/members?format=ndjson`)).toBe(
      'attachment; filename="Q4-buyers-list-members.ndjson"',
    );
    const started = await t.database.pool.query<{ at: string }>(
      `select to_char(started_at at time zone 'UTC', 'YYYY-MM-DD-HH24MISS') as at
         from sync_run where id = $1`,
      [decodeGlobalID(done.lastRun?.id as string).id],
    );
    const runPath = `/export/sync-runs/${encodeURIComponent(done.lastRun?.id as string)}/changes?format=csv`;
    expect(await disposition(runPath)).toBe(
      `attachment; filename="Q4-buyers-list-run-${started.rows[0]?.at}-changes.csv"`,
    );
  });

  it('keeps a name beyond ASCII whole in filename* with an ASCII filename beside it', async () => {
    const listId = await seed.list('Café Müller / "VIP" 東京');
    const header = await disposition(
      `/export/lists/${encodeURIComponent(gid('List', listId))}/members?format=csv`,
    );
    expect(header).toBe(
      `attachment; filename="Cafe-Muller-VIP-members.csv"; filename*=UTF-8''${encodeURIComponent('Café-Müller-VIP-東京-members.csv')}`,
    );
    expect(chosenName(header ?? '')).toBe('Café-Müller-VIP-東京-members.csv');
  });
});
