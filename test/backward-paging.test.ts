import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { Client, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { isObjectType, parse } from 'graphql';
import {
  type ConcreteRequest,
  createOperationDescriptor,
  Environment,
  fetchQuery,
  Network,
  RecordSource,
  Store,
} from 'relay-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationCost } from '../src/schema/cost.js';
import { schema } from '../src/schema/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { gid, Seed, startedJob, startSync } from './support/sync-seed.js';

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;
/** Another workspace, for the connections other than `lists` (whose 7 items stay alone). */
let other: TestWorkspace;
let otherSeed: Seed;
/** The lists' names in connection order (oldest first). */
const LIST_NAMES = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'];

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  for (const name of LIST_NAMES) await seed.list(name);
  other = await t.workspace();
  otherSeed = new Seed(t.database.pool, other.id);
});
afterAll(() => t?.close());

type Edge = { cursor: string; node: { name: string } };
type PageInfo = {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
};

const LISTS = `query Lists($first: Int, $after: String, $last: Int, $before: String) {
  lists(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function listsPage(variables: Record<string, unknown>) {
  const res = await t.gql<{ lists: { edges: Edge[]; pageInfo: PageInfo } }, unknown>(
    LISTS,
    variables,
    ws.token,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.lists;
}

const names = (edges: Edge[]) => edges.map((edge) => edge.node.name);

describe('backward paging on the server', () => {
  it('every connection declares first, after, last and before', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!getNamedTypeName(field.type).endsWith('Connection')) continue;
        if (getNamedTypeName(field.type) === 'MarketoConnection') continue;
        const args = field.args.map((arg) => arg.name);
        for (const name of ['first', 'after', 'last', 'before']) {
          if (!args.includes(name)) missing.push(`${type.name}.${field.name}(${name})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('pages forward then backward over the same items, pageInfo right both ways', async () => {
    const forward: Edge[][] = [];
    const forwardInfo: PageInfo[] = [];
    let after: string | null = null;
    do {
      const page = await listsPage({ first: 3, after });
      forward.push(page.edges);
      forwardInfo.push(page.pageInfo);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(forward.map(names)).toEqual([['L1', 'L2', 'L3'], ['L4', 'L5', 'L6'], ['L7']]);
    expect(forwardInfo.map((info) => [info.hasPreviousPage, info.hasNextPage])).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ]);

    const backward: Edge[][] = [];
    const backwardInfo: PageInfo[] = [];
    let before: string | null = null;
    for (;;) {
      const page = await listsPage({ last: 3, before });
      backward.unshift(page.edges);
      backwardInfo.unshift(page.pageInfo);
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backward.map(names)).toEqual([['L1'], ['L2', 'L3', 'L4'], ['L5', 'L6', 'L7']]);
    expect(backwardInfo.map((info) => [info.hasPreviousPage, info.hasNextPage])).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ]);
    // The same items, with the same cursors, whichever way they were read.
    expect(backward.flat()).toEqual(forward.flat());
    for (const info of [...forwardInfo, ...backwardInfo]) {
      expect(info.startCursor).not.toBeNull();
      expect(info.endCursor).not.toBeNull();
    }
  });

  it('tells what lies beyond a cursor: hasPreviousPage forward, hasNextPage backward', async () => {
    const all = (await listsPage({ first: 7 })).edges;
    // From the first item on, forward: the first item precedes the page.
    const fromFirst = await listsPage({ first: 2, after: all[0].cursor });
    expect(names(fromFirst.edges)).toEqual(['L2', 'L3']);
    expect(fromFirst.pageInfo.hasPreviousPage).toBe(true);
    // Backward up to the last item: the last item follows the page.
    const toLast = await listsPage({ last: 2, before: all[6].cursor });
    expect(names(toLast.edges)).toEqual(['L5', 'L6']);
    expect(toLast.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    // Between two cursors.
    const between = await listsPage({ after: all[1].cursor, before: all[5].cursor });
    expect(names(between.edges)).toEqual(['L3', 'L4', 'L5']);
    expect(between.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    // Past the end: an empty page with no cursors, items before it.
    const pastEnd = await listsPage({ first: 3, after: all[6].cursor });
    expect(pastEnd.edges).toEqual([]);
    expect(pastEnd.pageInfo).toEqual({
      hasPreviousPage: true,
      hasNextPage: false,
      startCursor: null,
      endCursor: null,
    });
  });

  it('first and last together follow the Relay specification: the last of the first', async () => {
    const page = await listsPage({ first: 5, last: 2 });
    expect(names(page.edges)).toEqual(['L4', 'L5']);
    expect(page.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const whole = await listsPage({ first: 2, last: 5 });
    expect(names(whole.edges)).toEqual(['L1', 'L2']);
    expect(whole.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });

  it.each([
    ['more than 500 from the end', '{ lists(last: 501) { totalCount } }', 'last'],
    ['a negative last', '{ lists(last: -1) { totalCount } }', 'last'],
    ['a forged before cursor', '{ lists(before: "bm90LWEtY3Vyc29y") { totalCount } }', 'before'],
  ])('refuses %s with VALIDATION', async (_case, query, path) => {
    const res = await t.gql(query, {}, ws.token);
    expect(res.errors?.[0].extensions?.code).toBe('VALIDATION');
    expect(res.errors?.[0].message).toContain(path);
  });

  it('pages a nested, newest-first connection backward (a list’s changes)', async () => {
    const listId = await otherSeed.list('Changes');
    const leadIds: string[] = [];
    for (let i = 1; i <= 7; i++) leadIds.push(await otherSeed.lead(`c${i}@example.com`));
    for (const leadId of leadIds) {
      const res = await t.gql(
        `mutation($input: AddListMembersInput!) { addListMembers(input: $input) { __typename } }`,
        { input: { listId: gid('List', listId), leadIds: [gid('Lead', leadId)] } },
        other.token,
      );
      expect(res.data).toEqual({ addListMembers: { __typename: 'AddListMembersSuccess' } });
    }
    const query = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
      list(id: $id) { changes(first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { lead { email } } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      } }
    }`;
    type Changes = {
      edges: { cursor: string; node: { lead: { email: string } } }[];
      pageInfo: PageInfo;
    };
    const page = async (variables: Record<string, unknown>): Promise<Changes> => {
      const res = await t.gql<{ list: { changes: Changes } }, unknown>(
        query,
        { id: gid('List', listId), ...variables },
        other.token,
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data.list.changes;
    };
    const forward: Changes['edges'] = [];
    let after: string | null = null;
    do {
      const p = await page({ first: 3, after });
      forward.push(...p.edges);
      after = p.pageInfo.hasNextPage ? p.pageInfo.endCursor : null;
    } while (after);
    const backward: Changes['edges'] = [];
    let before: string | null = null;
    for (;;) {
      const p = await page({ last: 3, before });
      backward.unshift(...p.edges);
      if (!p.pageInfo.hasPreviousPage) break;
      before = p.pageInfo.startCursor;
    }
    // Newest first: c7 (added last) down to c1.
    expect(forward.map((edge) => edge.node.lead.email)).toEqual(
      [7, 6, 5, 4, 3, 2, 1].map((i) => `c${i}@example.com`),
    );
    expect(backward).toEqual(forward);
  });

  it('counts last like first in the query cost', () => {
    const cost = (query: string) => operationCost(schema, parse(query));
    const nested = (arg: string) =>
      `{ lists(${arg}: 100) { edges { node { members(${arg}: 100) { edges { node { id } } } } } } }`;
    expect(cost(nested('last'))).toBe(cost(nested('first')));
    expect(cost('{ lists(last: 500) { edges { node { memberCount } } } }')).toBe(
      cost('{ lists(first: 500) { edges { node { memberCount } } } }'),
    );
    // Both: the page holds at most the smaller.
    expect(cost('{ lists(first: 500, last: 10) { edges { node { memberCount } } } }')).toBe(
      cost('{ lists(first: 10) { edges { node { memberCount } } } }'),
    );
  });
});

describe('syncJobs(search)', () => {
  const jobs: Record<string, string> = {};

  beforeAll(async () => {
    await otherSeed.integration();
    const pairs: [string, string][] = [
      ['Spring Campaign', 'Newsletter EMEA'],
      ['Autumn Sale', 'spring leads'],
      ['Winter', 'Plain'],
      ['Audience 4', 'List 4'],
      ['Audience 5', 'List 5'],
      ['Audience 6', 'List 6'],
      ['Audience 7', 'List 7'],
    ];
    for (const [audience, list] of pairs) {
      const audienceId = await otherSeed.audience(audience);
      const started = await startSync(t, other.token, {
        audienceId: gid('Audience', audienceId),
        newListName: list,
      });
      jobs[audience] = startedJob(started).id;
    }
  });

  const SEARCH = `query($search: String, $first: Int, $after: String, $last: Int, $before: String) {
    syncJobs(search: $search, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges { cursor node { id audience { name } list { name } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;
  type Jobs = {
    totalCount: number;
    edges: { cursor: string; node: { id: string; audience: { name: string } } }[];
    pageInfo: PageInfo;
  };
  const search = async (variables: Record<string, unknown>): Promise<Jobs> => {
    const res = await t.gql<{ syncJobs: Jobs }, unknown>(SEARCH, variables, other.token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.syncJobs;
  };

  it('finds jobs by the audience name or the list name, any case', async () => {
    const spring = await search({ search: 'SPRING' });
    expect(spring.totalCount).toBe(2);
    expect(spring.edges.map((edge) => edge.node.id)).toEqual([
      jobs['Spring Campaign'],
      jobs['Autumn Sale'],
    ]);
    const byList = await search({ search: 'newsletter emea' });
    expect(byList.edges.map((edge) => edge.node.id)).toEqual([jobs['Spring Campaign']]);
    const byAudience = await search({ search: 'wInTeR' });
    expect(byAudience.edges.map((edge) => edge.node.id)).toEqual([jobs.Winter]);
    // A LIKE wildcard in the term matches itself only.
    expect((await search({ search: '%' })).totalCount).toBe(0);
    expect((await search({ search: '' })).totalCount).toBe(7);
  });

  it('pages the jobs forward then backward over the same items', async () => {
    const forward: Jobs['edges'] = [];
    let after: string | null = null;
    do {
      const page = await search({ first: 3, after });
      forward.push(...page.edges);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const backward: Jobs['edges'] = [];
    let before: string | null = null;
    for (;;) {
      const page = await search({ last: 3, before });
      expect(page.totalCount).toBe(7);
      backward.unshift(...page.edges);
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(forward.map((edge) => edge.node.id)).toEqual(Object.values(jobs));
    expect(backward).toEqual(forward);
  });
});

/*
 * The clients frontend teams use, each against the running server over HTTP, with their own
 * connection merging: forward pages of 3 and backward pages of 3 over the 7 lists must leave
 * the same 7 items, in the same order, in each client's cache.
 */
describe('real clients page both ways over the same connection', () => {
  const headers = () => ({ authorization: `Bearer ${ws.token}` });

  it('Apollo Client 4 with relayStylePagination', async () => {
    const query = gql(LISTS);
    const newClient = () =>
      new ApolloClient({
        link: new HttpLink({ uri: `${t.url}/graphql`, headers: headers() }),
        cache: new InMemoryCache({
          typePolicies: { Query: { fields: { lists: relayStylePagination() } } },
        }),
      });
    type Result = { lists: { edges: Edge[]; pageInfo: PageInfo } };

    const forwardClient = newClient();
    let result = (
      await forwardClient.query<Result>({
        query,
        variables: { first: 3 },
        fetchPolicy: 'network-only',
      })
    ).data as Result;
    while (result.lists.pageInfo.hasNextPage) {
      result = (
        await forwardClient.query<Result>({
          query,
          variables: { first: 3, after: result.lists.pageInfo.endCursor },
          fetchPolicy: 'network-only',
        })
      ).data as Result;
    }
    const forward = forwardClient.readQuery<Result>({ query, variables: { first: 3 } });

    const backwardClient = newClient();
    result = (
      await backwardClient.query<Result>({
        query,
        variables: { last: 3 },
        fetchPolicy: 'network-only',
      })
    ).data as Result;
    while (result.lists.pageInfo.hasPreviousPage) {
      result = (
        await backwardClient.query<Result>({
          query,
          variables: { last: 3, before: result.lists.pageInfo.startCursor },
          fetchPolicy: 'network-only',
        })
      ).data as Result;
    }
    const backward = backwardClient.readQuery<Result>({ query, variables: { last: 3 } });

    expect(names(forward?.lists.edges ?? [])).toEqual(LIST_NAMES);
    expect(names(backward?.lists.edges ?? [])).toEqual(LIST_NAMES);
    expect(backward?.lists.edges.map((edge) => edge.cursor)).toEqual(
      forward?.lists.edges.map((edge) => edge.cursor),
    );
    expect(forward?.lists.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: false });
    expect(backward?.lists.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: false });
    forwardClient.stop();
    backwardClient.stop();
  });

  it('urql with Graphcache relayPagination', async () => {
    const newClient = () =>
      new Client({
        url: `${t.url}/graphql`,
        preferGetMethod: false,
        fetchOptions: { headers: headers() },
        exchanges: [
          cacheExchange({
            keys: { ListConnection: () => null, ListEdge: () => null, PageInfo: () => null },
            resolvers: { Query: { lists: relayPagination() } },
          }),
          fetchExchange,
        ],
      });
    type Result = { lists: { edges: Edge[]; pageInfo: PageInfo } };
    const run = async (client: Client, variables: Record<string, unknown>) => {
      const res = await client
        .query<Result>(LISTS, variables, { requestPolicy: 'network-only' })
        .toPromise();
      if (res.error) throw res.error;
      return res.data as Result;
    };

    const forwardClient = newClient();
    let forward = await run(forwardClient, { first: 3 });
    while (forward.lists.pageInfo.hasNextPage) {
      forward = await run(forwardClient, { first: 3, after: forward.lists.pageInfo.endCursor });
    }
    const backwardClient = newClient();
    let backward = await run(backwardClient, { last: 3 });
    while (backward.lists.pageInfo.hasPreviousPage) {
      backward = await run(backwardClient, {
        last: 3,
        before: backward.lists.pageInfo.startCursor,
      });
    }
    // relayPagination answers every page merged so far, in order.
    expect(names(forward.lists.edges)).toEqual(LIST_NAMES);
    expect(names(backward.lists.edges)).toEqual(LIST_NAMES);
    expect(backward.lists.edges.map((edge) => edge.cursor)).toEqual(
      forward.lists.edges.map((edge) => edge.cursor),
    );
  });

  describe('Relay: queries compiled by relay-compiler 21, run by relay-runtime', () => {
    let dir: string;
    let ListsQuery: ConcreteRequest;

    beforeAll(() => {
      // The compiler is a native binary in its npm package: it runs offline. It checks the
      // query against the server's schema, @connection's paging arguments included.
      dir = mkdtempSync(join(tmpdir(), 'relay-paging-'));
      mkdirSync(join(dir, 'src'));
      mkdirSync(join(dir, '__generated__'));
      writeFileSync(
        join(dir, 'schema.graphql'),
        readFileSync(new URL('../schema.graphql', import.meta.url)),
      );
      writeFileSync(
        join(dir, 'relay.config.json'),
        JSON.stringify({
          src: './src',
          schema: './schema.graphql',
          language: 'javascript',
          artifactDirectory: './__generated__',
          eagerEsModules: false,
        }),
      );
      writeFileSync(
        join(dir, 'src', 'Paging.js'),
        `graphql\`
          query PagingListsQuery($first: Int, $after: String, $last: Int, $before: String) {
            lists(first: $first, after: $after, last: $last, before: $before)
              @connection(key: "Paging_lists") {
              edges { node { id name } }
            }
          }
        \`;\n`,
      );
      const compiler = createRequire(import.meta.url).resolve('relay-compiler/cli.js');
      const compiled = spawnSync(process.execPath, [compiler], { cwd: dir, encoding: 'utf8' });
      if (compiled.status !== 0) {
        throw new Error(`relay-compiler failed:\n${compiled.stdout}\n${compiled.stderr}`);
      }
      ListsQuery = createRequire(import.meta.url)(
        join(dir, '__generated__', 'PagingListsQuery.graphql.js'),
      );
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const newEnvironment = () =>
      new Environment({
        network: Network.create(async (params, variables) => {
          const response = await fetch(`${t.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers() },
            body: JSON.stringify({ query: params.text, variables }),
          });
          return response.json();
        }),
        store: new Store(new RecordSource()),
      });

    type Data = {
      lists: {
        edges: { node: { name: string } }[];
        pageInfo: PageInfo;
      };
    };
    /** Fetches one page, keeping it in the store; answers the connection as the store has it. */
    async function page(environment: Environment, variables: Record<string, unknown>) {
      const operation = createOperationDescriptor(ListsQuery, {
        first: null,
        after: null,
        last: null,
        before: null,
        ...variables,
      });
      environment.retain(operation);
      await fetchQuery(environment, ListsQuery, operation.request.variables).toPromise();
      return environment.lookup(operation.fragment).data as unknown as Data;
    }

    it('merges forward and backward pages into the same connection', async () => {
      const forwardEnv = newEnvironment();
      let forward = await page(forwardEnv, { first: 3 });
      while (forward.lists.pageInfo.hasNextPage) {
        forward = await page(forwardEnv, { first: 3, after: forward.lists.pageInfo.endCursor });
      }
      const backwardEnv = newEnvironment();
      let backward = await page(backwardEnv, { last: 3 });
      while (backward.lists.pageInfo.hasPreviousPage) {
        backward = await page(backwardEnv, {
          last: 3,
          before: backward.lists.pageInfo.startCursor,
        });
      }
      expect(forward.lists.edges.map((edge) => edge.node.name)).toEqual(LIST_NAMES);
      expect(backward.lists.edges.map((edge) => edge.node.name)).toEqual(LIST_NAMES);
    });
  });
});

function getNamedTypeName(type: unknown): string {
  let named = type as { ofType?: unknown; name?: string };
  while (named.ofType) named = named.ofType as typeof named;
  return named.name ?? '';
}
