import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migration20261205010000 } from '../src/db/migrations/Migration20261205010000.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { aepProfile, nativeAudience, postNative } from './support/native-inputs.js';
import { ecid } from './support/util.js';

/**
 * Memberships stored with a qualification time from the future (which earlier versions
 * accepted) froze: every later real statement was a stale duplicate. The migration brings
 * those times back to now, so Adobe's next statement applies again.
 */
let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
});
afterAll(async () => t?.close());

const aep = (body: unknown) => postNative(t, ws, '/ingest/aep', JSON.stringify(body));

async function runMigration() {
  // The migration's statements as the migrator runs them, on a database already migrated.
  const migration = new Migration20261205010000(null as never, null as never);
  await migration.up();
  for (const sql of migration.getQueries()) await t.database.pool.query(sql as string);
}

describe('the migration of stored future qualification times', () => {
  it('unfreezes memberships and exits stored with a time from the future', async () => {
    const added = await aep([
      aepProfile([ecid(1), ecid(2)], { 'seg-frozen': { status: 'realized' } }),
    ]);
    expect(added.body).toMatchObject({ accepted: 2 });
    const gone = await aep([aepProfile([ecid(3)], { 'seg-frozen': { status: 'exited' } })]);
    expect(gone.body.rejected).toBe(0);
    // What an earlier version stored from `lastQualificationTime: 9999-...`.
    await t.database.pool.query(
      `UPDATE audience_member SET qualified_at = '9999-12-31T00:00:00Z' WHERE workspace_id = $1 AND ecid = $2`,
      [ws.id, ecid(1)],
    );
    await t.database.pool.query(
      `UPDATE audience_exit SET qualified_at = '9999-12-31T00:00:00Z' WHERE workspace_id = $1`,
      [ws.id],
    );
    const frozen = await aep([
      aepProfile([ecid(1)], { 'seg-frozen': { status: 'exited' } }),
      aepProfile([ecid(3)], { 'seg-frozen': { status: 'realized' } }),
    ]);
    expect(frozen.body).toMatchObject({ accepted: 0, duplicates: 2 });

    await runMigration();

    const applied = await aep([
      aepProfile([ecid(1)], { 'seg-frozen': { status: 'exited' } }),
      aepProfile([ecid(3)], { 'seg-frozen': { status: 'realized' } }),
    ]);
    expect(applied.body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await nativeAudience(t, ws, 'seg-frozen'))?.ecids).toEqual([ecid(2), ecid(3)]);
  });

  it('leaves times within the allowed skew as they are', async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    await aep([
      aepProfile([ecid(9)], { 'seg-soon': { status: 'realized', lastQualificationTime: soon } }),
    ]);
    await runMigration();
    const { rows } = await t.database.pool.query<{ qualified_at: Date }>(
      `SELECT qualified_at FROM audience_member WHERE workspace_id = $1 AND ecid = $2`,
      [ws.id, ecid(9)],
    );
    expect(rows[0]?.qualified_at.toISOString()).toBe(soon);
  });
});
