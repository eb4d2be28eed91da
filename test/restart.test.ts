import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { operatorCaller } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase, type Database, ensureDatabase } from '../src/db/database.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/db/embedded.js';
import { createServices } from '../src/services/index.js';
import { freePort } from './support/processes.js';

const dir = mkdtempSync(path.join(tmpdir(), 'audience-sync-restart-'));
// The embedded server runs as the `postgres` user when the tests run as root.
chmodSync(dir, 0o755);
const dataDir = path.join(dir, 'data');
let running: { embedded: EmbeddedDatabase; database: Database } | null = null;

async function start() {
  const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  const database = await connectDatabase(await ensureDatabase(embedded.url, 'audience_sync'));
  running = { embedded, database };
  return database;
}

async function stop() {
  if (!running) return;
  await running.database.close();
  await running.embedded.stop();
  running = null;
}

afterAll(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

const ecid = (n: number) => String(n).padStart(38, '0');

describe('an embedded database restart', () => {
  it('keeps everything written before it', async () => {
    const before = await start();
    const { workspaces, audiences, leads, lists } = createServices({
      config: loadConfig({}),
      database: before,
    });
    const workspace = await workspaces.create({ name: 'Durable' });
    const caller = operatorCaller(workspace.id);
    const parent = await audiences.createFolder(caller, { name: 'Campaigns' });
    const folder = await audiences.createFolder(caller, {
      name: 'Q4',
      parentId: parent.id,
    });
    const audience = await audiences.upsert(caller, {
      folderId: folder.id,
      externalId: 'seg-durable',
      name: 'Durable buyers',
    });
    await audiences.addMembers(caller, {
      audienceId: audience.id,
      ecids: [ecid(1), ecid(2), ecid(3)],
    });
    const leadIds = await leads.upsert(caller, {
      leads: [{ email: 'kept@example.com', firstName: 'Kept' }],
    });
    const list = await lists.create(caller, { name: 'Durable list' });
    await lists.addMembers(caller, { listId: list.id, leadIds });
    await stop();

    const after = await start();
    const services = createServices({ config: loadConfig({}), database: after });
    const reopened = services.audiences;
    const [root] = await reopened.childFolders(caller, null);
    expect(root).toMatchObject({ name: 'Campaigns', path: 'Campaigns' });
    expect((await reopened.childFolders(caller, root.id)).map((f) => f.path)).toEqual([
      'Campaigns/Q4',
    ]);
    const [stored] = await reopened.find(caller, { folderId: folder.id, limit: 10, afterId: null });
    expect(stored).toMatchObject({ id: audience.id, externalId: 'seg-durable' });
    expect(await reopened.memberCounts(caller, [audience.id])).toEqual([3]);
    const [lead] = await services.leads.find(caller, {
      email: 'kept@example.com',
      limit: 10,
      afterId: null,
    });
    expect(lead).toMatchObject({ id: leadIds[0], firstName: 'Kept' });
    const [storedList] = await services.lists.find(caller, {
      search: 'durable',
      limit: 10,
      afterId: null,
    });
    const [members] = await services.lists.members(caller, [storedList.id], {
      limit: 10,
      afterId: null,
    });
    expect(members).toEqual([{ list_id: list.id, lead_id: leadIds[0], source: 'MANUAL' }]);
  });
});
