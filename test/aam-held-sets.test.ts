import { afterAll, describe, expect, it } from 'vitest';
import { type AppHandle, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
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
});
