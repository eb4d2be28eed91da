import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { aepProfile, nativeAudience, postNative } from './support/native-inputs.js';
import { ecid } from './support/util.js';

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
});
afterAll(() => t?.close());

const aep = (body: unknown, options: Parameters<typeof postNative>[4] = {}) =>
  postNative(
    t,
    ws,
    '/ingest/aep',
    typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    options,
  );

describe('POST /ingest/aep', () => {
  it('creates the audience in the Experience Platform folder, named, with its members', async () => {
    const result = await aep([
      aepProfile([ecid(1)], {
        'seg-a': {
          status: 'realized',
          lastQualificationTime: '2026-11-01T10:00:00Z',
          name: 'Buyers',
        },
      }),
      aepProfile([ecid(2), ecid(3)], { 'seg-a': { status: 'existing' } }),
    ]);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      accepted: 3,
      duplicates: 0,
      rejected: 0,
      audiencesCreated: 1,
    });
    const audience = await nativeAudience(t, ws, 'seg-a');
    expect(audience).toMatchObject({
      name: 'Buyers',
      source: 'EXPERIENCE_PLATFORM',
      path: 'Experience Platform',
      ecids: [ecid(1), ecid(2), ecid(3)],
    });
    // The same folder is reused; a later name renames the audience.
    const renamed = await aep(
      aepProfile([ecid(4)], {
        'seg-a': { status: 'realized', name: 'Q4 buyers' },
        'seg-b': { status: 'realized' },
      }),
    );
    expect(renamed.body).toMatchObject({ accepted: 2, audiencesCreated: 1 });
    expect((await nativeAudience(t, ws, 'seg-a'))?.name).toBe('Q4 buyers');
    expect(await nativeAudience(t, ws, 'seg-b')).toMatchObject({
      name: 'seg-b',
      path: 'Experience Platform',
    });
    const folders = await t.database.pool.query(
      `SELECT 1 FROM audience_folder WHERE workspace_id = $1 AND lower(name) = 'experience platform'`,
      [ws.id],
    );
    expect(folders.rowCount).toBe(1);
  });

  it('reads the xdm: spelling, any ECID namespace case, and prefixes namespaces other than ups', async () => {
    const result = await aep({
      'xdm:identityMap': { ecid: [{ 'xdm:id': ecid(10) }], Email: [{ id: 'a@example.com' }] },
      'xdm:segmentMembership': {
        UPS: {
          'seg-x': {
            'xdm:status': 'realized',
            'xdm:lastQualificationTime': '2026-11-02T00:00:00Z',
          },
        },
        aam: { '777': { 'xdm:status': 'realized' } },
      },
    });
    expect(result.body).toMatchObject({ accepted: 2, rejected: 0, audiencesCreated: 2 });
    expect((await nativeAudience(t, ws, 'seg-x'))?.ecids).toEqual([ecid(10)]);
    expect((await nativeAudience(t, ws, 'aam:777'))?.ecids).toEqual([ecid(10)]);
  });

  it('exited removes; an older realized after a newer exited changes nothing', async () => {
    const realized = aepProfile([ecid(20)], {
      'seg-order': { status: 'realized', lastQualificationTime: '2026-11-03T10:00:00Z' },
    });
    expect((await aep([realized])).body.accepted).toBe(1);
    const exited = aepProfile([ecid(20)], {
      'seg-order': { status: 'exited', lastQualificationTime: '2026-11-03T12:00:00Z' },
    });
    expect((await aep([exited])).body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await nativeAudience(t, ws, 'seg-order'))?.ecids).toEqual([]);
    // Adobe retries the older statement, then the exit again: both change nothing.
    expect((await aep([realized])).body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await aep([exited])).body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await nativeAudience(t, ws, 'seg-order'))?.ecids).toEqual([]);
    // A newer qualification brings it back.
    const again = aepProfile([ecid(20)], {
      'seg-order': { status: 'realized', lastQualificationTime: '2026-11-04T00:00:00Z' },
    });
    expect((await aep([again])).body.accepted).toBe(1);
    expect((await nativeAudience(t, ws, 'seg-order'))?.ecids).toEqual([ecid(20)]);
  });

  it('within one request the later statement wins', async () => {
    const result = await aep([
      aepProfile([ecid(30)], { 'seg-later': { status: 'realized' } }),
      aepProfile([ecid(30)], { 'seg-later': { status: 'exited' } }),
    ]);
    expect(result.body).toMatchObject({ accepted: 0, duplicates: 2 });
    expect((await nativeAudience(t, ws, 'seg-later'))?.ecids).toEqual([]);
  });

  it('rejects a bad ECID, a profile without ECID and an unknown status, applying the rest', async () => {
    const result = await aep([
      aepProfile(['123'], { 'seg-bad': { status: 'realized' } }),
      {
        identityMap: { Email: [{ id: 'x@example.com' }] },
        segmentMembership: { ups: { 'seg-bad': { status: 'realized' } } },
      },
      aepProfile([ecid(40)], {
        'seg-bad': { status: 'qualified' },
        'seg-good': { status: 'realized' },
      }),
      'not a profile',
    ]);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ accepted: 1, rejected: 4 });
    expect(result.body.errors.map((error) => error.line)).toEqual([1, 2, 3, 4]);
    expect(result.body.errors[0].reason).toContain('38 digits');
    expect(result.body.errors[1].reason).toContain('no ECID');
    expect(result.body.errors[2].reason).toContain('unknown status');
    expect((await nativeAudience(t, ws, 'seg-good'))?.ecids).toEqual([ecid(40)]);
    expect((await nativeAudience(t, ws, 'seg-bad'))?.ecids ?? []).toEqual([]);
  });

  it('takes an empty array, one object, NDJSON and gzip', async () => {
    expect((await aep([])).body).toMatchObject({ accepted: 0, duplicates: 0, rejected: 0 });
    const one = await aep(aepProfile([ecid(50)], { 'seg-forms': { status: 'realized' } }));
    expect(one.body.accepted).toBe(1);
    const ndjson = [
      JSON.stringify(aepProfile([ecid(51)], { 'seg-forms': { status: 'realized' } })),
      '{broken',
      JSON.stringify(aepProfile([ecid(52)], { 'seg-forms': { status: 'realized' } })),
    ].join('\n');
    const lines = await aep(ndjson, { type: 'application/x-ndjson' });
    expect(lines.body).toMatchObject({ accepted: 2, rejected: 1 });
    expect(lines.body.errors[0]).toMatchObject({ line: 2, reason: 'invalid JSON' });
    const gz = gzipSync(
      JSON.stringify([aepProfile([ecid(53)], { 'seg-forms': { status: 'realized' } })]),
    );
    const zipped = await aep(gz, { headers: { 'content-encoding': 'gzip' } });
    expect(zipped.body, JSON.stringify(zipped.body)).toMatchObject({ accepted: 1 });
    expect((await nativeAudience(t, ws, 'seg-forms'))?.ecids).toEqual([
      ecid(50),
      ecid(51),
      ecid(52),
      ecid(53),
    ]);
  });

  it('refuses truncated gzip and broken JSON with nothing stored', async () => {
    const gz = gzipSync(
      JSON.stringify([aepProfile([ecid(60)], { 'seg-cut': { status: 'realized' } })]),
    );
    const cut = await aep(gz.subarray(0, gz.length - 10), {
      headers: { 'content-encoding': 'gzip' },
    });
    expect(cut.status).toBe(400);
    const broken = await aep(
      `[${JSON.stringify(aepProfile([ecid(61)], { 'seg-cut': { status: 'realized' } }))}, {`,
    );
    expect(broken.status).toBe(400);
    expect(await nativeAudience(t, ws, 'seg-cut')).toBeNull();
  });

  it('answers 401 without a token and 403 with a read-only token', async () => {
    const body = [aepProfile([ecid(70)], { 'seg-auth': { status: 'realized' } })];
    expect((await aep(body, { token: null })).status).toBe(401);
    const readOnly = await ws.tokenWith(['read']);
    expect((await aep(body, { token: readOnly })).status).toBe(403);
    expect(await nativeAudience(t, ws, 'seg-auth')).toBeNull();
  });
});

describe('the API beside the native inputs', () => {
  it('stamps the time of arrival: an API removal outranks an older Adobe statement', async () => {
    const first = await aep([
      aepProfile([ecid(80)], {
        'seg-api': { status: 'realized', lastQualificationTime: '2026-01-01T00:00:00Z' },
      }),
    ]);
    expect(first.body.accepted).toBe(1);
    const audience = await nativeAudience(t, ws, 'seg-api');
    const { encodeGlobalID } = await import('@pothos/plugin-relay');
    const removed = await t.gql(
      /* GraphQL */ `mutation Remove($input: RemoveAudienceMembersInput!) {
        removeAudienceMembers(input: $input) { __typename ... on RemoveAudienceMembersSuccess { count } } }`,
      {
        input: {
          audienceId: encodeGlobalID('Audience', audience?.id as string),
          ecids: [ecid(80)],
        },
      },
    );
    expect(removed.data).toMatchObject({ removeAudienceMembers: { count: 1 } });
    // Adobe retries its (older) statement: the removal stands.
    const retried = await aep([
      aepProfile([ecid(80)], {
        'seg-api': { status: 'realized', lastQualificationTime: '2026-01-01T00:00:00Z' },
      }),
    ]);
    expect(retried.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await nativeAudience(t, ws, 'seg-api'))?.ecids).toEqual([]);
    // An upload adds it back at the time of arrival; an older exit then changes nothing.
    const upload = await postNative(
      t,
      ws,
      `/ingest/audiences/${encodeURIComponent(encodeGlobalID('Audience', audience?.id as string))}/members`,
      `${ecid(80)}\n`,
      { type: 'text/plain' },
    );
    expect(upload.body).toMatchObject({ accepted: 1 });
    const exit = await aep([
      aepProfile([ecid(80)], {
        'seg-api': { status: 'exited', lastQualificationTime: '2026-06-01T00:00:00Z' },
      }),
    ]);
    expect(exit.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await nativeAudience(t, ws, 'seg-api'))?.ecids).toEqual([ecid(80)]);
  });
});
