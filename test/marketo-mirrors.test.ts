import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { type FakeMarketo, startFakeMarketo } from './helpers/fake-marketo.js';
import { subscribeSse } from './realtime-fixtures.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { Seed } from './support/sync-seed.js';
import { waitFor } from './support/util.js';

const FOLDER = 12;
let fake: FakeMarketo;
let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;

const gid = (type: string, id: string) => encodeGlobalID(type, id);

const Connect = graphql(/* GraphQL */ `
  mutation MirrorsConnectMarketo($input: ConnectMarketoInput!) {
    connectMarketo(input: $input) {
      __typename
      ...ErrorFields
    }
  }
`);

const Mirror = graphql(/* GraphQL */ `
  mutation MirrorListToMarketo($input: MirrorListToMarketoInput!) {
    mirrorListToMarketo(input: $input) {
      __typename
      ...ErrorFields
      ... on MirrorListToMarketoSuccess {
        mirror {
          id
          list {
            id
          }
          marketoListId
          marketoListName
          leadMatching
          status
        }
      }
    }
  }
`);

const Stop = graphql(/* GraphQL */ `
  mutation StopMirroringList($input: StopMirroringListInput!) {
    stopMirroringList(input: $input) {
      __typename
      ...ErrorFields
      ... on StopMirroringListSuccess {
        list {
          id
          marketoMirror {
            id
          }
        }
      }
    }
  }
`);

const PushNow = graphql(/* GraphQL */ `
  mutation PushListToMarketoNow($input: PushListToMarketoNowInput!) {
    pushListToMarketoNow(input: $input) {
      __typename
      ...ErrorFields
      ... on PushListToMarketoNowSuccess {
        push {
          id
          trigger
          status
        }
        mirror {
          id
        }
      }
    }
  }
`);

const MirrorOfList = graphql(/* GraphQL */ `
  query MarketoMirrorOfList($id: ID!) {
    node(id: $id) {
      ... on List {
        id
        marketoMirror {
          id
          marketoListId
          marketoListName
          status
          pendingAdds
          pendingRemoves
          lastPush {
            id
            trigger
            status
            added
            removed
            notInMarketo
            skipped
            calls
            error
          }
          pushes(first: 10) {
            totalCount
            edges {
              node {
                id
                trigger
                status
                records(first: 50) {
                  totalCount
                  edges {
                    node {
                      email
                      marketoLeadId
                      action
                      outcome
                      lead {
                        id
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`);

const NodeById = graphql(/* GraphQL */ `
  query MarketoNodeById($id: ID!) {
    node(id: $id) {
      id
    }
  }
`);

const PUSH_PROGRESS = /* GraphQL */ `
  subscription MarketoPushProgress($listId: ID!) {
    marketoPushProgress(listId: $listId) {
      id
      trigger
      status
      added
      removed
    }
  }
`;

interface ProgressItem {
  id: string;
  trigger: string;
  status: string;
  added: number;
  removed: number;
}

const FINAL = ['SUCCEEDED', 'PARTIAL', 'FAILED'];

const leads = new Map<string, string>();

/** A list of the workspace with leads of these emails on it (manual members). */
async function listWith(name: string, emails: string[]): Promise<string> {
  const listId = await seed.list(name);
  for (const email of emails) {
    let lead = leads.get(email);
    if (!lead) {
      lead = await seed.lead(email);
      leads.set(email, lead);
    }
    await seed.listMember(listId, lead, 'MANUAL');
  }
  return listId;
}

async function mirror(input: Record<string, unknown>, token?: string, app: TestApp = t) {
  const res = await app.gql(Mirror, { input: input as never }, token);
  expect(res.errors).toBeUndefined();
  return res.data.mirrorListToMarketo;
}

async function mirrorOf(listId: string, token?: string) {
  const res = await t.gql(MirrorOfList, { id: gid('List', listId) }, token);
  expect(res.errors).toBeUndefined();
  const node = res.data.node as { marketoMirror?: unknown } | null;
  return (node as { marketoMirror: NonNullable<unknown> } | null)?.marketoMirror as
    | {
        id: string;
        status: string;
        pendingAdds: number;
        pendingRemoves: number;
        lastPush: { id: string; trigger: string; status: string; added: number } | null;
        pushes: {
          totalCount: number;
          edges: {
            node: {
              trigger: string;
              status: string;
              records: {
                totalCount: number;
                edges: { node: { email: string; outcome: string; lead: { id: string } | null } }[];
              };
            };
          }[];
        };
      }
    | null
    | undefined;
}

beforeAll(async () => {
  fake = await startFakeMarketo({
    clientId: 'mirrors-client',
    clientSecret: 'mirrors-secret-0123456789',
    leads: [
      { email: 'ann@example.com', firstName: 'Ann' },
      { email: 'bob@example.com', firstName: 'Bob' },
    ],
  });
  t = await startTestApp({
    worker: { watchdogMs: 500 },
    config: { outboundAllowPrivateNetworks: true, marketoPushDebounceMs: 50 },
  });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
});

afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('mirrorListToMarketo', () => {
  it('answers MARKETO_NOT_CONNECTED before the workspace connects', async () => {
    const listId = await listWith('Unconnected', []);
    const answer = await mirror({ listId: gid('List', listId), marketoListName: 'Anything' });
    expect(answer).toMatchObject({ code: 'MARKETO_NOT_CONNECTED' });
    expect(fake.calls()).toBe(0);
  });

  it('connects', async () => {
    const res = await t.gql(Connect, {
      input: {
        restEndpoint: fake.restEndpoint,
        clientId: 'mirrors-client',
        clientSecret: 'mirrors-secret-0123456789',
      },
    });
    expect(res.data.connectMarketo.__typename).toBe('ConnectMarketoSuccess');
  });

  it('needs exactly one of marketoListId and marketoListName, and a write token', async () => {
    const listId = gid('List', await listWith('Checked', []));
    expect(await mirror({ listId })).toMatchObject({ code: 'VALIDATION' });
    expect(await mirror({ listId, marketoListId: 1, marketoListName: 'Both' })).toMatchObject({
      code: 'VALIDATION',
    });
    const reader = await ws.tokenWith(['read']);
    expect(await mirror({ listId, marketoListName: 'Read only' }, reader)).toMatchObject({
      __typename: 'ForbiddenError',
    });
    expect(fake.calls()).toBe(0);
  });

  it('answers MARKETO_LIST_NOT_FOUND for an unknown Marketo list id', async () => {
    const listId = gid('List', await listWith('Unknown id', []));
    expect(await mirror({ listId, marketoListId: 987654 })).toMatchObject({
      __typename: 'MarketoListNotFoundError',
      code: 'MARKETO_LIST_NOT_FOUND',
    });
  });

  it('needs a folder only when the named list must be created', async () => {
    const listId = gid('List', await listWith('No folder', []));
    expect(await mirror({ listId, marketoListName: 'Not there yet' })).toMatchObject({
      code: 'VALIDATION',
      fieldErrors: [{ path: ['input', 'marketoFolderId'] }],
    });
    expect(fake.requestsFor('createStaticList')).toHaveLength(0);
  });

  it('answers NOT_FOUND for a list of another workspace', async () => {
    const other = await t.workspace();
    const foreign = await new Seed(t.database.pool, other.id).list('Foreign');
    expect(
      await mirror({ listId: gid('List', foreign), marketoListName: 'Foreign' }),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('creates the named Marketo list exactly once with two api processes racing', async () => {
    const second = await startTestApp({
      config: { outboundAllowPrivateNetworks: true },
      databaseUrlFor: () => t.databaseUrl,
    });
    try {
      const first = await listWith('Race one', ['ann@example.com']);
      const other = await listWith('Race two', ['bob@example.com']);
      // Both requests reach Marketo's lookups while the other one is still in flight.
      fake.setLatency(150);
      const answers = await Promise.all([
        mirror({ listId: gid('List', first), marketoListName: 'Raced', marketoFolderId: FOLDER }),
        mirror(
          { listId: gid('List', other), marketoListName: 'Raced', marketoFolderId: FOLDER },
          ws.token,
          second,
        ),
      ]);
      fake.setLatency(0);
      const kinds = answers.map((answer) => answer.__typename).sort();
      expect(kinds).toEqual(['AlreadyMirroredError', 'MirrorListToMarketoSuccess']);
      expect(fake.requestsFor('createStaticList')).toHaveLength(1);
      expect(fake.lists().filter((list) => list.name === 'Raced')).toHaveLength(1);
    } finally {
      fake.setLatency(0);
      await second.close();
    }
  });

  it('answers ALREADY_MIRRORED for a second mirror of the same Marketo list or of the same list', async () => {
    const existing = fake.addList({ name: 'Existing', folderId: FOLDER });
    const listId = await listWith('Mirrored twice', []);
    const made = await mirror({ listId: gid('List', listId), marketoListId: existing.id });
    expect(made.__typename).toBe('MirrorListToMarketoSuccess');
    const creates = fake.requestsFor('createStaticList').length;
    const otherList = gid('List', await listWith('Same Marketo list', []));
    expect(await mirror({ listId: otherList, marketoListId: existing.id })).toMatchObject({
      code: 'ALREADY_MIRRORED',
    });
    expect(
      await mirror({ listId: otherList, marketoListName: 'Existing', marketoFolderId: FOLDER }),
    ).toMatchObject({ code: 'ALREADY_MIRRORED' });
    expect(
      await mirror({
        listId: gid('List', listId),
        marketoListName: 'Brand new',
        marketoFolderId: FOLDER,
      }),
    ).toMatchObject({ code: 'ALREADY_MIRRORED' });
    expect(fake.requestsFor('createStaticList')).toHaveLength(creates);
  });
});

describe('pushes', () => {
  let listId: string;
  let marketoListId: number;

  it('queues the INITIAL push with the mirror; the list reaches Marketo', async () => {
    listId = await listWith('Delivered', ['ann@example.com', 'bob@example.com', 'cy@example.com']);
    const made = await mirror({
      listId: gid('List', listId),
      marketoListName: 'Delivered',
      marketoFolderId: FOLDER,
    });
    expect(made).toMatchObject({
      __typename: 'MirrorListToMarketoSuccess',
      mirror: { marketoListName: 'Delivered', leadMatching: 'EXISTING_LEADS', status: 'ACTIVE' },
    });
    marketoListId = (made as { mirror: { marketoListId: number } }).mirror.marketoListId;
    const done = await waitFor(async () => {
      const state = await mirrorOf(listId);
      return state?.lastPush && FINAL.includes(state.lastPush.status) ? state : undefined;
    });
    expect(done.lastPush).toMatchObject({ trigger: 'INITIAL', status: 'SUCCEEDED', added: 2 });
    expect(done.pendingAdds).toBe(0);
    expect(fake.listMemberEmails(marketoListId).sort()).toEqual([
      'ann@example.com',
      'bob@example.com',
    ]);
    const records = done.pushes.edges[0].node.records;
    expect(records.totalCount).toBe(3);
    expect(records.edges.map((edge) => [edge.node.email, edge.node.outcome]).sort()).toEqual([
      ['ann@example.com', 'ADDED'],
      ['bob@example.com', 'ADDED'],
      ['cy@example.com', 'NOT_IN_MARKETO'],
    ]);
    expect(records.edges.every((edge) => edge.node.lead !== null)).toBe(true);
  });

  it('pushListToMarketoNow queues a MANUAL push, streamed to its final status', async () => {
    const sub = await subscribeSse<ProgressItem>(
      t.url,
      '/graphql',
      ws.token,
      PUSH_PROGRESS,
      { listId: gid('List', listId) },
      'marketoPushProgress',
    );
    try {
      expect(sub.status).toBe(200);
      const res = await t.gql(PushNow, { input: { listId: gid('List', listId) } });
      expect(res.data.pushListToMarketoNow).toMatchObject({
        __typename: 'PushListToMarketoNowSuccess',
        push: { trigger: 'MANUAL' },
      });
      const pushId = (res.data.pushListToMarketoNow as { push: { id: string } }).push.id;
      const items = await sub.until((seen) =>
        seen.some((item) => item.id === pushId && FINAL.includes(item.status)),
      );
      const last = items.filter((item) => item.id === pushId).at(-1);
      expect(last).toMatchObject({ trigger: 'MANUAL', status: 'SUCCEEDED' });
    } finally {
      sub.stop();
    }
  });

  it('another workspace sees no mirror, push or progress', async () => {
    const other = await t.workspace();
    const state = await mirrorOf(listId, other.token);
    expect(state ?? null).toBeNull();
    const mine = await mirrorOf(listId);
    const mirrorGid = mine?.id as string;
    const pushGid = mine?.lastPush?.id as string;
    for (const id of [mirrorGid, pushGid]) {
      const res = await t.gql(NodeById, { id }, other.token);
      expect(res.data.node).toBeNull();
      const own = await t.gql(NodeById, { id });
      expect(own.data.node).toEqual({ id });
    }
    const sub = await subscribeSse<ProgressItem>(
      t.url,
      '/graphql',
      other.token,
      PUSH_PROGRESS,
      { listId: gid('List', listId) },
      'marketoPushProgress',
    );
    const ended = await sub.done;
    expect(ended.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const pushed = await t.gql(PushNow, { input: { listId: gid('List', listId) } }, other.token);
    expect(pushed.data.pushListToMarketoNow).toMatchObject({ code: 'NOT_FOUND' });
    const stopped = await t.gql(Stop, { input: { listId: gid('List', listId) } }, other.token);
    expect(stopped.data.stopMirroringList).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stopMirroringList forgets the mirror and leaves the Marketo list as it is', async () => {
    const res = await t.gql(Stop, { input: { listId: gid('List', listId) } });
    expect(res.data.stopMirroringList).toMatchObject({
      __typename: 'StopMirroringListSuccess',
      list: { id: gid('List', listId), marketoMirror: null },
    });
    expect(fake.list(marketoListId)).toBeDefined();
    expect(fake.listMemberEmails(marketoListId).sort()).toEqual([
      'ann@example.com',
      'bob@example.com',
    ]);
    const again = await t.gql(PushNow, { input: { listId: gid('List', listId) } });
    expect(again.data.pushListToMarketoNow).toMatchObject({ code: 'NOT_FOUND' });
  });
});
