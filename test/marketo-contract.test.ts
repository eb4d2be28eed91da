/**
 * What CONTRACT.md "Lists delivered into Marketo" promises and the other Marketo tests leave
 * out: credentials refused during a push, the scheduled reconcile, a share stricter than
 * Marketo during a real push, a manual push after the daily budget, the webhook payloads, and
 * every name the contract gives the GraphQL schema. Through GraphQL wherever a user would act,
 * against real PostgreSQL and the fake Marketo.
 */
import {
  buildClientSchema,
  type GraphQLArgument,
  GraphQLEnumType,
  type GraphQLField,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  type GraphQLNamedType,
  GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
  type GraphQLUnionType,
  getIntrospectionQuery,
  type IntrospectionQuery,
  isListType,
  isNonNullType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeMarketo,
  type FakeMarketoOptions,
  startFakeMarketo,
} from './helpers/fake-marketo.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import {
  changeMembers,
  connectMarketo,
  deliveries,
  editMarketoList,
  endedPushes,
  marketoWebhook,
  mirrorList,
  mirrorOf,
  nextPushEnded,
  type PushView,
  pushNow,
  seedList,
  workspaceMarketo,
} from './support/marketo.js';
import { gid } from './support/sync-seed.js';
import { waitFor } from './support/util.js';

/** The rate window of the pushes' limiter here: Marketo's 20 s, shortened so tests are quick. */
const WINDOW_MS = 400;
/** A receiver address nothing listens on: the tests read the deliveries from webhook_delivery. */
const HOOK_URL = 'http://127.0.0.1:9/marketo-hook';
/** The keys CONTRACT.md gives the data of `marketo_push.succeeded` / `marketo_push.failed`. */
const PUSH_EVENT_KEYS = [
  'listId',
  'pushId',
  'marketoListId',
  'status',
  'added',
  'removed',
  'notInMarketo',
  'skipped',
  'error',
].sort();

let t: TestApp;
const fakes: FakeMarketo[] = [];

const appOptions = (config: Record<string, unknown> = {}) => ({
  worker: { watchdogMs: 200 },
  config: {
    outboundAllowPrivateNetworks: true,
    marketoPushDebounceMs: 100,
    progressThrottleMs: 0,
    ...config,
  },
  background: {
    marketo: {
      client: {
        retry: { baseDelayMs: 10, maxDelayMs: 100 },
        limiter: { windowMs: WINDOW_MS, concurrencyBackoffMs: 20 },
      },
    },
  },
});

beforeAll(async () => {
  t = await startTestApp(appOptions());
});
afterAll(async () => {
  await t?.close();
  for (const fake of fakes) await fake.close();
});

async function fakeMarketo(options: FakeMarketoOptions): Promise<FakeMarketo> {
  const fake = await startFakeMarketo({ lists: [{ name: 'Mirror' }], ...options });
  fakes.push(fake);
  return fake;
}

const mirrorListId = (fake: FakeMarketo) => (fake.listByName('Mirror') as { id: number }).id;
const sorted = (values: string[]) => [...values].sort();

/** Waits until the fake Marketo list holds exactly `emails`. */
const marketoListBecomes = (fake: FakeMarketo, emails: string[]) =>
  waitFor(
    async () =>
      JSON.stringify(sorted(fake.listMemberEmails(mirrorListId(fake)))) ===
      JSON.stringify(sorted(emails))
        ? true
        : undefined,
    30_000,
    `the Marketo list to become ${emails.join(', ')}`,
  );

describe('credentials refused during a push', () => {
  it('identity 401: the push FAILED, the connection AUTH_FAILED, the mirror FAILED, a marketo_push.failed delivery; connectMarketo resumes', async () => {
    const ws = await t.workspace();
    const fake = await fakeMarketo({
      clientId: 'refused-client',
      clientSecret: 'refused-secret-0123456789',
      leads: [{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'c@example.com' }],
    });
    const { listId, leads } = await seedList(
      t,
      ws,
      'Refused',
      ['a@example.com', 'b@example.com', 'c@example.com'],
      ['a@example.com', 'b@example.com'],
    );
    await marketoWebhook(t, ws, HOOK_URL);
    await connectMarketo(t, ws, fake);
    await mirrorList(t, ws, listId, mirrorListId(fake));
    const initial = await nextPushEnded(t, ws, listId);
    expect(initial).toMatchObject({ trigger: 'INITIAL', status: 'SUCCEEDED', added: 2 });

    // The customer rotates the secret in Marketo: identity refuses the stored one (401), and
    // the tokens issued to it stop working (601).
    fake.setCredentials('refused-client', 'rotated-secret-0123456789');
    await changeMembers(t, ws, 'add', listId, [leads['c@example.com'] as string]);
    const failed = await nextPushEnded(t, ws, listId, [initial]);
    expect(failed).toMatchObject({ trigger: 'CHANGES', status: 'FAILED', added: 0 });
    expect(failed.error).toEqual(expect.any(String));
    expect(failed.error).not.toContain('refused-secret');
    const connection = await workspaceMarketo(t, ws);
    expect(connection).toMatchObject({ status: 'AUTH_FAILED', lastError: expect.any(String) });
    const mirror = await mirrorOf(t, ws, listId);
    expect(mirror).toMatchObject({ status: 'FAILED', pendingAdds: 1 });
    const events = await deliveries(t, ws);
    expect(events.map((event) => event.type)).toEqual([
      'marketo_push.succeeded',
      'marketo_push.failed',
    ]);
    expect(Object.keys(events[1]?.data ?? {}).sort()).toEqual(PUSH_EVENT_KEYS);
    expect(events[1]?.data).toMatchObject({
      listId: gid('List', listId),
      pushId: failed.id,
      marketoListId: mirrorListId(fake),
      status: 'FAILED',
      error: failed.error,
    });
    expect(fake.listMemberEmails(mirrorListId(fake)).sort()).toEqual([
      'a@example.com',
      'b@example.com',
    ]);

    // Connecting with the rotated secret resumes the mirror, and the change reaches Marketo.
    await connectMarketo(t, ws, fake, { clientSecret: 'rotated-secret-0123456789' });
    await marketoListBecomes(fake, ['a@example.com', 'b@example.com', 'c@example.com']);
    const resumed = await nextPushEnded(t, ws, listId, [initial, failed]);
    expect(resumed).toMatchObject({ status: 'SUCCEEDED', added: 1 });
    expect(await mirrorOf(t, ws, listId)).toMatchObject({ status: 'ACTIVE', pendingAdds: 0 });
    expect(await workspaceMarketo(t, ws)).toMatchObject({ status: 'CONNECTED', lastError: null });
  });

  it('601 again after a new token: the same, and connectMarketo with the same credentials resumes', async () => {
    const ws = await t.workspace();
    const fake = await fakeMarketo({
      leads: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
    });
    const { listId, leads } = await seedList(
      t,
      ws,
      'Refused token',
      ['a@example.com', 'b@example.com'],
      ['a@example.com'],
    );
    await marketoWebhook(t, ws, HOOK_URL);
    await connectMarketo(t, ws, fake);
    await mirrorList(t, ws, listId, mirrorListId(fake));
    const initial = await nextPushEnded(t, ws, listId);
    expect(initial.status).toBe('SUCCEEDED');

    // The lookup of b's email is answered 601, and 601 again with the token identity gives next.
    const identityCalls = fake.requestsFor('identity').length;
    fake.failNext('getLeads', 601, 2);
    await changeMembers(t, ws, 'add', listId, [leads['b@example.com'] as string]);
    const failed = await nextPushEnded(t, ws, listId, [initial]);
    expect(failed).toMatchObject({ status: 'FAILED', error: expect.any(String) });
    expect(fake.requestsFor('identity').length).toBe(identityCalls + 1);
    expect(await workspaceMarketo(t, ws)).toMatchObject({ status: 'AUTH_FAILED' });
    expect(await mirrorOf(t, ws, listId)).toMatchObject({ status: 'FAILED' });
    expect((await deliveries(t, ws)).at(-1)).toMatchObject({
      type: 'marketo_push.failed',
      data: { pushId: failed.id, status: 'FAILED' },
    });

    await connectMarketo(t, ws, fake);
    await marketoListBecomes(fake, ['a@example.com', 'b@example.com']);
    expect(await mirrorOf(t, ws, listId)).toMatchObject({ status: 'ACTIVE' });
  });
});

describe('the scheduled reconcile', () => {
  it('fires on MARKETO_RECONCILE_INTERVAL_MS: re-adds a member deleted in Marketo, leaves a foreign one', async () => {
    const app = await startTestApp(appOptions({ marketoReconcileIntervalMs: 1000 }));
    try {
      const ws = await app.workspace();
      const fake = await fakeMarketo({
        leads: [
          { email: 'ours-1@example.com' },
          { email: 'ours-2@example.com' },
          { email: 'foreign@example.com' },
        ],
      });
      const marketoListId = mirrorListId(fake);
      const { listId } = await seedList(app, ws, 'Reconciled', [
        'ours-1@example.com',
        'ours-2@example.com',
      ]);
      await connectMarketo(app, ws, fake);
      await mirrorList(app, ws, listId, marketoListId);
      const initial = await nextPushEnded(app, ws, listId);
      expect(initial).toMatchObject({ trigger: 'INITIAL', status: 'SUCCEEDED', added: 2 });

      // Someone deletes one of ours from the Marketo list, and another integration adds its own.
      const ours = fake.leadsByEmail('ours-2@example.com')[0]?.id as number;
      const foreign = fake.leadsByEmail('foreign@example.com')[0]?.id as number;
      await editMarketoList(fake, 'remove', marketoListId, [ours]);
      await editMarketoList(fake, 'add', marketoListId, [foreign]);
      const before = await endedPushes(app, ws, listId);

      // No change here: only a RECONCILE push can bring ours back.
      const reconcile = await waitFor(
        async () =>
          (await endedPushes(app, ws, listId)).find(
            (push) =>
              !before.some((seen) => seen.id === push.id) &&
              push.records.edges.some(
                (edge) => edge.node.email === 'ours-2@example.com' && edge.node.outcome === 'ADDED',
              ),
          ),
        30_000,
        'a push that adds ours-2 back',
      );
      expect(reconcile).toMatchObject({ trigger: 'RECONCILE', status: 'SUCCEEDED', removed: 0 });
      expect(sorted(fake.listMemberEmails(marketoListId))).toEqual([
        'foreign@example.com',
        'ours-1@example.com',
        'ours-2@example.com',
      ]);
      // The mirror never asked Marketo to remove the foreign member.
      const removedIds = fake
        .requestsFor('removeFromList')
        .flatMap((request) => request.params.id ?? []);
      expect(removedIds).toEqual([String(ours)]);
      // Later reconciles still leave it.
      await nextPushEnded(app, ws, listId, await endedPushes(app, ws, listId));
      expect(fake.listMemberEmails(marketoListId)).toContain('foreign@example.com');
    } finally {
      await app.close();
    }
  });
});

describe('a share stricter than Marketo', () => {
  it('keeps callsPer20Seconds and concurrentCalls in the fake’s own record across mirrors pushing at once, and completes', async () => {
    const names = ['Shared 1', 'Shared 2', 'Shared 3'];
    const emails = (name: string) =>
      Array.from({ length: 900 }, (_, i) => `${name.replace(' ', '-')}-${i}@example.com`);
    const fake = await fakeMarketo({
      leads: names.flatMap((name) => emails(name).map((email) => ({ email }))),
      lists: names.map((name) => ({ name })),
      latencyMs: 25,
    });
    const ws = await t.workspace();
    const share = { callsPer20Seconds: 4, concurrentCalls: 1 };
    await connectMarketo(t, ws, fake, share);
    // Three mirrors of empty lists first: their INITIAL pushes have nothing to send, and each
    // creation's look at its Marketo list (the api's limiter, with Marketo's real 20 s window)
    // comes before the pushes' traffic instead of waiting behind it. Then members added to all
    // three: three pushes of the workspace at once, each 3 lookups and 3 adds of 300.
    const lists: { listId: string; leads: Record<string, string>; marketoListId: number }[] = [];
    for (const name of names) {
      const { listId, leads } = await seedList(t, ws, name, emails(name), []);
      const marketoListId = (fake.listByName(name) as { id: number }).id;
      await mirrorList(t, ws, listId, marketoListId);
      lists.push({ listId, leads, marketoListId });
    }
    const initials = [];
    for (const { listId } of lists) initials.push(await nextPushEnded(t, ws, listId));
    for (const { listId, leads } of lists) {
      await changeMembers(t, ws, 'add', listId, Object.values(leads));
    }
    for (const [i, { listId, marketoListId }] of lists.entries()) {
      const pushed = await nextPushEnded(t, ws, listId, [initials[i] as PushView]);
      expect(pushed).toMatchObject({ trigger: 'CHANGES', status: 'SUCCEEDED', added: 900 });
      expect(fake.listMembers(marketoListId)).toHaveLength(900);
    }

    const rest = fake.requests.filter((request) => request.operation !== 'identity');
    expect(rest.length).toBeGreaterThanOrEqual(18);
    expect(rest.every((request) => request.errorCodes.length === 0)).toBe(true);
    expect(fake.peakInFlight).toBeLessThanOrEqual(share.concurrentCalls);
    // The pushes' limiter here counts its window as WINDOW_MS instead of 20 s: in the fake's
    // record no WINDOW_MS holds more than callsPer20Seconds arrivals.
    for (const request of rest) {
      const inWindow = rest.filter(
        (other) => other.at >= request.at && other.at < request.at + WINDOW_MS,
      );
      expect(inWindow.length).toBeLessThanOrEqual(share.callsPer20Seconds);
    }
  });
});

describe('the daily budget and pushListToMarketoNow', () => {
  it('a spent budget leaves the push PARTIAL; a manual push runs once the budget allows; the webhook data has the contract’s keys', async () => {
    const emails = Array.from({ length: 700 }, (_, i) => `budget-${i}@example.com`);
    const fake = await fakeMarketo({ leads: emails.map((email) => ({ email })) });
    const ws = await t.workspace();
    const { listId } = await seedList(t, ws, 'Budgeted', emails);
    await marketoWebhook(t, ws, HOOK_URL);
    await connectMarketo(t, ws, fake, { dailyCallBudget: 3 });
    await mirrorList(t, ws, listId, mirrorListId(fake));
    const partial = await nextPushEnded(t, ws, listId);
    expect(partial).toMatchObject({ trigger: 'INITIAL', status: 'PARTIAL' });
    expect(await workspaceMarketo(t, ws)).toMatchObject({
      status: 'QUOTA_EXHAUSTED',
      callsToday: 3,
    });
    expect(fake.calls()).toBe(3);
    expect((await mirrorOf(t, ws, listId))?.pendingAdds).toBe(700);

    // While the budget is spent, a manual push is taken at once but sends nothing: the budget
    // is this service's share of the day, which no trigger exceeds.
    const refusedId = await pushNow(t, ws, listId);
    const refused = await nextPushEnded(t, ws, listId, [partial]);
    expect(refused).toMatchObject({
      id: refusedId,
      trigger: 'MANUAL',
      status: 'PARTIAL',
      calls: 0,
    });
    expect(fake.calls()).toBe(3);

    // A larger budget (connecting again replaces the share), then a manual push: it runs now,
    // not at the next Marketo day, and completes the list.
    await connectMarketo(t, ws, fake, { dailyCallBudget: 1000 });
    const manualId = await pushNow(t, ws, listId);
    const done = await nextPushEnded(t, ws, listId, [partial, refused]);
    expect(done).toMatchObject({
      id: manualId,
      trigger: 'MANUAL',
      status: 'SUCCEEDED',
      added: 700,
    });
    expect(fake.listMembers(mirrorListId(fake))).toHaveLength(700);
    expect(await mirrorOf(t, ws, listId)).toMatchObject({ status: 'ACTIVE', pendingAdds: 0 });
    expect(await workspaceMarketo(t, ws)).toMatchObject({ status: 'CONNECTED' });

    const events = await deliveries(t, ws);
    expect(events.map((event) => event.type)).toEqual([
      'marketo_push.succeeded',
      'marketo_push.succeeded',
      'marketo_push.succeeded',
    ]);
    for (const event of events) expect(Object.keys(event.data).sort()).toEqual(PUSH_EVENT_KEYS);
    expect(events[2]?.data).toEqual({
      listId: gid('List', listId),
      pushId: manualId,
      marketoListId: mirrorListId(fake),
      status: 'SUCCEEDED',
      added: 700,
      removed: 0,
      notInMarketo: 0,
      skipped: 0,
      error: null,
    });
    expect(events[0]?.data).toMatchObject({ pushId: partial.id, status: 'PARTIAL' });
  });
});

describe('the names CONTRACT.md gives the schema', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    const ws: TestWorkspace = await t.workspace();
    const res = await t.gql(getIntrospectionQuery(), {}, ws.token);
    expect(res.errors).toBeUndefined();
    schema = buildClientSchema(res.data as unknown as IntrospectionQuery);
  });

  const named = (name: string): GraphQLNamedType => {
    const type = schema.getType(name);
    expect(type, `type ${name}`).toBeDefined();
    return type as GraphQLNamedType;
  };
  const fieldsOf = (name: string) => {
    const type = named(name);
    expect(
      type instanceof GraphQLObjectType || type instanceof GraphQLInterfaceType,
      `${name} has fields`,
    ).toBe(true);
    return (type as GraphQLObjectType).getFields();
  };
  /** The named type under any NonNull and List wrappers. */
  const base = (type: GraphQLType): string => {
    let inner = type;
    while (isNonNullType(inner) || isListType(inner)) inner = inner.ofType;
    return (inner as GraphQLNamedType).name;
  };
  const expectFields = (type: string, fields: string[]) => {
    const have = fieldsOf(type);
    for (const field of fields) expect(have[field], `${type}.${field}`).toBeDefined();
  };
  const expectArgs = (field: GraphQLField<unknown, unknown>, args: string[]) =>
    expect(field.args.map((arg: GraphQLArgument) => arg.name).sort()).toEqual([...args].sort());
  const expectEnum = (name: string, values: string[]) => {
    const type = named(name);
    expect(type).toBeInstanceOf(GraphQLEnumType);
    const have = (type as GraphQLEnumType).getValues().map((value) => value.name);
    for (const value of values) expect(have, `${name}.${value}`).toContain(value);
  };
  const expectInput = (name: string, fields: string[]) => {
    const type = named(name);
    expect(type).toBeInstanceOf(GraphQLInputObjectType);
    expect(Object.keys((type as GraphQLInputObjectType).getFields()).sort()).toEqual(
      [...fields].sort(),
    );
  };

  it('connection: connectMarketo, disconnectMarketo, Workspace.marketo, MarketoConnection', () => {
    const mutations = schema.getMutationType()?.getFields() ?? {};
    expect(mutations.connectMarketo).toBeDefined();
    expectArgs(mutations.connectMarketo as GraphQLField<unknown, unknown>, ['input']);
    expectInput('ConnectMarketoInput', [
      'restEndpoint',
      'identityEndpoint',
      'clientId',
      'clientSecret',
      'callsPer20Seconds',
      'concurrentCalls',
      'dailyCallBudget',
    ]);
    expect(base(mutations.connectMarketo?.type as GraphQLType)).toBe('ConnectMarketoResult');
    const connectResult = named('ConnectMarketoResult') as GraphQLUnionType;
    expect(connectResult.getTypes().map((type) => type.name)).toContain('ConnectMarketoSuccess');
    expect(base(fieldsOf('ConnectMarketoSuccess').workspace?.type as GraphQLType)).toBe(
      'Workspace',
    );

    expect(mutations.disconnectMarketo).toBeDefined();
    expectArgs(mutations.disconnectMarketo as GraphQLField<unknown, unknown>, []);
    expect(base(mutations.disconnectMarketo?.type as GraphQLType)).toBe('DisconnectMarketoResult');
    const disconnectResult = named('DisconnectMarketoResult') as GraphQLUnionType;
    expect(disconnectResult.getTypes().map((type) => type.name)).toContain(
      'DisconnectMarketoSuccess',
    );
    expect(base(fieldsOf('DisconnectMarketoSuccess').workspace?.type as GraphQLType)).toBe(
      'Workspace',
    );

    expect(base(fieldsOf('Workspace').marketo?.type as GraphQLType)).toBe('MarketoConnection');
    expect(isNonNullType(fieldsOf('Workspace').marketo?.type)).toBe(false);
    expectFields('MarketoConnection', [
      'restEndpoint',
      'identityEndpoint',
      'clientId',
      'status',
      'callsPer20Seconds',
      'concurrentCalls',
      'dailyCallBudget',
      'callsToday',
      'connectedAt',
      'lastError',
    ]);
    expect(Object.keys(fieldsOf('MarketoConnection')).some((f) => /secret/i.test(f))).toBe(false);
    expectEnum('MarketoConnectionStatus', [
      'CONNECTED',
      'AUTH_FAILED',
      'QUOTA_EXHAUSTED',
      'DISCONNECTED',
    ]);
  });

  it('mirrors: the mutations, their inputs and answers, List.marketoMirror, MarketoMirror', () => {
    const mutations = schema.getMutationType()?.getFields() ?? {};
    expectInput('MirrorListToMarketoInput', [
      'listId',
      'marketoListId',
      'marketoListName',
      'marketoFolderId',
      'leadMatching',
    ]);
    const mirrorInput = (named('MirrorListToMarketoInput') as GraphQLInputObjectType).getFields();
    expect(base(mirrorInput.marketoListId?.type as GraphQLType)).toBe('Int');
    expect(base(mirrorInput.marketoFolderId?.type as GraphQLType)).toBe('Int');
    expect(base(mirrorInput.leadMatching?.type as GraphQLType)).toBe('MarketoLeadMatching');
    expectEnum('MarketoLeadMatching', ['EXISTING_LEADS', 'CREATE_MISSING']);
    expect(base(mutations.mirrorListToMarketo?.type as GraphQLType)).toBe(
      'MirrorListToMarketoResult',
    );
    expect(
      (named('MirrorListToMarketoResult') as GraphQLUnionType).getTypes().map((type) => type.name),
    ).toContain('MirrorListToMarketoSuccess');
    expect(base(fieldsOf('MirrorListToMarketoSuccess').mirror?.type as GraphQLType)).toBe(
      'MarketoMirror',
    );
    for (const name of ['stopMirroringList', 'pushListToMarketoNow']) {
      expect(mutations[name], name).toBeDefined();
      expectArgs(mutations[name] as GraphQLField<unknown, unknown>, ['input']);
      expectInput(base(mutations[name]?.args[0]?.type as GraphQLType), ['listId']);
    }

    expect(base(fieldsOf('List').marketoMirror?.type as GraphQLType)).toBe('MarketoMirror');
    expect(isNonNullType(fieldsOf('List').marketoMirror?.type)).toBe(false);
    expectFields('MarketoMirror', [
      'id',
      'list',
      'marketoListId',
      'marketoListName',
      'leadMatching',
      'status',
      'pendingAdds',
      'pendingRemoves',
      'lastPush',
      'pushes',
    ]);
    const mirror = fieldsOf('MarketoMirror');
    expect(base(mirror.marketoListId?.type as GraphQLType)).toBe('Int');
    expect(base(mirror.lastPush?.type as GraphQLType)).toBe('MarketoPush');
    expect(mirror.pushes?.args.map((arg) => arg.name)).toEqual(
      expect.arrayContaining(['first', 'after']),
    );
    expectEnum('MarketoMirrorStatus', ['ACTIVE', 'PAUSED', 'FAILED']);
  });

  it('pushes: MarketoPush, its records and enums, marketoPushProgress', () => {
    expectFields('MarketoPush', [
      'id',
      'trigger',
      'status',
      'startedAt',
      'finishedAt',
      'added',
      'removed',
      'leadsCreated',
      'notInMarketo',
      'skipped',
      'calls',
      'error',
      'records',
    ]);
    const records = fieldsOf('MarketoPush').records as GraphQLField<unknown, unknown>;
    expect(records.args.map((arg) => arg.name)).toEqual(
      expect.arrayContaining(['first', 'after', 'outcome']),
    );
    expect(base(records.args.find((arg) => arg.name === 'outcome')?.type as GraphQLType)).toBe(
      'MarketoPushOutcome',
    );
    expectEnum('MarketoPushTrigger', ['INITIAL', 'CHANGES', 'RECONCILE', 'MANUAL']);
    expectEnum('MarketoPushStatus', ['QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED']);
    expectEnum('MarketoPushAction', ['ADD', 'REMOVE']);
    expectEnum('MarketoPushOutcome', ['ADDED', 'REMOVED', 'CREATED', 'NOT_IN_MARKETO', 'SKIPPED']);
    expectFields('MarketoPushRecord', [
      'lead',
      'email',
      'marketoLeadId',
      'action',
      'outcome',
      'reasonCode',
      'reason',
    ]);
    const record = fieldsOf('MarketoPushRecord');
    expect(base(record.marketoLeadId?.type as GraphQLType)).toBe('Int');
    expect(base(record.action?.type as GraphQLType)).toBe('MarketoPushAction');
    expect(base(record.outcome?.type as GraphQLType)).toBe('MarketoPushOutcome');
    expect(base(record.lead?.type as GraphQLType)).toBe('Lead');

    const progress = schema.getSubscriptionType()?.getFields().marketoPushProgress;
    expect(progress).toBeDefined();
    expectArgs(progress as GraphQLField<unknown, unknown>, ['listId']);
    expect(String(progress?.args[0]?.type)).toBe('ID!');
    expect(String(progress?.type)).toBe('MarketoPush!');
  });

  it('error codes and webhook events', () => {
    expectEnum('ErrorCode', [
      'MARKETO_NOT_CONNECTED',
      'MARKETO_AUTH_FAILED',
      'MARKETO_UNREACHABLE',
      'MARKETO_LIST_NOT_FOUND',
      'ALREADY_MIRRORED',
    ]);
    expectEnum('WebhookEvent', ['MARKETO_PUSH_SUCCEEDED', 'MARKETO_PUSH_FAILED']);
  });
});
