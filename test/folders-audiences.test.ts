import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityChange, onIdentityChange } from '../src/sync/changes.js';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { ecid } from './support/util.js';

const CreateFolder = graphql(/* GraphQL */ `
  mutation CreateFolder($input: CreateAudienceFolderInput!) {
    createAudienceFolder(input: $input) {
      __typename
      ...ErrorFields
      ... on CreateAudienceFolderSuccess {
        folder {
          id
          name
          path
          parent {
            id
          }
        }
      }
    }
  }
`);

const Folders = graphql(/* GraphQL */ `
  query Folders($parentId: ID) {
    audienceFolders(parentId: $parentId) {
      id
      name
      path
      children {
        name
        path
      }
      audiences(first: 10) {
        totalCount
        edges {
          node {
            externalId
          }
        }
      }
    }
  }
`);

const Folder = graphql(/* GraphQL */ `
  query Folder($id: ID!) {
    audienceFolder(id: $id) {
      id
      path
    }
  }
`);

const UpsertAudience = graphql(/* GraphQL */ `
  mutation UpsertAudience($input: UpsertAudienceInput!) {
    upsertAudience(input: $input) {
      __typename
      ...ErrorFields
      ... on UpsertAudienceSuccess {
        audience {
          id
          externalId
          name
          description
          memberCount
          folder {
            path
          }
        }
      }
    }
  }
`);

const AddMembers = graphql(/* GraphQL */ `
  mutation AddMembers($input: AddAudienceMembersInput!) {
    addAudienceMembers(input: $input) {
      __typename
      ...ErrorFields
      ... on AddAudienceMembersSuccess {
        count
        audience {
          memberCount
        }
      }
    }
  }
`);

const RemoveMembers = graphql(/* GraphQL */ `
  mutation RemoveMembers($input: RemoveAudienceMembersInput!) {
    removeAudienceMembers(input: $input) {
      __typename
      ...ErrorFields
      ... on RemoveAudienceMembersSuccess {
        count
        audience {
          memberCount
        }
      }
    }
  }
`);

const Audiences = graphql(/* GraphQL */ `
  query Audiences($folderId: ID, $search: String, $first: Int, $after: String) {
    audiences(folderId: $folderId, search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          externalId
          name
        }
      }
    }
  }
`);

const AudienceById = graphql(/* GraphQL */ `
  query AudienceById($id: ID!) {
    audience(id: $id) {
      id
      name
      memberCount
    }
  }
`);

let t: TestApp;
let ws: TestWorkspace;
const changes: IdentityChange[] = [];
let stopListening: () => void;

async function folder(name: string, parentId?: string, token = ws.token) {
  const res = await t.gql(CreateFolder, { input: { name, parentId } }, token);
  const result = res.data.createAudienceFolder;
  if (result.__typename !== 'CreateAudienceFolderSuccess') throw new Error(result.__typename);
  return result.folder;
}

async function audience(folderId: string, externalId: string, token = ws.token) {
  const res = await t.gql(
    UpsertAudience,
    { input: { folderId, externalId, name: `Audience ${externalId}` } },
    token,
  );
  const result = res.data.upsertAudience;
  if (result.__typename !== 'UpsertAudienceSuccess') throw new Error(result.__typename);
  return result.audience;
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace({ name: 'Folders' });
  stopListening = onIdentityChange((change) => {
    changes.push(change);
  });
});
afterAll(async () => {
  stopListening?.();
  await t?.close();
});

describe('createAudienceFolder', () => {
  it('creates root folders and subfolders with their path', async () => {
    const campaigns = await folder('Campaigns');
    expect(campaigns).toMatchObject({ name: 'Campaigns', path: 'Campaigns', parent: null });
    const q4 = await folder('  Q4 ', campaigns.id);
    expect(q4).toMatchObject({ name: 'Q4', path: 'Campaigns/Q4', parent: { id: campaigns.id } });
    const deep = await folder('Week 1', q4.id);
    expect(deep.path).toBe('Campaigns/Q4/Week 1');

    const roots = await t.gql(Folders, {}, ws.token);
    expect(roots.data.audienceFolders).toContainEqual(
      expect.objectContaining({
        name: 'Campaigns',
        children: [{ name: 'Q4', path: 'Campaigns/Q4' }],
      }),
    );
    const inside = await t.gql(Folders, { parentId: campaigns.id }, ws.token);
    expect(inside.data.audienceFolders.map((f) => f.path)).toEqual(['Campaigns/Q4']);
  });

  it('answers NAME_TAKEN for a name used in the same parent, any case', async () => {
    const parent = await folder('Seasonal');
    await folder('Summer', parent.id);
    const res = await t.gql(
      CreateFolder,
      { input: { name: 'SUMMER', parentId: parent.id } },
      ws.token,
    );
    expect(res.data.createAudienceFolder).toMatchObject({
      __typename: 'NameTakenError',
      code: 'NAME_TAKEN',
    });
    const rootDuplicate = await t.gql(CreateFolder, { input: { name: 'seasonal' } }, ws.token);
    expect(rootDuplicate.data.createAudienceFolder.__typename).toBe('NameTakenError');
    // The same name under another parent, or in another workspace, is fine.
    expect((await folder('Summer')).path).toBe('Summer');
    const other = await t.workspace();
    expect((await folder('Seasonal', undefined, other.token)).path).toBe('Seasonal');
  });

  it('answers VALIDATION for a blank, too long or slashed name and creates nothing', async () => {
    for (const name of ['   ', 'x'.repeat(256), 'a/b']) {
      const res = await t.gql(CreateFolder, { input: { name } }, ws.token);
      expect(res.data.createAudienceFolder).toMatchObject({
        __typename: 'ValidationError',
        code: 'VALIDATION',
        fieldErrors: [{ path: ['input', 'name'] }],
      });
    }
    const roots = await t.gql(Folders, {}, ws.token);
    expect(roots.data.audienceFolders.map((f) => f.name)).not.toContain('a/b');
  });

  it('answers NOT_FOUND for an unknown, foreign or non-folder parent, VALIDATION for garbage', async () => {
    const other = await t.workspace();
    const foreign = await folder('Theirs', undefined, other.token);
    for (const parentId of [foreign.id, encodeGlobalID('AudienceFolder', '999999'), ws.globalId]) {
      const res = await t.gql(CreateFolder, { input: { name: 'Orphan', parentId } }, ws.token);
      expect(res.data.createAudienceFolder).toMatchObject({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
      });
    }
    const bad = await t.gql(
      CreateFolder,
      { input: { name: 'Orphan', parentId: 'nope' } },
      ws.token,
    );
    expect(bad.data.createAudienceFolder).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'parentId'] }],
    });
  });

  it('needs the write scope', async () => {
    const reader = await ws.tokenWith(['read']);
    const res = await t.gql(CreateFolder, { input: { name: 'Nope' } }, reader);
    expect(res.data.createAudienceFolder).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
  });

  it('shows foreign and unknown folders as null', async () => {
    const other = await t.workspace();
    const foreign = await folder('Hidden', undefined, other.token);
    expect((await t.gql(Folder, { id: foreign.id }, ws.token)).data.audienceFolder).toBeNull();
    const ownList = encodeGlobalID('List', '1');
    expect((await t.gql(Folder, { id: ownList }, ws.token)).data.audienceFolder).toBeNull();
    expect((await t.gql(Folders, { parentId: foreign.id }, ws.token)).data.audienceFolders).toEqual(
      [],
    );
  });
});

describe('upsertAudience', () => {
  it('inserts, then updates by externalId', async () => {
    const first = await folder('Upserts');
    const second = await folder('Moved');
    const created = await t.gql(
      UpsertAudience,
      {
        input: {
          folderId: first.id,
          externalId: 'seg-1',
          name: 'Buyers',
          description: 'All buyers',
        },
      },
      ws.token,
    );
    expect(created.data.upsertAudience).toMatchObject({
      __typename: 'UpsertAudienceSuccess',
      audience: {
        externalId: 'seg-1',
        name: 'Buyers',
        description: 'All buyers',
        memberCount: 0,
        folder: { path: 'Upserts' },
      },
    });
    const updated = await t.gql(
      UpsertAudience,
      { input: { folderId: second.id, externalId: 'seg-1', name: 'Big buyers' } },
      ws.token,
    );
    const before = created.data.upsertAudience;
    const after = updated.data.upsertAudience;
    if (
      before.__typename !== 'UpsertAudienceSuccess' ||
      after.__typename !== 'UpsertAudienceSuccess'
    ) {
      throw new Error('upsert failed');
    }
    // Same audience; an omitted description is kept.
    expect(after.audience).toMatchObject({
      id: before.audience.id,
      name: 'Big buyers',
      description: 'All buyers',
      folder: { path: 'Moved' },
    });
    const cleared = await t.gql(
      UpsertAudience,
      { input: { folderId: second.id, externalId: 'seg-1', name: 'Big buyers', description: '' } },
      ws.token,
    );
    expect(cleared.data.upsertAudience).toMatchObject({ audience: { description: null } });
  });

  it('answers VALIDATION for bad fields, NOT_FOUND for a foreign folder, and changes nothing', async () => {
    const own = await folder('Validation');
    const res = await t.gql(
      UpsertAudience,
      { input: { folderId: own.id, externalId: ' ', name: '' } },
      ws.token,
    );
    expect(res.data.upsertAudience).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'externalId'] }, { path: ['input', 'name'] }],
    });
    const other = await t.workspace();
    const foreign = await folder('Foreign', undefined, other.token);
    const notFound = await t.gql(
      UpsertAudience,
      { input: { folderId: foreign.id, externalId: 'seg-x', name: 'X' } },
      ws.token,
    );
    expect(notFound.data.upsertAudience).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    const listed = await t.gql(Audiences, { search: 'seg-x' }, ws.token);
    expect(listed.data.audiences.totalCount).toBe(0);
  });

  it('needs the write scope', async () => {
    const own = await folder('Scoped');
    const reader = await ws.tokenWith(['read']);
    const res = await t.gql(
      UpsertAudience,
      { input: { folderId: own.id, externalId: 'seg-r', name: 'R' } },
      reader,
    );
    expect(res.data.upsertAudience.__typename).toBe('ForbiddenError');
  });
});

describe('audience members', () => {
  it('adds and removes ECIDs, counting only real changes, and announces them', async () => {
    const own = await folder('Members');
    const { id } = await audience(own.id, 'seg-members');
    changes.length = 0;
    const added = await t.gql(
      AddMembers,
      { input: { audienceId: id, ecids: [ecid(1), ecid(2), ecid(2), ecid(3)] } },
      ws.token,
    );
    expect(added.data.addAudienceMembers).toEqual({
      __typename: 'AddAudienceMembersSuccess',
      count: 3,
      audience: { memberCount: 3 },
    });
    const again = await t.gql(
      AddMembers,
      { input: { audienceId: id, ecids: [ecid(3), ecid(4)] } },
      ws.token,
    );
    expect(again.data.addAudienceMembers).toMatchObject({ count: 1, audience: { memberCount: 4 } });
    const removed = await t.gql(
      RemoveMembers,
      { input: { audienceId: id, ecids: [ecid(1), ecid(9)] } },
      ws.token,
    );
    expect(removed.data.removeAudienceMembers).toMatchObject({
      count: 1,
      audience: { memberCount: 3 },
    });

    const audienceId = (changes[0]?.audienceIds ?? [])[0];
    expect(changes.map((c) => ({ kind: c.kind, ecids: c.ecids?.sort() }))).toEqual([
      { kind: 'AUDIENCE_MEMBERS', ecids: [ecid(1), ecid(2), ecid(3)] },
      { kind: 'AUDIENCE_MEMBERS', ecids: [ecid(4)] },
      { kind: 'AUDIENCE_MEMBERS', ecids: [ecid(1)] },
    ]);
    expect(changes.every((c) => c.workspaceId === ws.id && c.audienceIds?.[0] === audienceId)).toBe(
      true,
    );
  });

  it('reports every invalid ECID by index and applies nothing', async () => {
    const own = await folder('Invalid members');
    const { id } = await audience(own.id, 'seg-invalid');
    for (const Mutation of [AddMembers, RemoveMembers] as const) {
      const res = await t.gql(
        Mutation as typeof AddMembers,
        { input: { audienceId: id, ecids: [ecid(1), '123', ecid(2), `${ecid(3)}x`] } },
        ws.token,
      );
      const result = Object.values(res.data)[0];
      expect(result).toMatchObject({
        __typename: 'ValidationError',
        code: 'VALIDATION',
        fieldErrors: [{ path: ['input', 'ecids', '1'] }, { path: ['input', 'ecids', '3'] }],
      });
    }
    const after = await t.gql(AudienceById, { id }, ws.token);
    expect(after.data.audience?.memberCount).toBe(0);
  });

  it('refuses more than 10,000 ECIDs', async () => {
    const own = await folder('Too many');
    const { id } = await audience(own.id, 'seg-many');
    const ecids = Array.from({ length: 10_001 }, (_, i) => ecid(i));
    const res = await t.gql(AddMembers, { input: { audienceId: id, ecids } }, ws.token);
    expect(res.data.addAudienceMembers).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'ecids'] }],
    });
  });

  it('answers NOT_FOUND for a foreign or unknown audience and FORBIDDEN without write', async () => {
    const other = await t.workspace();
    const theirFolder = await folder('Theirs', undefined, other.token);
    const theirs = await audience(theirFolder.id, 'seg-theirs', other.token);
    for (const audienceId of [theirs.id, encodeGlobalID('Audience', '424242'), theirFolder.id]) {
      const res = await t.gql(AddMembers, { input: { audienceId, ecids: [ecid(1)] } }, ws.token);
      expect(res.data.addAudienceMembers).toMatchObject({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
      });
      const removal = await t.gql(
        RemoveMembers,
        { input: { audienceId, ecids: [ecid(1)] } },
        ws.token,
      );
      expect(removal.data.removeAudienceMembers.__typename).toBe('NotFoundError');
    }
    const garbage = await t.gql(AddMembers, { input: { audienceId: '!!', ecids: [] } }, ws.token);
    expect(garbage.data.addAudienceMembers).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'audienceId'] }],
    });
    const reader = await ws.tokenWith(['read']);
    const own = await folder('Forbidden members');
    const mine = await audience(own.id, 'seg-forbidden');
    const res = await t.gql(
      AddMembers,
      { input: { audienceId: mine.id, ecids: [ecid(1)] } },
      reader,
    );
    expect(res.data.addAudienceMembers.__typename).toBe('ForbiddenError');
    const after = await t.gql(AudienceById, { id: theirs.id }, other.token);
    expect(after.data.audience?.memberCount).toBe(0);
  });
});

describe('audience queries', () => {
  it('pages audiences by folder and search with totalCount', async () => {
    const own = await folder('Paged');
    for (const n of [1, 2, 3, 4, 5]) await audience(own.id, `paged-${n}`);
    const first = await t.gql(Audiences, { folderId: own.id, first: 2 }, ws.token);
    expect(first.data.audiences).toMatchObject({
      totalCount: 5,
      pageInfo: { hasNextPage: true },
      edges: [{ node: { externalId: 'paged-1' } }, { node: { externalId: 'paged-2' } }],
    });
    const next = await t.gql(
      Audiences,
      { folderId: own.id, first: 10, after: first.data.audiences.pageInfo.endCursor },
      ws.token,
    );
    expect(next.data.audiences.edges.map((e) => e.node.externalId)).toEqual([
      'paged-3',
      'paged-4',
      'paged-5',
    ]);
    expect(next.data.audiences.pageInfo.hasNextPage).toBe(false);
    const search = await t.gql(Audiences, { search: 'AUDIENCE PAGED-4' }, ws.token);
    expect(search.data.audiences.edges.map((e) => e.node.externalId)).toEqual(['paged-4']);
    const percent = await t.gql(Audiences, { search: '%' }, ws.token);
    expect(percent.data.audiences.totalCount).toBe(0);
    const inFolder = await t.gql(Folders, { parentId: undefined }, ws.token);
    const paged = inFolder.data.audienceFolders.find((f) => f.name === 'Paged');
    expect(paged?.audiences.totalCount).toBe(5);
  });

  it('rejects first over 500 and garbage cursors', async () => {
    const res = await t.gql(Audiences, { first: 501 }, ws.token);
    expect(res.errors?.[0].extensions?.code).toBe('VALIDATION');
    const cursor = await t.gql(Audiences, { after: 'garbage' }, ws.token);
    expect(cursor.errors?.[0].extensions?.code).toBe('VALIDATION');
  });

  it("never shows another workspace's audiences", async () => {
    const other = await t.workspace();
    const theirFolder = await folder('Private', undefined, other.token);
    const theirs = await audience(theirFolder.id, 'seg-private', other.token);
    expect((await t.gql(AudienceById, { id: theirs.id }, ws.token)).data.audience).toBeNull();
    const byFolder = await t.gql(Audiences, { folderId: theirFolder.id }, ws.token);
    expect(byFolder.data.audiences.totalCount).toBe(0);
    const search = await t.gql(Audiences, { search: 'seg-private' }, ws.token);
    expect(search.data.audiences.totalCount).toBe(0);
    const own = await t.gql(AudienceById, { id: theirs.id }, other.token);
    expect(own.data.audience?.name).toBe('Audience seg-private');
  });

  it('needs the read scope, and a valid token', async () => {
    const writer = await ws.tokenWith(['write']);
    const res = await t.gql(Audiences, {}, writer);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const unauthenticated = await t.gql(Audiences, {}, 'ast_invalid');
    expect(unauthenticated.status).toBe(401);
  });
});
