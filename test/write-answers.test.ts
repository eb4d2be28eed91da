import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, operatorCaller, SCOPES } from '../src/auth/tokens.js';
import { startTestApp, type TestApp } from './support/harness.js';

// What each write verb answers is what is stored: a read of the same row right after answers
// the same fields (ids, defaults the database fills in, timestamps to the millisecond).

let t: TestApp;
let caller: Caller;

function pick<T extends object, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, row[key]])) as Pick<T, K>;
}

beforeAll(async () => {
  t = await startTestApp();
  const workspace = await t.app.services.workspaces.create({ name: 'Writes' });
  caller = operatorCaller(workspace.id);
});
afterAll(() => t?.close());

describe('audience library writes', () => {
  const FOLDER = ['id', 'parentId', 'name', 'path', 'createdAt'] as const;
  const AUDIENCE = [
    'id',
    'folderId',
    'externalId',
    'name',
    'description',
    'createdAt',
    'updatedAt',
    'source',
  ] as const;

  it('createFolder answers the stored folder, at the root and under a parent', async () => {
    const { audiences } = t.app.services;
    const root = await audiences.createFolder(caller, { name: 'Root' });
    const child = await audiences.createFolder(caller, { name: 'Child', parentId: root.id });
    expect(pick(child, FOLDER)).toMatchObject({ parentId: root.id, path: 'Root/Child' });
    expect(root.parentId).toBeNull();
    const [storedRoot, storedChild] = await audiences.foldersByIds(caller, [root.id, child.id]);
    expect(pick(root, FOLDER)).toEqual(storedRoot);
    expect(pick(child, FOLDER)).toEqual(storedChild);
    await expect(
      audiences.createFolder(caller, { name: 'child', parentId: root.id }),
    ).rejects.toMatchObject({ code: 'NAME_TAKEN', message: 'Folder "child" already exists' });
    await expect(
      audiences.createFolder(caller, { name: 'Orphan', parentId: '999999999' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Parent folder not found' });
  });

  it('upsert answers the stored audience: source API on insert, a kept source and createdAt on update', async () => {
    const { audiences } = t.app.services;
    const folder = await audiences.createFolder(caller, { name: 'Upserted' });
    const moved = await audiences.createFolder(caller, { name: 'Moved here' });
    const created = await audiences.upsert(caller, {
      folderId: folder.id,
      externalId: 'pinned-1',
      name: 'Pinned',
    });
    expect(pick(created, AUDIENCE)).toMatchObject({
      folderId: folder.id,
      externalId: 'pinned-1',
      name: 'Pinned',
      description: null,
      source: 'API',
    });
    const [stored] = await audiences.byIds(caller, [created.id]);
    expect(pick(created, AUDIENCE)).toEqual(pick(stored!, AUDIENCE));

    // An audience an Adobe input created keeps its source when the API upserts it.
    await t.database.pool.query(
      `update audience set source = 'EXPERIENCE_PLATFORM' where id = $1`,
      [created.id],
    );
    const described = await audiences.upsert(caller, {
      folderId: moved.id,
      externalId: 'pinned-1',
      name: 'Pinned again',
      description: ' Kept ',
    });
    const updated = await audiences.upsert(caller, {
      folderId: moved.id,
      externalId: 'pinned-1',
      name: 'Pinned twice',
    });
    for (const answer of [described, updated]) {
      expect(pick(answer, AUDIENCE)).toMatchObject({
        id: created.id,
        folderId: moved.id,
        description: 'Kept',
        source: 'EXPERIENCE_PLATFORM',
        createdAt: created.createdAt,
      });
    }
    const [again] = await audiences.byIds(caller, [created.id]);
    expect(pick(updated, AUDIENCE)).toEqual(pick(again!, AUDIENCE));
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());

    const cleared = await audiences.upsert(caller, {
      folderId: moved.id,
      externalId: 'pinned-1',
      name: 'Pinned twice',
      description: '',
    });
    expect(cleared.description).toBeNull();
    await expect(
      audiences.upsert(caller, { folderId: '999999999', externalId: 'pinned-2', name: 'X' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Folder not found' });
  });
});

describe('publishable key writes', () => {
  const KEY = ['id', 'key', 'allowedOrigins', 'createdAt', 'revokedAt'] as const;

  it('create and revoke answer the stored key; revoking twice keeps the first time', async () => {
    const keys = t.app.services.publishableKeys;
    const created = await keys.create(caller, {
      allowedOrigins: ['https://shop.example', ' https://shop.example '],
    });
    expect(pick(created, KEY)).toMatchObject({
      allowedOrigins: ['https://shop.example'],
      revokedAt: null,
    });
    expect(created.key).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    const [stored] = await keys.byIds(caller, [created.id]);
    expect(pick(created, KEY)).toEqual(pick(stored!, KEY));
    expect(await keys.count(caller)).toBe(1);
    expect((await keys.find(caller, { limit: 10, afterId: null })).map((key) => key.id)).toEqual([
      created.id,
    ]);

    const revoked = await keys.revoke(caller, { id: created.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    const [storedRevoked] = await keys.byIds(caller, [created.id]);
    expect(pick(revoked, KEY)).toEqual(pick(storedRevoked!, KEY));
    const twice = await keys.revoke(caller, { id: created.id });
    expect(twice.revokedAt).toEqual(revoked.revokedAt);
    expect(await keys.count(caller)).toBe(0);
    expect(await keys.find(caller, { limit: 10, afterId: null })).toEqual([]);

    const other = await t.app.services.workspaces.create({ name: 'Other keys' });
    await expect(keys.revoke(operatorCaller(other.id), { id: created.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'PublishableKey not found',
    });
  });
});

describe('workspace and token writes', () => {
  const WORKSPACE = ['id', 'name', 'hipaaReady', 'createdAt'] as const;
  const INTEGRATION = ['imsOrgId', 'cookieSyncEnabled', 'configuredAt'] as const;

  it('create answers the stored workspace; tokens are issued, checked and revoked once', async () => {
    const { workspaces } = t.app.services;
    const created = await workspaces.create({ name: ' Acme ' });
    expect(pick(created, WORKSPACE)).toMatchObject({ name: 'Acme', hipaaReady: false });
    const own = await workspaces.own(operatorCaller(created.id));
    expect(pick(created, WORKSPACE)).toEqual(own);
    expect((await workspaces.create({ name: 'Careful', hipaaReady: true })).hipaaReady).toBe(true);

    const issued = await workspaces.createToken(created.id, ['read', 'write'], 'pinned');
    expect(issued.token).toMatch(/^ast_/);
    const authenticated = await workspaces.authenticate(issued.token);
    expect(authenticated).toEqual({
      workspaceId: created.id,
      tokenId: issued.tokenId,
      scopes: new Set(['read', 'write']),
    });
    const { rows } = await t.database.pool.query(
      'select label, scopes, revoked_at from api_token where id = $1',
      [issued.tokenId],
    );
    expect(rows).toEqual([{ label: 'pinned', scopes: ['read', 'write'], revoked_at: null }]);
    await expect(workspaces.createToken('999999999', [...SCOPES])).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Workspace not found',
    });
    expect(await workspaces.revokeToken(issued.token)).toBe(true);
    expect(await workspaces.revokeToken(issued.token)).toBe(false);
    expect(await workspaces.authenticate(issued.token)).toBeNull();
    expect(await workspaces.bootstrap()).toBeNull();
  });

  it('configureExperienceCloud answers the stored settings, first and on a change', async () => {
    const { workspaces } = t.app.services;
    const workspace = await workspaces.create({ name: 'Integrated' });
    const own = operatorCaller(workspace.id);
    const imsOrgId = `${'A1'.repeat(12)}@AdobeOrg`;
    const first = await workspaces.configureExperienceCloud(own, {
      imsOrgId,
      cookieSyncEnabled: true,
    });
    expect(pick(first, INTEGRATION)).toEqual(await workspaces.integration(own));
    const changed = await workspaces.configureExperienceCloud(own, {
      imsOrgId,
      cookieSyncEnabled: false,
    });
    expect(pick(changed, INTEGRATION)).toMatchObject({ imsOrgId, cookieSyncEnabled: false });
    expect(pick(changed, INTEGRATION)).toEqual(await workspaces.integration(own));

    const careful = await workspaces.create({ name: 'HIPAA', hipaaReady: true });
    await expect(
      workspaces.configureExperienceCloud(operatorCaller(careful.id), {
        imsOrgId,
        cookieSyncEnabled: true,
      }),
    ).rejects.toMatchObject({ code: 'HIPAA_RESTRICTED' });
    expect(await workspaces.integration(operatorCaller(careful.id))).toBeNull();
  });
});
