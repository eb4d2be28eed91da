import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aamRealtimeReader } from '../src/ingest/aam-realtime.js';
import { aepReader } from '../src/ingest/aep.js';
import { CopyBatch } from '../src/ingest/copy-batch.js';
import { MAX_ITEM_BYTES, MAX_ITEM_VALUES, MAX_JSON_DEPTH } from '../src/ingest/json-values.js';
import { MAX_ITEM_STATEMENTS } from '../src/ingest/native-statements.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { aepProfile, nativeAudience, postNative } from './support/native-inputs.js';
import { ecid } from './support/util.js';

/**
 * Hostile Adobe-native bodies: unknown keys holding megabytes, profiles that would expand
 * into millions of statements, times from the future, deep nesting and duplicated keys.
 */

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
});
afterAll(() => t?.close());

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use once garbage is collected: what the process retains. */
function retainedHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Posts `body` while polling /healthz; how many times /healthz answered during the upload. */
async function whilePolling<T>(upload: Promise<T>): Promise<{ result: T; answers: number }> {
  let done = false;
  let answers = 0;
  const polling = (async () => {
    while (!done) {
      const response = await fetch(`${t.url}/healthz`);
      if (response.status === 200) answers++;
      await response.arrayBuffer();
    }
  })();
  try {
    return { result: await upload, answers };
  } finally {
    done = true;
    await polling;
  }
}

const aep = (body: unknown, options: Parameters<typeof postNative>[4] = {}) =>
  postNative(t, ws, '/ingest/aep', typeof body === 'string' ? body : JSON.stringify(body), options);
const realtime = (body: unknown) =>
  postNative(t, ws, '/ingest/aam/realtime', typeof body === 'string' ? body : JSON.stringify(body));

async function qualifiedAt(externalId: string, member: string): Promise<string | null> {
  const { rows } = await t.database.pool.query<{ qualified_at: Date }>(
    `SELECT m.qualified_at FROM audience_member m JOIN audience a ON a.id = m.audience_id
      WHERE a.workspace_id = $1 AND a.external_id = $2 AND m.ecid = $3`,
    [ws.id, externalId, member],
  );
  return rows[0]?.qualified_at.toISOString() ?? null;
}

describe('an AAM real-time body holds flat memory whatever its shape', () => {
  it('skips an unknown top-level key while streaming: 80 MB under it retain a few MB', async () => {
    const batch = new CopyBatch(() => undefined);
    const { reader, sink } = aamRealtimeReader(batch, new Date().toISOString());
    await reader.push(Buffer.from('{"ProcessTime": "x", "Other": {'));
    const before = retainedHeap();
    const value = 'x'.repeat(1000);
    let pushed = 0;
    for (let chunk = 0; chunk < 640; chunk++) {
      let text = '';
      for (let i = 0; i < 64; i++) text += `"k${chunk}_${i}": ["${value}", {"v": "${value}"}],`;
      pushed += text.length;
      await reader.push(Buffer.from(text));
    }
    const growth = retainedHeap() - before;
    expect(pushed).toBeGreaterThan(80_000_000);
    expect(growth).toBeLessThan(8 * 1024 * 1024);
    await reader.push(
      Buffer.from(
        `"last": 1}, "Users": [{"AAM_UUID": "${ecid(1)}", "Segments": [{"Segment_ID": 5, "Status": 1}]}]}`,
      ),
    );
    await reader.end();
    expect(sink.staged).toBe(1);
  });

  it('answers a 40 MB body under an unknown key, /healthz answering meanwhile', async () => {
    const value = 'y'.repeat(1000);
    const filler = Array.from({ length: 40_000 }, (_, i) => `"f${i}": "${value}"`).join(',');
    const body = `{"Extra": {${filler}}, "AAM_Destination_ID": "31", "Users": [{"AAM_UUID": "${ecid(7)}", "Segments": [{"Segment_ID": "700", "Status": "1"}]}]}`;
    expect(body.length).toBeGreaterThan(40_000_000);
    const { result, answers } = await whilePolling(realtime(body));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ accepted: 1, rejected: 0 });
    expect(answers).toBeGreaterThan(0);
    expect((await nativeAudience(t, ws, 'aam:700'))?.ecids).toEqual([ecid(7)]);
  });

  it('refuses a single string over the item bound under an unknown key (413)', async () => {
    const body = `{"Other": "${'z'.repeat(5 * 1024 * 1024)}", "Users": []}`;
    const answer = await realtime(body);
    expect(answer.status).toBe(413);
    expect(answer.body.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('one AEP profile is bounded', () => {
  it(`a profile of 80,000 ECIDs is rejected with the bound, /healthz answering meanwhile`, async () => {
    const profile = {
      identityMap: {
        ECID: Array.from({ length: 80_000 }, (_, i) => ({ id: ecid(1_000_000 + i) })),
      },
      segmentMembership: { ups: { 'seg-many': { status: 'realized' } } },
    };
    expect(JSON.stringify(profile).length).toBeGreaterThan(3_800_000);
    const { result, answers } = await whilePolling(aep([profile]));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ accepted: 0, rejected: 1 });
    expect(result.body.errors[0].reason).toContain(`at most ${MAX_ITEM_STATEMENTS} statements`);
    expect(answers).toBeGreaterThan(0);
    expect(await nativeAudience(t, ws, 'seg-many')).toBeNull();
  });

  it('a small profile whose ECIDs × audiences pass the bound is rejected; at the bound it applies', async () => {
    const ecids = Array.from({ length: 120 }, (_, i) => ecid(2_000_000 + i));
    const audiences = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`seg-x${i}`, { status: 'realized' }]),
    );
    const over = await aep([aepProfile(ecids, audiences)]);
    expect(over.body).toMatchObject({ accepted: 0, duplicates: 0, rejected: 1 });
    expect(over.body.errors[0]).toMatchObject({ line: 1 });
    expect(over.body.errors[0].reason).toBe(
      `the profile would make 120 × 100 statements (ECIDs × audiences); at most ${MAX_ITEM_STATEMENTS} statements per profile`,
    );
    expect(await nativeAudience(t, ws, 'seg-x0')).toBeNull();
    const at = await aep([aepProfile(ecids.slice(0, 100), audiences)]);
    expect(at.body).toMatchObject({ accepted: MAX_ITEM_STATEMENTS, rejected: 0 });
  });

  it('an item holding more values than the bound: the JSON body refused (413), an NDJSON line rejected alone', async () => {
    const crowded = `{"identityMap": {"ECID": [{"id": "${ecid(320)}"}], "Other": [${'[],'.repeat(MAX_ITEM_VALUES)}[]]}}`;
    expect(crowded.length).toBeLessThan(MAX_ITEM_BYTES);
    const body = await aep(`[${crowded}]`);
    expect(body.status).toBe(413);
    expect(body.body.error).toContain(`more than ${MAX_ITEM_VALUES} values`);
    const good = JSON.stringify(aepProfile([ecid(321)], { 'seg-crowded': { status: 'realized' } }));
    const lines = await aep([crowded, good].join('\n'), { type: 'application/x-ndjson' });
    expect(lines.body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(lines.body.errors[0]).toMatchObject({
      line: 1,
      reason: `an item holds more than ${MAX_ITEM_VALUES} values`,
    });
  });

  it('skips what a profile holds besides identityMap and segmentMembership, unread', async () => {
    const person = `{"name": "${'p'.repeat(1000)}", "more": [${Array.from({ length: 10_000 }, () => `"${'q'.repeat(1000)}"`).join(',')}]}`;
    const profile = (n: number) =>
      `{"person": ${person}, "identityMap": {"ECID": [{"id": "${ecid(n)}"}]}, "segmentMembership": {"ups": {"seg-person": {"status": "realized"}}}}`;
    expect(profile(330).length).toBeGreaterThan(2 * MAX_ITEM_BYTES);
    expect((await aep(`[${profile(330)}]`)).body).toMatchObject({ accepted: 1, rejected: 0 });
    const lines = await aep([profile(331), profile(332)].join('\n'), {
      type: 'application/x-ndjson',
    });
    expect(lines.body).toMatchObject({ accepted: 2, rejected: 0 });
    expect((await nativeAudience(t, ws, 'seg-person'))?.ecids).toEqual([
      ecid(330),
      ecid(331),
      ecid(332),
    ]);
    // Never held: streaming 20 profiles of 10 MB each retains a few MB.
    const { reader, sink } = aepReader(
      new CopyBatch(() => undefined),
      false,
      new Date().toISOString(),
    );
    await reader.push(Buffer.from('['));
    const before = retainedHeap();
    const text = Buffer.from(profile(333));
    for (let i = 0; i < 20; i++) {
      for (let start = 0; start < text.length; start += 65_536) {
        await reader.push(text.subarray(start, start + 65_536));
      }
      await reader.push(Buffer.from(i < 19 ? ',' : ']'));
      if (i === 10) expect(retainedHeap() - before).toBeLessThan(8 * 1024 * 1024);
    }
    await reader.end();
    expect(sink.staged).toBe(20);
  });

  it('an AAM real-time user with more segments than the bound is rejected', async () => {
    const segments = Array.from({ length: MAX_ITEM_STATEMENTS + 1 }, (_, i) => ({
      Segment_ID: 90_000 + i,
      Status: 1,
    }));
    const answer = await realtime({ Users: [{ AAM_UUID: ecid(8), Segments: segments }] });
    expect(answer.body).toMatchObject({ accepted: 0, rejected: 1 });
    expect(answer.body.errors[0].reason).toContain(`at most ${MAX_ITEM_STATEMENTS} statements`);
  });
});

describe('the event loop keeps turning', () => {
  /** Runs `work`, counting the turns of the event loop it let other callbacks have. */
  async function turnsDuring(work: () => Promise<void>): Promise<number> {
    let turns = 0;
    let done = false;
    const tick = () => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    await work();
    done = true;
    return turns;
  }

  it('a 3.9 MB chunk is parsed in slices of a few KiB, a 10,000-statement profile staged in turns', async () => {
    const body = Buffer.from(
      JSON.stringify([
        {
          identityMap: { ECID: Array.from({ length: 80_000 }, (_, i) => ({ id: ecid(i + 1) })) },
          segmentMembership: { ups: { 'seg-t': { status: 'realized' } } },
        },
      ]),
    );
    const parsing = aepReader(new CopyBatch(() => undefined), false, new Date().toISOString());
    const parseTurns = await turnsDuring(async () => {
      await parsing.reader.push(body);
      await parsing.reader.end();
    });
    expect(parsing.sink.rejected).toBe(1);
    expect(parseTurns).toBeGreaterThanOrEqual(Math.floor(body.length / (16 * 1024)) - 1);
    const ecids = Array.from({ length: 100 }, (_, i) => ecid(i + 1));
    const audiences = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`seg-t${i}`, { status: 'realized' }]),
    );
    const staging = aepReader(new CopyBatch(() => undefined), false, new Date().toISOString());
    const stageTurns = await turnsDuring(async () => {
      await staging.reader.push(Buffer.from(JSON.stringify(aepProfile(ecids, audiences))));
      await staging.reader.end();
    });
    expect(staging.sink.staged).toBe(MAX_ITEM_STATEMENTS);
    expect(stageTurns).toBeGreaterThanOrEqual(MAX_ITEM_STATEMENTS / 1000 - 1);
  });
});

describe('qualification times', () => {
  it('refuses a time more than the allowed skew ahead, with a reason on its line', async () => {
    const future = await aep([
      aepProfile([ecid(300)], {
        'seg-future': { status: 'realized', lastQualificationTime: '9999-12-31T00:00:00Z' },
      }),
    ]);
    expect(future.body).toMatchObject({ accepted: 0, rejected: 1 });
    expect(future.body.errors[0]).toMatchObject({ line: 1 });
    expect(future.body.errors[0].reason).toContain('in the future');
    // Nothing froze: a real statement of now applies.
    const now = await aep([aepProfile([ecid(300)], { 'seg-future': { status: 'realized' } })]);
    expect(now.body).toMatchObject({ accepted: 1 });
    const exit = await aep([aepProfile([ecid(300)], { 'seg-future': { status: 'exited' } })]);
    expect(exit.body).toMatchObject({ accepted: 1 });
    const aam = await realtime({
      Users: [
        {
          AAM_UUID: ecid(301),
          Segments: [{ Segment_ID: '801', Status: '1', DateTime: '2999-01-01T00:00:00Z' }],
        },
      ],
    });
    expect(aam.body).toMatchObject({ accepted: 0, rejected: 1 });
    expect(aam.body.errors[0].reason).toContain('in the future');
    const file = await postNative(
      t,
      ws,
      `/ingest/aam/outbound?filename=${encodeURIComponent('S3_55_20914_iter_9999999999999.sync')}`,
      `${ecid(302)} 802\n`,
      { type: 'application/octet-stream' },
    );
    expect(file.status).toBe(400);
    expect(file.body.error).toContain('in the future');
    expect(await nativeAudience(t, ws, 'aam:802')).toBeNull();
  });

  it('reads an epoch the same way as a number and as a string', async () => {
    const seconds = 1764300000;
    const millis = 1764300000123;
    const answer = await aep([
      aepProfile([ecid(310)], {
        'seg-e1': { status: 'realized', lastQualificationTime: seconds as never },
      }),
      aepProfile([ecid(310)], {
        'seg-e2': { status: 'realized', lastQualificationTime: String(seconds) },
      }),
      aepProfile([ecid(310)], {
        'seg-e3': { status: 'realized', lastQualificationTime: millis as never },
      }),
      aepProfile([ecid(310)], {
        'seg-e4': { status: 'realized', lastQualificationTime: String(millis) },
      }),
    ]);
    expect(answer.body).toMatchObject({ accepted: 4, rejected: 0 });
    const inSeconds = new Date(seconds * 1000).toISOString();
    expect(await qualifiedAt('seg-e1', ecid(310))).toBe(inSeconds);
    expect(await qualifiedAt('seg-e2', ecid(310))).toBe(inSeconds);
    expect(await qualifiedAt('seg-e3', ecid(310))).toBe(new Date(millis).toISOString());
    expect(await qualifiedAt('seg-e4', ecid(310))).toBe(new Date(millis).toISOString());
  });
});

describe('nesting and duplicated keys', () => {
  it('rejects a deeply nested NDJSON line alone, applying the others', async () => {
    const lines = [
      JSON.stringify(aepProfile([ecid(400)], { 'seg-deep': { status: 'realized' } })),
      `${'['.repeat(200_000)}${']'.repeat(200_000)}`,
      `{"identityMap": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
      JSON.stringify(aepProfile([ecid(401)], { 'seg-deep': { status: 'realized' } })),
    ].join('\n');
    const answer = await aep(lines, { type: 'application/x-ndjson' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: 2, rejected: 2 });
    expect(answer.body.errors.map((error) => [error.line, error.reason])).toEqual([
      [2, `nested deeper than ${MAX_JSON_DEPTH} levels`],
      [3, `nested deeper than ${MAX_JSON_DEPTH} levels`],
    ]);
    const audience = await nativeAudience(t, ws, 'seg-deep');
    const members = await postNative(
      t,
      ws,
      `/ingest/audiences/${encodeURIComponent(encodeGlobalID('Audience', audience?.id as string))}/members`,
      [
        `{"ecid": "${ecid(402)}", "x": ${'['.repeat(1000)}${']'.repeat(1000)}}`,
        `{"ecid": "${ecid(403)}"}`,
        `{"ecid": "${ecid(404)}", "ECID": "${ecid(405)}"}`,
      ].join('\n'),
      { type: 'application/x-ndjson' },
    );
    expect(members.status).toBe(200);
    expect(members.body).toMatchObject({ accepted: 1, rejected: 2 });
    expect(members.body.errors.map((error) => [error.line, error.reason])).toEqual([
      [1, `nested deeper than ${MAX_JSON_DEPTH} levels`],
      [3, 'duplicate key "ECID" (keys are compared ignoring case, spaces, "_" and "-")'],
    ]);
  });

  it('rejects an item with a duplicated key, whatever the parser', async () => {
    const good = JSON.stringify(aepProfile([ecid(410)], { 'seg-dup': { status: 'realized' } }));
    const twice = `{"identityMap": {"ECID": [{"id": "${ecid(411)}"}]}, "identityMap": {"ECID": [{"id": "${ecid(412)}"}]}, "segmentMembership": {"ups": {"seg-dup": {"status": "realized"}}}}`;
    const spelled = `{"identityMap": {"ECID": [{"id": "${ecid(413)}"}]}, "segmentMembership": {"ups": {"seg-dup": {"status": "realized", "xdm:status": "exited"}}}}`;
    for (const type of ['application/json', 'application/x-ndjson']) {
      const body =
        type === 'application/json'
          ? `[${good}, ${twice}, ${spelled}]`
          : [good, twice, spelled].join('\n');
      const answer = await aep(body, { type });
      expect(answer.status).toBe(200);
      expect(answer.body, type).toMatchObject({ rejected: 2 });
      expect(answer.body.errors.map((error) => [error.line, error.reason])).toEqual([
        [2, 'duplicate key "identityMap"'],
        [
          3,
          'seg-dup: duplicate key "xdm:status" (keys are compared ignoring case, "_", "-" and "xdm:")',
        ],
      ]);
    }
    expect((await nativeAudience(t, ws, 'seg-dup'))?.ecids).toEqual([ecid(410)]);
    const user = await realtime(
      `{"Users": [{"AAM_UUID": "${ecid(414)}", "aam_uuid": "${ecid(415)}", "Segments": [{"Segment_ID": "820", "Status": "1"}]}]}`,
    );
    expect(user.body).toMatchObject({ accepted: 0, rejected: 1 });
    expect(user.body.errors[0].reason).toContain('duplicate key "aam_uuid"');
    const users = await realtime(
      `{"Users": [], "users": [{"AAM_UUID": "${ecid(416)}", "Segments": [{"Segment_ID": "821", "Status": "1"}]}]}`,
    );
    expect(users.status).toBe(400);
    expect(users.body.error).toContain('duplicate key "users"');
    const control = await postNative(
      t,
      ws,
      `/ingest/aam/outbound?filename=${encodeURIComponent('S3_56_20914_full_1764300000000.info')}`,
      '{"Files": [], "Files": [{"FileName": "S3_56_20914_full_1764300000000.sync", "FileLineCount": 1}]}',
    );
    expect(control.status).toBe(400);
    expect(control.body.error).toContain('duplicate key "Files"');
  });

  it('counts native rows in the ingested-rows metric', async () => {
    const before = await ingested('/ingest/aep');
    await aep([
      aepProfile([ecid(420)], { 'seg-metric': { status: 'realized' } }),
      aepProfile(['1'], { 'seg-metric': { status: 'realized' } }),
    ]);
    const after = await ingested('/ingest/aep');
    expect(after.accepted - before.accepted).toBe(1);
    expect(after.rejected - before.rejected).toBe(1);
  });
});

async function ingested(endpoint: string) {
  const metric = await t.app.metrics.ingestedRows.get();
  const value = (result: string) =>
    metric.values.find(
      (sample) => sample.labels.endpoint === endpoint && sample.labels.result === result,
    )?.value ?? 0;
  return { accepted: value('accepted'), rejected: value('rejected') };
}
