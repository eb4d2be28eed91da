import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { nativeAudience, postNative } from './support/native-inputs.js';
import { ecid } from './support/util.js';

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
});
afterAll(() => t?.close());

const realtime = (body: unknown, options: Parameters<typeof postNative>[4] = {}) =>
  postNative(t, ws, '/ingest/aam/realtime', JSON.stringify(body), options);

const outbound = (
  filename: string,
  body: string | Buffer,
  options: Parameters<typeof postNative>[4] = {},
) =>
  postNative(t, ws, `/ingest/aam/outbound?filename=${encodeURIComponent(filename)}`, body, {
    type: 'application/octet-stream',
    ...options,
  });

const md5 = (text: string | Buffer) => createHash('md5').update(text).digest('hex');

describe('POST /ingest/aam/realtime', () => {
  it('adds Status 1 and removes Status 0, numbers as strings, any key case', async () => {
    const first = await realtime({
      ProcessTime: 'Wed Nov 25 16:17:42 UTC 2026',
      User_DPID: '12345',
      Client_ID: '321',
      AAM_Destination_Id: '22',
      User_count: '2',
      Users: [
        {
          AAM_UUID: ecid(100),
          DataPartner_UUID: 'dp-1',
          AAM_Regions: ['9'],
          Segments: [
            { Segment_ID: '14356', Status: '1', DateTime: '2026-11-25T16:17:42' },
            { Segment_ID: 14357, Status: 1, DateTime: '2026-11-25T16:17:42' },
          ],
        },
        {
          aam_uuid: ecid(101),
          segments: [{ segment_id: '14356', status: '1', datetime: '2026-11-25T16:17:42' }],
        },
      ],
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 3, rejected: 0, audiencesCreated: 2 });
    expect(await nativeAudience(t, ws, 'aam:14356')).toMatchObject({
      name: 'aam:14356',
      source: 'AUDIENCE_MANAGER',
      path: 'Audience Manager',
      ecids: [ecid(100), ecid(101)],
    });
    const exit = await realtime({
      AAM_Destination_ID: 22,
      Users: [
        {
          AAM_UUID: ecid(100),
          Segments: [{ Segment_ID: '14356', Status: '0', DateTime: '2026-11-26T00:00:00Z' }],
        },
      ],
    });
    expect(exit.body).toMatchObject({ accepted: 1 });
    expect((await nativeAudience(t, ws, 'aam:14356'))?.ecids).toEqual([ecid(101)]);
    // Adobe retries the older Status 1: nothing changes.
    const retried = await realtime({
      AAM_Destination_ID: '22',
      Users: [
        {
          AAM_UUID: ecid(100),
          Segments: [{ Segment_ID: '14356', Status: '1', DateTime: '2026-11-25T16:17:42' }],
        },
      ],
    });
    expect(retried.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await nativeAudience(t, ws, 'aam:14356'))?.ecids).toEqual([ecid(101)]);
  });

  it('rejects a user without a valid ECID and an unknown Status; an empty Users changes nothing', async () => {
    const result = await realtime({
      AAM_Destination_ID: '22',
      Users: [
        { AAM_UUID: '1234', Segments: [{ Segment_ID: '1', Status: '1' }] },
        { DataPartner_UUID: 'x', Segments: [{ Segment_ID: '1', Status: '1' }] },
        {
          AAM_UUID: ecid(110),
          Segments: [
            { Segment_ID: '1', Status: '2' },
            { Segment_ID: '2', Status: '1' },
          ],
        },
      ],
    });
    expect(result.body).toMatchObject({ accepted: 1, rejected: 3 });
    expect(result.body.errors.map((error) => error.line)).toEqual([1, 2, 3]);
    expect(result.body.errors[2].reason).toContain('unknown Status');
    expect((await realtime({ AAM_Destination_ID: '22', Users: [] })).body).toMatchObject({
      accepted: 0,
      duplicates: 0,
      rejected: 0,
    });
    expect((await realtime({ Users: 'none' })).status).toBe(400);
  });

  it('answers 401 without a token and 403 with a read-only token', async () => {
    const body = { Users: [{ AAM_UUID: ecid(120), Segments: [{ Segment_ID: '9', Status: '1' }] }] };
    expect((await realtime(body, { token: null })).status).toBe(401);
    expect((await realtime(body, { token: await ws.tokenWith(['read']) })).status).toBe(403);
    expect(await nativeAudience(t, ws, 'aam:9')).toBeNull();
  });
});

describe('POST /ingest/aam/outbound', () => {
  it('applies an iter file on arrival, fields split by runs of spaces and tabs', async () => {
    const file = [
      `${ecid(200)}   501,502`,
      `${ecid(201)}\t\t501 \t 503`,
      '123 501',
      '',
      `${ecid(202)} 502`,
    ].join('\n');
    const result = await outbound('S3_1234_20914_XYZCustomer_iter_1764000000000.sync', file);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ accepted: 4, rejected: 1, audiencesCreated: 3 });
    expect(result.body.errors[0]).toMatchObject({ line: 3 });
    expect((await nativeAudience(t, ws, 'aam:501'))?.ecids).toEqual([ecid(200), ecid(201)]);
    expect((await nativeAudience(t, ws, 'aam:502'))?.ecids).toEqual([ecid(200), ecid(202)]);
    // A later iter file (gzip, by its name) removes; an older one changes nothing.
    const later = gzipSync(`${ecid(200)} 503 501\n`);
    const removed = await outbound('S3_1234_20914_XYZCustomer_iter_1764000100000.sync.gz', later);
    expect(removed.body).toMatchObject({ accepted: 2 });
    const older = await outbound('S3_1234_20914_iter_1763000000000.sync', `${ecid(200)} 501\n`);
    expect(older.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await nativeAudience(t, ws, 'aam:501'))?.ecids).toEqual([ecid(201)]);
  });

  it('refuses a file name that is not Audience Manager’s (400) and truncated gzip', async () => {
    expect((await outbound('members.csv', `${ecid(1)} 1\n`)).status).toBe(400);
    expect((await outbound('S3_1234_20914_iter_176400000000.sync', `${ecid(1)} 1\n`)).status).toBe(
      400,
    );
    const gz = gzipSync(`${ecid(210)} 601\n`);
    const cut = await outbound(
      'S3_1234_20914_iter_1764000000000.sync.gz',
      gz.subarray(0, gz.length - 8),
    );
    expect(cut.status).toBe(400);
    expect(await nativeAudience(t, ws, 'aam:601')).toBeNull();
  });

  it('holds a full set until its control file matches, refuses a mismatch, then empties missing audiences', async () => {
    const did = '7777';
    // The destination delivered audiences 701 and 702 before.
    await outbound(
      `S3_${did}_20914_iter_1764000000000.sync`,
      `${ecid(300)} 701,702\n${ecid(301)} 702\n`,
    );
    const set = `S3_${did}_20914_full_1764100000000`;
    const part1 = `${ecid(302)} 701\n${ecid(300)} 701\n`;
    const part2 = `${ecid(303)} 703\n`;
    const first = await outbound(`${set}.sync`, part1);
    expect(first.body).toMatchObject({ pending: true, accepted: 0 });
    const second = await outbound(`${set}001.sync.gz`, gzipSync(part2));
    expect(second.body).toMatchObject({ pending: true });
    expect((await nativeAudience(t, ws, 'aam:701'))?.ecids).toEqual([ecid(300)]);
    expect(await nativeAudience(t, ws, 'aam:703')).toBeNull();
    const control = (lines: number, hash?: string) =>
      JSON.stringify({
        Files: [
          {
            FileName: `${set}.sync`,
            FileLineCount: 2,
            FileByteSize: part1.length,
            FileSequenceNumber: 1,
            md5: md5(part1),
          },
          {
            FileName: `${set}001.sync.gz`,
            FileLineCount: lines,
            FileSequenceNumber: 2,
            ...(hash ? { md5: hash } : {}),
          },
        ],
        Totals: { TotalFileCount: 2 },
      });
    const wrongLines = await outbound(`${set}.info`, control(5));
    expect(wrongLines.status).toBe(409);
    const wrongMd5 = await outbound(`${set}.info`, control(1, md5('something else')));
    expect(wrongMd5.status).toBe(409);
    expect((await nativeAudience(t, ws, 'aam:701'))?.ecids).toEqual([ecid(300)]);
    expect((await nativeAudience(t, ws, 'aam:702'))?.ecids).toEqual([ecid(300), ecid(301)]);
    const applied = await outbound(`${set}.info`, control(1, md5(part2)));
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ pending: false, audiencesCreated: 1 });
    expect((await nativeAudience(t, ws, 'aam:701'))?.ecids).toEqual([ecid(300), ecid(302)]);
    expect((await nativeAudience(t, ws, 'aam:702'))?.ecids).toEqual([]);
    expect((await nativeAudience(t, ws, 'aam:703'))?.ecids).toEqual([ecid(303)]);
    // Nothing of the set is held any more.
    const held = await t.database.pool.query(
      'SELECT 1 FROM aam_full_part WHERE workspace_id = $1',
      [ws.id],
    );
    expect(held.rowCount).toBe(0);
  });

  it('applies when the last part arrives after the control file', async () => {
    const set = 'FTP_8888_20914_full_1764200000000';
    const control = JSON.stringify({
      Files: [
        { FileName: `${set}.sync`, FileLineCount: 1 },
        { FileName: `${set}001.sync`, FileLineCount: 1 },
      ],
    });
    expect((await outbound(`${set}.info`, control)).body).toMatchObject({ pending: true });
    expect((await outbound(`${set}.sync`, `${ecid(400)} 801\n`)).body).toMatchObject({
      pending: true,
    });
    // A part whose line count is not the control file's is refused and not held.
    expect((await outbound(`${set}001.sync`, `${ecid(401)} 801\n${ecid(402)} 801\n`)).status).toBe(
      409,
    );
    const last = await outbound(`${set}001.sync`, `${ecid(401)} 801\n`);
    expect(last.body).toMatchObject({ pending: false, accepted: 2 });
    expect((await nativeAudience(t, ws, 'aam:801'))?.ecids).toEqual([ecid(400), ecid(401)]);
  });

  it('answers 401 without a token and 403 with a read-only token', async () => {
    const name = 'S3_1234_20914_iter_1764000000000.sync';
    expect((await outbound(name, `${ecid(500)} 901\n`, { token: null })).status).toBe(401);
    const readOnly = await ws.tokenWith(['read']);
    expect((await outbound(name, `${ecid(500)} 901\n`, { token: readOnly })).status).toBe(403);
    expect(await nativeAudience(t, ws, 'aam:901')).toBeNull();
  });
});
