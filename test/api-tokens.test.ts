import fs from 'node:fs';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TokenCache } from '../src/auth/token-cache.js';
import { authenticateToken, LAST_USED_RESOLUTION_MS } from '../src/auth/tokens.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { waitFor } from './support/util.js';

/** GraphQL answers, checked by shape. */
type Data = Record<string, any>;

let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;

// Every line the app logs (JSON on stdout, written synchronously by pino), kept to search for
// token values; nothing reaches the terminal.
const logged: string[] = [];
const writeSync = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
  if (fd !== 1) return writeSync(fd, data, ...rest);
  const text = typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8');
  logged.push(text);
  return Buffer.byteLength(text);
}) as typeof fs.writeSync);

const TOKEN_FIELDS = 'id scopes description createdAt lastUsedAt revokedAt';

const CREATE = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) {
  __typename
  ... on Error { code message }
  ... on ValidationError { fieldErrors { path message } }
  ... on CreateApiTokenSuccess { token apiToken { ${TOKEN_FIELDS} } } } }`;

const REVOKE = `mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) {
  __typename
  ... on Error { code message }
  ... on RevokeApiTokenSuccess { apiToken { ${TOKEN_FIELDS} } } } }`;

const LIST = `query($includeRevoked: Boolean, $first: Int, $after: String) { workspace {
  apiTokens(includeRevoked: $includeRevoked, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${TOKEN_FIELDS} } } } } }`;

const CREATE_FOLDER = `mutation($input: CreateAudienceFolderInput!) {
  createAudienceFolder(input: $input) { __typename ... on Error { code } } }`;

let folders = 0;
/** Runs a write mutation with `token`; answers its result's __typename. */
async function createFolder(token: string): Promise<{ status: number; typename?: string }> {
  const res = await t.gql(CREATE_FOLDER, { input: { name: `Folder ${++folders}` } }, token);
  return { status: res.status, typename: (res.data as Data)?.createAudienceFolder?.__typename };
}

async function create(
  token: string,
  input: { scopes: string[]; description?: string | null },
): Promise<Data> {
  const res = await t.gql(CREATE, { input }, token);
  expect(res.errors).toBeUndefined();
  return (res.data as Data).createApiToken;
}

async function issue(
  scopes: string[],
  description?: string,
): Promise<{ id: string; token: string }> {
  const answer = await create(ws.token, { scopes, description });
  expect(answer.__typename).toBe('CreateApiTokenSuccess');
  return { id: answer.apiToken.id, token: answer.token };
}

async function list(token: string, includeRevoked = false): Promise<Data[]> {
  const res = await t.gql(LIST, { includeRevoked }, token);
  expect(res.errors).toBeUndefined();
  return (res.data as Data).workspace.apiTokens.edges.map((edge: Data) => edge.node);
}

/** The stored row's version (xmin moves on with every update) and its last use. */
async function row(id: string): Promise<{ xmin: string; lastUsedAt: Date | null }> {
  const { rows } = await t.database.pool.query(
    `select xmin::text as xmin, last_used_at as "lastUsedAt" from api_token where id = $1`,
    [dbId(id)],
  );
  return rows[0];
}

const dbId = (globalId: string) =>
  Buffer.from(globalId, 'base64').toString('utf8').split(':').at(-1) as string;

beforeAll(async () => {
  t = await startTestApp({ config: { logLevel: 'debug', logFormat: 'json' } });
  ws = await t.workspace();
  other = await t.workspace();
});

afterAll(async () => {
  await t?.close();
  vi.restoreAllMocks();
});

describe('createApiToken', () => {
  it('answers the value once; the token works for its scopes only', async () => {
    const answer = await create(ws.token, { scopes: ['READ'], description: ' Dashboards ' });
    expect(answer).toMatchObject({
      __typename: 'CreateApiTokenSuccess',
      token: expect.stringMatching(/^ast_[A-Za-z0-9_-]{43}$/),
      apiToken: {
        scopes: ['READ'],
        description: 'Dashboards',
        createdAt: expect.any(String),
        lastUsedAt: null,
        revokedAt: null,
      },
    });
    const read = answer.token as string;

    // A read token queries, and is refused every mutation with the typed FORBIDDEN.
    const query = await t.gql('{ workspace { id } }', {}, read);
    expect(query.data).toEqual({ workspace: { id: ws.globalId } });
    expect(await createFolder(read)).toEqual({ status: 200, typename: 'ForbiddenError' });
    expect(await create(read, { scopes: ['READ'] })).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });

    // A write token mutates, but cannot create, revoke or list tokens.
    const write = (await issue(['READ', 'WRITE'])).token;
    expect((await createFolder(write)).typename).toBe('CreateAudienceFolderSuccess');
    expect(await create(write, { scopes: ['READ'] })).toMatchObject({ code: 'FORBIDDEN' });
    const revoke = await t.gql(REVOKE, { input: { id: answer.apiToken.id } }, write);
    expect((revoke.data as Data).revokeApiToken).toMatchObject({ code: 'FORBIDDEN' });
    const listed = await t.gql(LIST, {}, write);
    expect(listed.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(listed.data ?? null)).not.toContain(answer.apiToken.id);
    const node = await t.gql(
      `query($id: ID!) { node(id: $id) { id } }`,
      { id: answer.apiToken.id },
      write,
    );
    expect(node.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);

    // An admin token: the token is there, by id too.
    const byId = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on ApiToken { ${TOKEN_FIELDS} } } }`,
      { id: answer.apiToken.id },
      ws.token,
    );
    expect((byId.data as Data).node).toMatchObject({ id: answer.apiToken.id, scopes: ['READ'] });
  });

  it('hands out only scopes the calling token holds', async () => {
    const adminOnly = (await issue(['ADMIN'])).token;
    expect(await create(adminOnly, { scopes: ['READ', 'WRITE'] })).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
    const readAdmin = (await issue(['READ', 'ADMIN'])).token;
    expect(await create(readAdmin, { scopes: ['WRITE'] })).toMatchObject({ code: 'FORBIDDEN' });
    const own = await create(readAdmin, { scopes: ['ADMIN', 'READ', 'ADMIN'] });
    expect(own).toMatchObject({
      __typename: 'CreateApiTokenSuccess',
      apiToken: { scopes: ['READ', 'ADMIN'] },
    });
    // Without read, the token's value and id are answered, its other fields refused as FORBIDDEN
    // like every object's fields (the scopes test's "nullable data field" case).
    const res = await t.gql(
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) {
         __typename ... on CreateApiTokenSuccess { token apiToken { id } } } }`,
      { input: { scopes: ['ADMIN'] } },
      adminOnly,
    );
    expect(res.errors).toBeUndefined();
    expect((res.data as Data).createApiToken).toMatchObject({
      __typename: 'CreateApiTokenSuccess',
      token: expect.stringMatching(/^ast_/),
      apiToken: { id: expect.any(String) },
    });
  });

  it('refuses no scope and a bad description with VALIDATION, creating nothing', async () => {
    const before = (await list(ws.token)).length;
    for (const [input, path] of [
      [{ scopes: [] }, ['input', 'scopes']],
      [{ scopes: ['READ'], description: 'x'.repeat(256) }, ['input', 'description']],
      [{ scopes: ['READ'], description: 'bell\u0007' }, ['input', 'description']],
    ] as const) {
      expect(await create(ws.token, input as never)).toMatchObject({
        __typename: 'ValidationError',
        code: 'VALIDATION',
        fieldErrors: [{ path }],
      });
    }
    const unknown = await t.gql(CREATE, { input: { scopes: ['ROOT'] } }, ws.token);
    expect(unknown.errors?.length).toBe(1);
    expect((await list(ws.token)).length).toBe(before);
  });
});

describe('Workspace.apiTokens', () => {
  it('lists the tokens with what they are for and never their value', async () => {
    const issued = await issue(['READ', 'WRITE', 'ADMIN'], 'Pipeline');
    const tokens = await list(ws.token);
    expect(tokens.find((token) => token.id === issued.id)).toEqual({
      id: issued.id,
      scopes: ['READ', 'WRITE', 'ADMIN'],
      description: 'Pipeline',
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });
    // Oldest first, page by page.
    const ids = tokens.map((token) => Number(dbId(token.id)));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const first = await t.gql(LIST, { first: 1 }, ws.token);
    const page = (first.data as Data).workspace.apiTokens;
    expect(page.edges).toHaveLength(1);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.totalCount).toBe(tokens.length);
    const next = await t.gql(LIST, { first: 1, after: page.pageInfo.endCursor }, ws.token);
    expect((next.data as Data).workspace.apiTokens.edges[0].node.id).toBe(tokens[1]!.id);

    // The value is nowhere but in the create answer: not in the list, not in the table.
    const everything = JSON.stringify(await list(ws.token, true));
    expect(everything).not.toContain(issued.token);
    const stored = await t.database.pool.query('select * from api_token where id = $1', [
      dbId(issued.id),
    ]);
    expect(JSON.stringify(stored.rows)).not.toContain(issued.token);
  });

  it("is the caller's own: another workspace lists, reads and revokes none of them", async () => {
    const issued = await issue(['READ'], 'Mine');
    const theirs = await list(other.token, true);
    expect(theirs.map((token) => token.id)).not.toContain(issued.id);
    const node = await t.gql(
      `query($id: ID!) { node(id: $id) { id } }`,
      { id: issued.id },
      other.token,
    );
    expect(node.errors).toBeUndefined();
    expect((node.data as Data).node).toBeNull();
    const revoked = await t.gql(REVOKE, { input: { id: issued.id } }, other.token);
    expect((revoked.data as Data).revokeApiToken).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    const unknown = await t.gql(
      REVOKE,
      { input: { id: encodeGlobalID('ApiToken', '999999999') } },
      ws.token,
    );
    expect((unknown.data as Data).revokeApiToken).toMatchObject({ code: 'NOT_FOUND' });
    // Still live and working.
    expect((await t.gql('{ workspace { id } }', {}, issued.token)).status).toBe(200);
  });
});

describe('revokeApiToken', () => {
  it('refuses the token from the next request on and shows when it was revoked', async () => {
    const issued = await issue(['READ', 'WRITE'], 'Leaving');
    // Used twice first, so its lookup is cached in the process.
    for (let i = 0; i < 2; i++) expect((await createFolder(issued.token)).status).toBe(200);

    const res = await t.gql(REVOKE, { input: { id: issued.id } }, ws.token);
    const revoked = (res.data as Data).revokeApiToken;
    expect(revoked).toMatchObject({
      __typename: 'RevokeApiTokenSuccess',
      apiToken: { id: issued.id, revokedAt: expect.any(String) },
    });
    expect(await createFolder(issued.token)).toEqual({ status: 401, typename: undefined });
    expect((await t.gql('{ workspace { id } }', {}, issued.token)).status).toBe(401);

    // Gone from the live list; with the revoked ones, there with its revocation time.
    expect((await list(ws.token)).map((token) => token.id)).not.toContain(issued.id);
    const all = await list(ws.token, true);
    expect(all.find((token) => token.id === issued.id)?.revokedAt).toBe(revoked.apiToken.revokedAt);
    // Revoking again keeps the first time.
    const again = await t.gql(REVOKE, { input: { id: issued.id } }, ws.token);
    expect((again.data as Data).revokeApiToken.apiToken.revokedAt).toBe(revoked.apiToken.revokedAt);
  });

  it('an admin may revoke its own token', async () => {
    const admin = await issue(['READ', 'ADMIN']);
    const res = await t.gql(REVOKE, { input: { id: admin.id } }, admin.token);
    expect((res.data as Data).revokeApiToken.__typename).toBe('RevokeApiTokenSuccess');
    expect((await t.gql('{ workspace { id } }', {}, admin.token)).status).toBe(401);
  });
});

describe('lastUsedAt', () => {
  it('is set by a use, and many uses within a minute write the row at most once', async () => {
    const issued = await issue(['READ']);
    const unused = await row(issued.id);
    expect(unused.lastUsedAt).toBeNull();

    expect((await t.gql('{ workspace { id } }', {}, issued.token)).status).toBe(200);
    const used = await row(issued.id);
    expect(used.lastUsedAt).toBeInstanceOf(Date);
    expect(used.xmin).not.toBe(unused.xmin);
    const listed = (await list(ws.token)).find((token) => token.id === issued.id);
    expect(new Date(listed?.lastUsedAt).getTime()).toBe(used.lastUsedAt?.getTime());

    // More requests (through the process's token cache), and the uncached lookup itself run
    // many times, some at once: the row is not written again (same version, same time).
    for (let i = 0; i < 10; i++) {
      expect((await t.gql('{ workspace { id } }', {}, issued.token)).status).toBe(200);
    }
    await Promise.all(
      Array.from({ length: 10 }, () => authenticateToken(t.database.pool, issued.token)),
    );
    for (let i = 0; i < 10; i++) await authenticateToken(t.database.pool, issued.token);
    expect(await row(issued.id)).toEqual(used);
  });

  it('a use more than a minute after the last one is written once, however many arrive at once', async () => {
    const issued = await issue(['READ']);
    const id = dbId(issued.id);
    await authenticateToken(t.database.pool, issued.token);
    await t.database.pool.query(
      `update api_token set last_used_at = now() - interval '2 minutes' where id = $1`,
      [id],
    );
    const stale = await row(issued.id);
    // Counts the row's updates in this test's own database (a probe, not part of the app).
    await t.database.pool.query(`create table token_use_probe (n int not null)`);
    await t.database.pool.query(
      `create function token_use_probe() returns trigger language plpgsql as $$
         begin insert into token_use_probe values (1); return null; end $$`,
    );
    await t.database.pool.query(
      `create trigger token_use_probe after update of last_used_at on api_token
         for each row when (new.id = ${Number(id)}) execute function token_use_probe()`,
    );
    try {
      const callers = await Promise.all(
        Array.from({ length: 20 }, () => authenticateToken(t.database.pool, issued.token)),
      );
      expect(callers.every((caller) => caller?.tokenId === id)).toBe(true);
      const { rows } = await t.database.pool.query(
        'select count(*)::int as n from token_use_probe',
      );
      expect(rows[0].n).toBe(1);
      const fresh = await row(issued.id);
      expect(fresh.lastUsedAt!.getTime()).toBeGreaterThan(stale.lastUsedAt!.getTime());
    } finally {
      await t.database.pool.query('drop trigger token_use_probe on api_token');
      await t.database.pool.query('drop function token_use_probe()');
      await t.database.pool.query('drop table token_use_probe');
    }
  });
});

describe('logs', () => {
  it('never hold a token value', async () => {
    const issued = await issue(['READ'], 'Logged');
    await t.gql('{ workspace { id } }', {}, issued.token);
    await t.gql('{ workspace { id } }', {}, `${issued.token}x`);
    const text = logged.join('');
    // Request lines were logged (so the search below searched something).
    expect(text).toContain('"path":"/graphql"');
    expect(text).not.toMatch(/ast_[A-Za-z0-9_-]{20}/);
  });
});

describe('TokenCache.useDue', () => {
  it("asks a cached token's use to be recorded again at most once a minute", () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      const cache = new TokenCache(3_600_000);
      const caller = { workspaceId: '1', tokenId: '7', scopes: new Set(['read'] as const) };
      cache.set('hash', caller, cache.lookupStarts());
      expect(cache.useDue('hash')).toBe(false);
      now.mockReturnValue(1_000_000 + LAST_USED_RESOLUTION_MS - 1);
      expect(cache.useDue('hash')).toBe(false);
      now.mockReturnValue(1_000_000 + LAST_USED_RESOLUTION_MS);
      expect(cache.useDue('hash')).toBe(true);
      expect(cache.useDue('hash')).toBe(false);
      now.mockReturnValue(1_000_000 + 2 * LAST_USED_RESOLUTION_MS);
      expect(cache.useDue('hash')).toBe(true);
      expect(cache.useDue('unknown')).toBe(false);
    } finally {
      now.mockRestore();
    }
  });
});

describe('cached answers', () => {
  it('a token issued or revoked outside GraphQL (the CLI) is listed at once', async () => {
    const cached = await startTestApp({
      config: { logLevel: 'debug', logFormat: 'json', responseCacheMaxEntries: 100 },
    });
    try {
      const own = await cached.workspace();
      const listed = async () => {
        const res = await cached.gql(LIST, { includeRevoked: true }, own.token);
        expect(res.errors).toBeUndefined();
        return (res.data as Data).workspace.apiTokens.edges.map((edge: Data) => edge.node);
      };
      // Twice: the second answer comes from the cache.
      expect(await listed()).toHaveLength(1);
      expect(await listed()).toHaveLength(1);
      const { workspaces } = cached.app.services;
      const issued = await workspaces.createToken(own.id, ['read'], 'cli');
      const after = await waitFor(async () => {
        const tokens = await listed();
        return tokens.length === 2 ? tokens : undefined;
      });
      expect(after[1]).toMatchObject({ description: 'cli', revokedAt: null });
      expect(await workspaces.revokeToken(issued.token)).toBe(true);
      await waitFor(async () => ((await listed())[1]?.revokedAt ? true : undefined));
    } finally {
      await cached.close();
    }
  });
});
