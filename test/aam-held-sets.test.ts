import { afterAll, describe, expect, it } from 'vitest';
import { type AppHandle, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { retentionTask } from '../src/history/retention.js';
import { MAX_HELD_SETS } from '../src/ingest/aam-full-sets.js';
import { startTestApp, type TestApp } from './support/harness.js';
import { nativeAudience, postNative } from './support/native-inputs.js';
import { Seed } from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const app of open.reverse()) await app.close();
});

const HELD = /* GraphQL */ `
  query Held {
    workspace {
      experienceCloud {
        heldAudienceManagerSets {
          name destinationId timestamp receivedAt expiresAt controlFileReceived expectedParts
          parts { fileName lineCount receivedAt }
        }
      }
    }
  }
`;

interface HeldSets {
  workspace: {
    experienceCloud: {
      heldAudienceManagerSets: {
        name: string;
        destinationId: string;
        timestamp: string;
        receivedAt: string;
        expiresAt: string;
        controlFileReceived: boolean;
        expectedParts: number | null;
        parts: { fileName: string; lineCount: number }[];
      }[];
    };
  };
}

const outboundPath = (filename: string) =>
  `/ingest/aam/outbound?filename=${encodeURIComponent(filename)}`;

describe('Audience Manager full sets held in the database', () => {
  it('are listed on the integration and survive a restart of the service', async () => {
    const t = await startTestApp();
    const ws = await t.workspace();
    await new Seed(t.database.pool, ws.id).integration();
    const set = 'S3_4242_20914_full_1764300000000';
    const part = await postNative(t, ws, outboundPath(`${set}.sync`), `${ecid(1)} 11,12\n`);
    expect(part.body).toMatchObject({ pending: true });
    const listed = await t.gql<HeldSets, Record<string, never>>(HELD);
    const held = listed.data.workspace.experienceCloud.heldAudienceManagerSets;
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({
      name: set,
      destinationId: '4242',
      timestamp: new Date(1764300000000).toISOString(),
      controlFileReceived: false,
      expectedParts: null,
      parts: [{ fileName: `${set}.sync`, lineCount: 1 }],
    });
    expect(Date.parse(held[0].expiresAt) - Date.parse(held[0].receivedAt)).toBe(86_400_000);
    // The service stops; another one on the same database completes the set.
    await t.close();
    const restarted: AppHandle = await createApp(
      { ...loadConfig({}), databaseUrl: t.databaseUrl, port: 0, logLevel: 'silent' },
      { worker: false },
    );
    open.push({ close: () => restarted.stop() });
    const after = { ...t, url: restarted.url as string } as TestApp;
    const control = JSON.stringify({
      Files: [
        { FileName: `${set}.sync`, FileLineCount: 1 },
        { FileName: `${set}001.sync`, FileLineCount: 1 },
      ],
    });
    expect((await postNative(after, ws, outboundPath(`${set}.info`), control)).body).toMatchObject({
      pending: true,
    });
    const applied = await postNative(after, ws, outboundPath(`${set}001.sync`), `${ecid(2)} 11\n`);
    expect(applied.body).toMatchObject({ pending: false, accepted: 3, audiencesCreated: 2 });
    const audience = await restarted.database.pool.query<{ ecid: string }>(
      `SELECT m.ecid FROM audience_member m JOIN audience a ON a.id = m.audience_id
        WHERE a.workspace_id = $1 AND a.external_id = 'aam:11' ORDER BY m.ecid`,
      [ws.id],
    );
    expect(audience.rows.map((row) => row.ecid)).toEqual([ecid(1), ecid(2)]);
  });

  it('expire after AAM_FULL_SET_EXPIRY_MS (24 h by default)', async () => {
    expect(loadConfig({}).aamFullSetExpiryMs).toBe(86_400_000);
    expect(loadConfig({ AAM_FULL_SET_EXPIRY_MS: '5000' }).aamFullSetExpiryMs).toBe(5000);
    const t = await startTestApp({ config: { aamFullSetExpiryMs: 1000 } });
    open.push(t);
    const ws = await t.workspace();
    await new Seed(t.database.pool, ws.id).integration();
    const set = 'S3_4343_20914_full_1764400000000';
    await postNative(t, ws, outboundPath(`${set}.sync`), `${ecid(3)} 21\n`);
    await waitFor(async () => {
      const listed = await t.gql<HeldSets, Record<string, never>>(HELD);
      return listed.data.workspace.experienceCloud.heldAudienceManagerSets.length === 0
        ? true
        : undefined;
    });
    // Its control file now finds no part: the expired one was dropped, nothing applies.
    const control = JSON.stringify({ Files: [{ FileName: `${set}.sync`, FileLineCount: 1 }] });
    expect((await postNative(t, ws, outboundPath(`${set}.info`), control)).body).toMatchObject({
      pending: true,
    });
    expect(await nativeAudience(t, ws, 'aam:21')).toBeNull();
  });

  it('are forgotten by the hourly retention task once expired, without another upload', async () => {
    const t = await startTestApp({ config: { aamFullSetExpiryMs: 1000 } });
    open.push(t);
    const ws = await t.workspace();
    const set = 'S3_4444_20914_full_1764500000000';
    await postNative(t, ws, outboundPath(`${set}.sync`), `${ecid(4)} 31\n`);
    const held = async () => {
      const { rows } = await t.database.pool.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM aam_full_row WHERE workspace_id = $1)
              + (SELECT count(*) FROM aam_full_part WHERE workspace_id = $1)::int AS n`,
        [ws.id],
      );
      return Number(rows[0].n);
    };
    expect(await held()).toBe(2);
    const task = retentionTask(t.app);
    await waitFor(async () => {
      await task({}, {} as never);
      return (await held()) === 0 ? true : undefined;
    });
  });

  it('are bounded per workspace: bytes held (AAM_FULL_SET_MAX_BYTES) and sets held at once', async () => {
    expect(loadConfig({}).aamFullSetMaxBytes).toBe(1024 * 1024 * 1024);
    expect(loadConfig({ AAM_FULL_SET_MAX_BYTES: '5000' }).aamFullSetMaxBytes).toBe(5000);
    const t = await startTestApp({ config: { aamFullSetMaxBytes: 100 } });
    open.push(t);
    const ws = await t.workspace();
    const first = await postNative(
      t,
      ws,
      outboundPath('S3_4545_20914_full_1764500000000.sync'),
      `${ecid(5)} 41\n`,
    );
    expect(first.body).toMatchObject({ pending: true });
    // The same file sent again replaces the held copy: it does not count twice.
    const again = await postNative(
      t,
      ws,
      outboundPath('S3_4545_20914_full_1764500000000.sync'),
      `${ecid(5)} 41\n`,
    );
    expect(again.body).toMatchObject({ pending: true });
    const over = await postNative(
      t,
      ws,
      outboundPath('S3_4545_20914_full_1764500000000001.sync'),
      `${ecid(6)} 41\n${ecid(7)} 41\n`,
    );
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('HELD_SETS_FULL');
    expect(over.body.error).toContain('AAM_FULL_SET_MAX_BYTES');
    const many = await startTestApp();
    open.push(many);
    const other = await many.workspace();
    for (let i = 0; i < MAX_HELD_SETS; i++) {
      const part = await postNative(
        many,
        other,
        outboundPath(`S3_4646_20914_full_${1764500000000 + i}.sync`),
        `${ecid(8)} 51\n`,
      );
      expect(part.body).toMatchObject({ pending: true });
    }
    const refused = await postNative(
      many,
      other,
      outboundPath(`S3_4646_20914_full_${1764500000000 + MAX_HELD_SETS}.info`),
      JSON.stringify({
        Files: [
          {
            FileName: `S3_4646_20914_full_${1764500000000 + MAX_HELD_SETS}.sync`,
            FileLineCount: 1,
          },
        ],
      }),
    );
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('HELD_SETS_FULL');
  });

  it('are never answered stale from the response cache: holding a part or a control file is a change', async () => {
    const t = await startTestApp({
      config: {
        responseCacheMaxEntries: 1000,
        responseCacheTtlMs: 600_000,
        tokenCacheTtlMs: 600_000,
      },
    });
    open.push(t);
    const ws = await t.workspace();
    await new Seed(t.database.pool, ws.id).integration();
    const heldNames = async () =>
      (
        await t.gql<HeldSets, Record<string, never>>(HELD)
      ).data.workspace.experienceCloud.heldAudienceManagerSets.map((set) => [
        set.name,
        set.parts.length,
        set.controlFileReceived,
      ]);
    expect(await heldNames()).toEqual([]);
    expect(await heldNames()).toEqual([]);
    const set = 'S3_4747_20914_full_1764600000000';
    await postNative(t, ws, outboundPath(`${set}.sync`), `${ecid(9)} 61\n`);
    await waitFor(
      async () =>
        JSON.stringify(await heldNames()) === JSON.stringify([[set, 1, false]]) ? true : undefined,
      10_000,
      'the held part to be listed',
    );
    const control = JSON.stringify({
      Files: [
        { FileName: `${set}.sync`, FileLineCount: 1 },
        { FileName: `${set}001.sync`, FileLineCount: 1 },
      ],
    });
    await postNative(t, ws, outboundPath(`${set}.info`), control);
    await waitFor(
      async () =>
        JSON.stringify(await heldNames()) === JSON.stringify([[set, 1, true]]) ? true : undefined,
      10_000,
      'the control file to be listed',
    );
  });
});
