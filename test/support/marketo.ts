/**
 * Steps the Marketo tests take as a user would (GraphQL over HTTP), a bulk seed of a list's
 * leads, and edits of a fake Marketo list made the way someone else's integration would make
 * them (its own REST calls).
 */
import { expect } from 'vitest';
import type { FakeMarketo } from '../helpers/fake-marketo.js';
import type { TestApp, TestWorkspace } from './harness.js';
import { gid } from './sync-seed.js';
import { waitFor } from './util.js';

export const FINAL_PUSH = ['SUCCEEDED', 'PARTIAL', 'FAILED'];

/** A list of the workspace holding a new lead (manual member) for each email. */
export async function seedList(
  t: TestApp,
  ws: TestWorkspace,
  name: string,
  emails: string[],
  members: string[] = emails,
): Promise<{ listId: string; leads: Record<string, string> }> {
  const { pool } = t.database;
  const list = await pool.query<{ id: string }>(
    'insert into static_list (workspace_id, name) values ($1, $2) returning id::text',
    [ws.id, name],
  );
  const listId = list.rows[0]?.id as string;
  const made = await pool.query<{ id: string; email: string }>(
    `insert into lead (workspace_id, email) select $1, unnest($2::text[])
     returning id::text, email`,
    [ws.id, emails],
  );
  const leads = Object.fromEntries(made.rows.map((row) => [row.email, row.id]));
  await pool.query(
    `insert into list_membership (workspace_id, list_id, lead_id, source)
     select $1, $2, unnest($3::bigint[]), 'MANUAL'`,
    [ws.id, listId, members.map((email) => leads[email])],
  );
  return { listId, leads };
}

const CONNECT = /* GraphQL */ `
  mutation ContractConnectMarketo($input: ConnectMarketoInput!) {
    connectMarketo(input: $input) {
      __typename
      ... on Error { code message }
      ... on ConnectMarketoSuccess { workspace { id marketo { status } } }
    }
  }
`;

/** connectMarketo with the fake's endpoint and credentials (and `input`); asserts success. */
export async function connectMarketo(
  t: TestApp,
  ws: TestWorkspace,
  fake: FakeMarketo,
  input: Record<string, unknown> = {},
): Promise<void> {
  const res = await t.gql(
    CONNECT,
    {
      input: {
        restEndpoint: fake.restEndpoint,
        clientId: fake.clientId,
        clientSecret: fake.clientSecret,
        ...input,
      },
    },
    ws.token,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data).toMatchObject({
    connectMarketo: {
      __typename: 'ConnectMarketoSuccess',
      workspace: { id: ws.globalId, marketo: { status: 'CONNECTED' } },
    },
  });
}

const MIRROR = /* GraphQL */ `
  mutation ContractMirror($input: MirrorListToMarketoInput!) {
    mirrorListToMarketo(input: $input) {
      __typename
      ... on Error { code message }
      ... on MirrorListToMarketoSuccess { mirror { id marketoListId status } }
    }
  }
`;

/** mirrorListToMarketo of `listId` into the Marketo list `marketoListId`; asserts success. */
export async function mirrorList(
  t: TestApp,
  ws: TestWorkspace,
  listId: string,
  marketoListId: number,
  leadMatching: 'EXISTING_LEADS' | 'CREATE_MISSING' = 'EXISTING_LEADS',
): Promise<void> {
  const res = await t.gql(
    MIRROR,
    { input: { listId: gid('List', listId), marketoListId, leadMatching } },
    ws.token,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data).toMatchObject({
    mirrorListToMarketo: {
      __typename: 'MirrorListToMarketoSuccess',
      mirror: { marketoListId, status: 'ACTIVE' },
    },
  });
}

export interface PushView {
  id: string;
  trigger: string;
  status: string;
  added: number;
  removed: number;
  notInMarketo: number;
  skipped: number;
  calls: number;
  error: string | null;
  records: { edges: { node: { email: string; action: string; outcome: string } }[] };
}

export interface MirrorView {
  id: string;
  status: string;
  pendingAdds: number;
  pendingRemoves: number;
  lastPush: PushView | null;
  pushes: { edges: { node: PushView }[] };
}

const PUSH_FIELDS = `id trigger status added removed notInMarketo skipped calls error
  records(first: 100) { edges { node { email action outcome } } }`;

// Built from PUSH_FIELDS, so not marked for codegen (which reads marked documents as written).
const MIRROR_OF_LIST = `
  query ContractMirrorOfList($id: ID!) {
    node(id: $id) {
      ... on List {
        marketoMirror {
          id status pendingAdds pendingRemoves
          lastPush { ${PUSH_FIELDS} }
          pushes(first: 50) { edges { node { ${PUSH_FIELDS} } } }
        }
      }
    }
  }
`;

/** List.marketoMirror as the workspace reads it (null when not mirrored). */
export async function mirrorOf(
  t: TestApp,
  ws: TestWorkspace,
  listId: string,
): Promise<MirrorView | null> {
  const res = await t.gql(MIRROR_OF_LIST, { id: gid('List', listId) }, ws.token);
  expect(res.errors).toBeUndefined();
  return (res.data as { node: { marketoMirror: MirrorView | null } }).node.marketoMirror;
}

/** The mirror's pushes that ended, oldest first. */
export async function endedPushes(
  t: TestApp,
  ws: TestWorkspace,
  listId: string,
): Promise<PushView[]> {
  const mirror = await mirrorOf(t, ws, listId);
  return (mirror?.pushes.edges ?? [])
    .map((edge) => edge.node)
    .filter((push) => FINAL_PUSH.includes(push.status))
    .sort((a, b) => pushNumber(a) - pushNumber(b));
}

/** A push's database id, from its global id, to order pushes. */
const pushNumber = (push: PushView) =>
  Number(Buffer.from(push.id, 'base64').toString().split(':').at(-1));

/** Waits for a push of the list's mirror not among `seen` (ids) to end, and answers it. */
export async function nextPushEnded(
  t: TestApp,
  ws: TestWorkspace,
  listId: string,
  seen: PushView[] = [],
  what = 'a push to end',
): Promise<PushView> {
  const known = new Set(seen.map((push) => push.id));
  return waitFor(
    async () => (await endedPushes(t, ws, listId)).find((push) => !known.has(push.id)),
    30_000,
    what,
  );
}

const WORKSPACE_MARKETO = /* GraphQL */ `
  query ContractWorkspaceMarketo {
    workspace { marketo { status lastError callsToday dailyCallBudget } }
  }
`;

/** Workspace.marketo of the token's workspace. */
export async function workspaceMarketo(
  t: TestApp,
  ws: TestWorkspace,
): Promise<{ status: string; lastError: string | null; callsToday: number } | null> {
  const res = await t.gql(WORKSPACE_MARKETO, {}, ws.token);
  expect(res.errors).toBeUndefined();
  return (res.data as { workspace: { marketo: never } }).workspace.marketo;
}

const PUSH_NOW = /* GraphQL */ `
  mutation ContractPushNow($input: PushListToMarketoNowInput!) {
    pushListToMarketoNow(input: $input) {
      __typename
      ... on Error { code message }
      ... on PushListToMarketoNowSuccess { push { id trigger } }
    }
  }
`;

/** pushListToMarketoNow; answers the MANUAL push's id. */
export async function pushNow(t: TestApp, ws: TestWorkspace, listId: string): Promise<string> {
  const res = await t.gql(PUSH_NOW, { input: { listId: gid('List', listId) } }, ws.token);
  expect(res.errors).toBeUndefined();
  const answer = (res.data as { pushListToMarketoNow: { push: { id: string; trigger: string } } })
    .pushListToMarketoNow;
  expect(answer).toMatchObject({
    __typename: 'PushListToMarketoNowSuccess',
    push: { trigger: 'MANUAL' },
  });
  return answer.push.id;
}

/** addListMembers / removeListMembers of leads by id. */
export async function changeMembers(
  t: TestApp,
  ws: TestWorkspace,
  verb: 'add' | 'remove',
  listId: string,
  leadIds: string[],
): Promise<void> {
  const type = verb === 'add' ? 'AddListMembersInput' : 'RemoveListMembersInput';
  const res = await t.gql(
    `mutation ($input: ${type}!) { ${verb}ListMembers(input: $input) { __typename } }`,
    { input: { listId: gid('List', listId), leadIds: leadIds.map((id) => gid('Lead', id)) } },
    ws.token,
  );
  expect(res.errors).toBeUndefined();
  expect(
    (res.data as Record<string, { __typename: string }>)[`${verb}ListMembers`]?.__typename,
  ).toBe(verb === 'add' ? 'AddListMembersSuccess' : 'RemoveListMembersSuccess');
}

/** createWebhook for the Marketo push events (the receiver need not answer). */
export async function marketoWebhook(t: TestApp, ws: TestWorkspace, url: string): Promise<void> {
  const res = await t.gql(
    `mutation ($input: CreateWebhookInput!) {
       createWebhook(input: $input) { __typename ... on Error { code message } }
     }`,
    { input: { url, events: ['MARKETO_PUSH_SUCCEEDED', 'MARKETO_PUSH_FAILED'] } },
    ws.token,
  );
  expect(res.errors).toBeUndefined();
  expect((res.data as { createWebhook: { __typename: string } }).createWebhook.__typename).toBe(
    'CreateWebhookSuccess',
  );
}

/** The webhook deliveries queued for the workspace, oldest first, with their parsed bodies. */
export async function deliveries(
  t: TestApp,
  ws: TestWorkspace,
): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const { rows } = await t.database.pool.query<{ event_type: string; payload: string }>(
    'select event_type, payload from webhook_delivery where workspace_id = $1 order by id',
    [ws.id],
  );
  return rows.map((row) => {
    const body = JSON.parse(row.payload) as { type: string; data: Record<string, unknown> };
    expect(body.type).toBe(row.event_type);
    return { type: row.event_type, data: body.data };
  });
}

/**
 * Adds (POST) or removes (DELETE) Marketo lead ids on a fake list through its REST API, as
 * another integration of the subscription would, with a token of its own client.
 */
export async function editMarketoList(
  fake: FakeMarketo,
  verb: 'add' | 'remove',
  marketoListId: number,
  ids: number[],
): Promise<void> {
  const identity = await fetch(
    `${fake.identityEndpoint}/oauth/token?${new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
    })}`,
  );
  const { access_token: token } = (await identity.json()) as { access_token: string };
  const res = await fetch(
    `${fake.restEndpoint}/v1/lists/${marketoListId}/leads.json?${ids.map((id) => `id=${id}`).join('&')}`,
    {
      method: verb === 'add' ? 'POST' : 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    },
  );
  const body = (await res.json()) as { success: boolean; result: { status: string }[] };
  expect(body.success).toBe(true);
  expect(body.result.map((r) => r.status)).toEqual(
    ids.map(() => (verb === 'add' ? 'added' : 'removed')),
  );
}
