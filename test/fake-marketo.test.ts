/**
 * The fake Marketo (test/helpers/fake-marketo.ts) checked two ways: through node-marketo-rest,
 * a real Marketo client from npm, which must see what Marketo would answer; and with plain
 * fetch for the strict rules a client relies on (limits, codes, HTTP-level answers).
 */
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeMarketo,
  type FakeMarketoOptions,
  startFakeMarketo,
} from './helpers/fake-marketo.js';

interface MarketoEnvelope {
  requestId: string;
  success: boolean;
  result?: any[];
  errors?: Array<{ code: string; message: string }>;
  warnings?: unknown[];
  nextPageToken?: string;
  nextPage?: () => Promise<MarketoEnvelope>;
}

/** The part of node-marketo-rest's API these tests use (the package ships no types). */
interface MarketoClient {
  getOAuthToken(): Promise<{ access_token: string; expires_in: number; token_type: string }>;
  lead: {
    find(
      filterType: string,
      values: string[],
      options?: { fields?: string[] },
    ): Promise<MarketoEnvelope>;
    createOrUpdate(
      input: object[],
      options?: { lookupField?: string; action?: string },
    ): Promise<MarketoEnvelope>;
  };
  list: {
    addLeadsToList(listId: number, ids: number[]): Promise<MarketoEnvelope>;
    removeLeadsFromList(listId: number, ids: number[]): Promise<MarketoEnvelope>;
    getLeads(listId: number, options?: { batchSize?: number }): Promise<MarketoEnvelope>;
    find(options: { name?: string[]; id?: number[] }): Promise<MarketoEnvelope>;
  };
}

const Marketo = createRequire(import.meta.url)('node-marketo-rest') as new (
  options: object,
) => MarketoClient;

const started: FakeMarketo[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((fake) => fake.close()));
});

async function fakeMarketo(options: FakeMarketoOptions = {}): Promise<FakeMarketo> {
  const fake = await startFakeMarketo(options);
  started.push(fake);
  return fake;
}

function clientFor(fake: FakeMarketo): MarketoClient {
  return new Marketo({
    endpoint: fake.restEndpoint,
    identity: fake.identityEndpoint,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    // Retries stay on (they are how the client reacts to 602) but wait milliseconds, not seconds.
    retry: { maxRetries: 2, initialDelay: 5, maxDelay: 10 },
  });
}

async function token(fake: FakeMarketo): Promise<string> {
  const url = `${fake.identityEndpoint}/oauth/token?grant_type=client_credentials&client_id=${fake.clientId}&client_secret=${fake.clientSecret}`;
  const body = (await (await fetch(url)).json()) as { access_token: string };
  return body.access_token;
}

/** A REST call with a Bearer token; answers the status and the parsed JSON (or text). */
async function call(
  fake: FakeMarketo,
  path: string,
  init: { method?: string; body?: string; contentType?: string; accessToken?: string } = {},
): Promise<{ status: number; body: any }> {
  const accessToken = init.accessToken ?? (await token(fake));
  const response = await fetch(`${fake.restEndpoint}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${accessToken}`,
      ...(init.contentType ? { 'content-type': init.contentType } : {}),
    },
    body: init.body,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, body };
}

const seedLeads = [
  { id: 7001, email: 'Abe@usa.gov', firstName: 'Abraham', lastName: 'Lincoln' },
  { id: 7002, email: 'mary@usa.gov', firstName: 'Mary', lastName: 'Todd' },
  { id: 7003, email: 'robert@usa.gov', firstName: 'Robert' },
];

describe('fake Marketo through node-marketo-rest', () => {
  it('issues a token to the client and finds leads by email, case-insensitively, with the fields asked', async () => {
    const fake = await fakeMarketo({ leads: seedLeads });
    const client = clientFor(fake);
    const found = await client.lead.find(
      'email',
      ['abe@usa.gov', 'robert@usa.gov', 'nobody@x.com'],
      {
        fields: ['id', 'email', 'lastName'],
      },
    );
    expect(found.success).toBe(true);
    // Null fields are left out; the stored spelling of the email comes back.
    expect(found.result).toEqual([
      { id: 7001, email: 'Abe@usa.gov', lastName: 'Lincoln' },
      { id: 7003, email: 'robert@usa.gov' },
    ]);
    expect(found.nextPageToken).toBeUndefined();
    expect(found.requestId).toMatch(/^[0-9a-f]+#[0-9a-f]+$/);
    const lookup = fake.requestsFor('getLeads')[0];
    expect(lookup.headers.authorization).toBe(`Bearer ${fake.issuedTokens()[0]}`);
    expect(fake.calls('identity')).toBe(1);

    const none = await client.lead.find('email', ['nobody@x.com']);
    expect(none.result).toEqual([]);
    expect(none.success).toBe(true);
  });

  it('answers createOrUpdate per record in input order: updated, created, skipped with a reason', async () => {
    const fake = await fakeMarketo({ leads: seedLeads });
    const client = clientFor(fake);
    const answer = await client.lead.createOrUpdate(
      [
        { email: 'mary@usa.gov', firstName: 'Mary Ann' },
        { email: 'new@usa.gov', firstName: 'New', lastName: 'Lead' },
        { email: 'odd@usa.gov', favouriteColour: 'blue' },
      ],
      { lookupField: 'email', action: 'createOrUpdate' },
    );
    const created = fake.leadsByEmail('new@usa.gov');
    expect(created).toHaveLength(1);
    expect(answer.result).toEqual([
      { id: 7002, status: 'updated' },
      { id: created[0].id, status: 'created' },
      {
        status: 'skipped',
        reasons: [{ code: '1006', message: "Field 'favouriteColour' not found" }],
      },
    ]);
    expect(fake.lead(7002)?.firstName).toBe('Mary Ann');
    expect(fake.leadsByEmail('odd@usa.gov')).toEqual([]);

    // The same email again updates the lead it created rather than creating a second one.
    const again = await client.lead.createOrUpdate([{ email: 'NEW@usa.gov', lastName: 'Again' }], {
      lookupField: 'email',
    });
    expect(again.result).toEqual([{ id: created[0].id, status: 'updated' }]);
    expect(fake.leadsByEmail('new@usa.gov')).toHaveLength(1);

    const createOnly = await client.lead.createOrUpdate([{ email: 'abe@usa.gov' }], {
      lookupField: 'email',
      action: 'createOnly',
    });
    expect(createOnly.result).toEqual([
      { status: 'skipped', reasons: [{ code: '1005', message: 'Lead already exists' }] },
    ]);
  });

  it('adds leads to a list (again "added" for a member, 1004 for an unknown lead) and removes them (1015 when not a member)', async () => {
    const fake = await fakeMarketo({
      leads: seedLeads,
      lists: [{ id: 1001, name: 'Lions', members: [7001] }],
    });
    const client = clientFor(fake);
    const added = await client.list.addLeadsToList(1001, [7001, 7002, 999999]);
    expect(added.result).toEqual([
      { id: 7001, status: 'added' },
      { id: 7002, status: 'added' },
      { id: 999999, status: 'skipped', reasons: [{ code: '1004', message: 'Lead not found' }] },
    ]);
    expect(fake.listMembers(1001)).toEqual([7001, 7002]);

    const removed = await client.list.removeLeadsFromList(1001, [7002]);
    expect(removed.result).toEqual([{ id: 7002, status: 'removed' }]);
    const notMember = await client.list.removeLeadsFromList(1001, [7003]);
    expect(notMember.result).toEqual([
      { id: 7003, status: 'skipped', reasons: [{ code: '1015', message: 'Lead not in list' }] },
    ]);
    expect(fake.listMemberEmails(1001)).toEqual(['Abe@usa.gov']);
    // The client sent the remove as DELETE with the id in the query string.
    expect(fake.requestsFor('removeFromList')[0]).toMatchObject({
      method: 'DELETE',
      query: { id: ['7002'] },
    });
  });

  it('pages list members with nextPageToken and leaves the token off the last page', async () => {
    const leads = Array.from({ length: 5 }, (_, index) => ({
      id: 100 + index,
      email: `m${index}@x.com`,
    }));
    const fake = await fakeMarketo({
      leads,
      lists: [{ id: 1001, name: 'Lions', members: leads.map((l) => l.id) }],
    });
    const client = clientFor(fake);
    const seen: number[] = [];
    const tokens: string[] = [];
    let pageCount = 0;
    let page = await client.list.getLeads(1001, { batchSize: 2 });
    for (;;) {
      pageCount += 1;
      seen.push(...(page.result ?? []).map((lead) => lead.id));
      if (!page.nextPage) break;
      tokens.push(page.nextPageToken!);
      page = await page.nextPage();
    }
    expect(seen).toEqual([100, 101, 102, 103, 104]);
    expect(pageCount).toBe(3);
    // The client uses the legacy path as POST with `_method=GET` and the token in the form body.
    const requests = fake.requestsFor('listMembers');
    expect(requests.map((r) => [r.method, r.effectiveMethod, r.path])).toEqual(
      Array(3).fill(['POST', 'GET', '/rest/v1/list/1001/leads.json']),
    );
    expect(requests.map((r) => r.params.nextPageToken)).toEqual([
      undefined,
      [tokens[0]],
      [tokens[1]],
    ]);
    expect(page.nextPageToken).toBeUndefined();
  });

  it('finds a list by name through lists.json, and answers 1013 for a list that does not exist', async () => {
    const fake = await fakeMarketo({
      lists: [
        { id: 1001, name: 'Lions' },
        { id: 1002, name: 'Tigers' },
      ],
    });
    const client = clientFor(fake);
    const found = await client.list.find({ name: ['Tigers'] });
    expect(found.result).toEqual([
      expect.objectContaining({ id: 1002, name: 'Tigers', workspaceName: 'Default' }),
    ]);
    await expect(client.list.getLeads(4242)).rejects.toMatchObject({
      errors: [{ code: '1013', message: 'Object not found' }],
    });
  });

  it('makes the client fetch a new token after expiry (602) and replay the call', async () => {
    const fake = await fakeMarketo({ leads: seedLeads });
    const client = clientFor(fake);
    await client.lead.find('email', ['abe@usa.gov']);
    fake.expireTokens();
    const after = await client.lead.find('email', ['abe@usa.gov']);
    expect(after.result).toEqual([expect.objectContaining({ id: 7001 })]);
    const lookups = fake.requestsFor('getLeads');
    expect(lookups.map((r) => r.errorCodes)).toEqual([[], ['602'], []]);
    expect(fake.issuedTokens()).toHaveLength(2);
    expect(lookups[2].headers.authorization).toBe(`Bearer ${fake.issuedTokens()[1]}`);
    // Calls answered 602 count against neither the quota nor the rate.
    expect(fake.dailyCallsUsed()).toBe(2);
  });

  it('lets the client retry an injected 606 and a 5xx, and reports 607 to it', async () => {
    const fake = await fakeMarketo({ leads: seedLeads });
    const client = clientFor(fake);
    fake.failNext('getLeads', 606);
    fake.failNext('getLeads', 502);
    const found = await client.lead.find('email', ['mary@usa.gov']);
    expect(found.result).toEqual([expect.objectContaining({ id: 7002 })]);
    expect(fake.requestsFor('getLeads').map((r) => r.status)).toEqual([200, 502, 200]);
    expect(fake.requestsFor('getLeads')[0].errorCodes).toEqual(['606']);

    fake.setLimits({ dailyQuota: 10 });
    fake.setDailyCallsUsed(10);
    await expect(client.lead.find('email', ['mary@usa.gov'])).rejects.toMatchObject({
      errors: [{ code: '607', message: 'Daily quota reached' }],
    });
  });
});

describe('fake Marketo: identity and tokens', () => {
  it('answers the documented token body, the same token until expiry, and 401 for bad credentials', async () => {
    const fake = await fakeMarketo({ tokenLifetimeSeconds: 3600 });
    const url = `${fake.identityEndpoint}/oauth/token?grant_type=client_credentials&client_id=${fake.clientId}&client_secret=${fake.clientSecret}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const body = (await first.json()) as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 3599,
      scope: expect.any(String),
    });
    fake.advanceTime(600_000);
    const again = (await (await fetch(url)).json()) as Record<string, unknown>;
    expect(again.access_token).toBe(body.access_token);
    expect(again.expires_in).toBe(2999);

    // The documented POST with a form body works too.
    const form = await fetch(`${fake.identityEndpoint}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: fake.clientId,
        client_secret: fake.clientSecret,
      }).toString(),
    });
    expect(((await form.json()) as Record<string, unknown>).access_token).toBe(body.access_token);

    const refused = await fetch(url.replace(fake.clientSecret, 'wrong'));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      error: 'invalid_client',
      error_description: 'Bad client credentials',
    });
    // Identity calls count against no limit.
    expect(fake.dailyCallsUsed()).toBe(0);
  });

  it('answers 602 for an expired token, 601 for an unknown one, a missing one, or one in the query', async () => {
    const fake = await fakeMarketo({ leads: seedLeads, tokenLifetimeSeconds: 60 });
    const accessToken = await token(fake);
    const path = '/v1/leads.json?filterType=email&filterValues=abe%40usa.gov';
    expect((await call(fake, path, { accessToken })).body.success).toBe(true);
    fake.advanceTime(60_000);
    const expired = await call(fake, path, { accessToken });
    expect(expired.status).toBe(200);
    expect(expired.body).toEqual({
      requestId: expect.any(String),
      success: false,
      errors: [{ code: '602', message: 'Access token expired' }],
    });
    expect((await call(fake, path, { accessToken: 'not-a-token' })).body.errors).toEqual([
      { code: '601', message: 'Access token invalid' },
    ]);
    const fresh = await token(fake);
    expect(fresh).not.toBe(accessToken);
    const inQuery = await fetch(`${fake.restEndpoint}${path}&access_token=${fresh}`);
    expect(((await inQuery.json()) as MarketoEnvelope).errors?.[0].code).toBe('601');

    fake.setCredentials('other-id', 'other-secret');
    expect((await call(fake, path, { accessToken: fresh })).body.errors[0].code).toBe('601');
  });
});

describe('fake Marketo: strict limits and codes', () => {
  const longEmails = Array.from(
    { length: 300 },
    (_, i) => `someone.with.a.long.name.${i}@example.com`,
  );

  it('answers HTTP 414 for a URL over 8 KB, and serves the same lookup as POST with _method=GET', async () => {
    const fake = await fakeMarketo({ leads: [{ id: 1, email: longEmails[299] }] });
    const query = new URLSearchParams({ filterType: 'email', filterValues: longEmails.join(',') });
    const tooLong = await call(fake, `/v1/leads.json?${query}`);
    expect(tooLong.status).toBe(414);
    expect(fake.requestsFor('getLeads')[0].urlBytes).toBeGreaterThan(8192);

    const asPost = await call(fake, '/v1/leads.json?_method=GET', {
      method: 'POST',
      contentType: 'application/x-www-form-urlencoded',
      body: query.toString(),
    });
    expect(asPost.status).toBe(200);
    expect(asPost.body.result).toEqual([expect.objectContaining({ id: 1 })]);
  });

  it('refuses more than 300 filter values or list ids with 1003, and accepts 300', async () => {
    const fake = await fakeMarketo({ lists: [{ id: 1001, name: 'Lions' }] });
    const form = (values: string[]) =>
      new URLSearchParams({
        _method: 'GET',
        filterType: 'email',
        filterValues: values.join(','),
      }).toString();
    const post = (body: string) =>
      call(fake, '/v1/leads.json', {
        method: 'POST',
        contentType: 'application/x-www-form-urlencoded',
        body,
      });
    const ok = await post(form(longEmails));
    expect(ok.body).toEqual({ requestId: expect.any(String), result: [], success: true });
    const tooMany = await post(form([...longEmails, 'one.more@example.com']));
    expect(tooMany.body.success).toBe(false);
    expect(tooMany.body.errors[0].code).toBe('1003');

    const ids = Array.from({ length: 301 }, (_, i) => ({ id: i + 1 }));
    const add = await call(fake, '/v1/lists/1001/leads.json', {
      method: 'POST',
      contentType: 'application/json',
      body: JSON.stringify({ input: ids }),
    });
    expect(add.body.errors[0].code).toBe('1003');
    expect(fake.listMembers(1001)).toEqual([]);
  });

  it('answers 606 past the calls allowed in 20 s, counting the refused call, until the window moves on', async () => {
    const fake = await fakeMarketo({ callsPer20Seconds: 3 });
    const accessToken = await token(fake);
    const usage = () => call(fake, '/v1/stats/usage.json', { accessToken });
    for (let i = 0; i < 3; i += 1) expect((await usage()).body.success).toBe(true);
    const limited = await usage();
    expect(limited.status).toBe(200);
    expect(limited.body.errors).toEqual([
      { code: '606', message: "Max rate limit '3' exceeded with in '20' secs" },
    ]);
    fake.advanceTime(20_001);
    expect((await usage()).body.success).toBe(true);
    expect(fake.dailyCallsUsed()).toBe(5);
  });

  it('answers 615 while the allowed calls are in flight, and serves hung calls once released', async () => {
    const fake = await fakeMarketo({ concurrentCalls: 2, leads: seedLeads });
    const accessToken = await token(fake);
    fake.hangNext('getLeads', 2);
    const path = '/v1/leads.json?filterType=id&filterValues=7001';
    const held = [call(fake, path, { accessToken }), call(fake, path, { accessToken })];
    await fake.waitForHung(2);
    const refused = await call(fake, '/v1/stats/usage.json', { accessToken });
    expect(refused.body.errors).toEqual([
      { code: '615', message: "Concurrent access limit '2' reached" },
    ]);
    fake.releaseHung();
    for (const answer of await Promise.all(held)) {
      expect(answer.body.result).toEqual([expect.objectContaining({ id: 7001 })]);
    }
    expect(fake.peakInFlight).toBe(2);
  });

  it('takes list ids as repeated or comma-separated query ids or a JSON input, and refuses an encoded "&id="', async () => {
    const fake = await fakeMarketo({
      leads: seedLeads,
      lists: [{ id: 1001, name: 'Lions', members: [7001, 7002, 7003] }],
    });
    const accessToken = await token(fake);
    const remove = (query: string) =>
      call(fake, `/v1/lists/1001/leads.json?${query}`, { method: 'DELETE', accessToken });
    expect((await remove('id=7001&id=7002')).body.result).toEqual([
      { id: 7001, status: 'removed' },
      { id: 7002, status: 'removed' },
    ]);
    // node-marketo-rest's join('&id=') arrives as one value "7003&id=1"; Marketo's handling of
    // it is unknown, so the fake refuses it rather than guess.
    const encoded = await remove('id=7003%26id%3D1');
    expect(encoded.body.errors[0].code).toBe('1001');
    expect(fake.listMembers(1001)).toEqual([7003]);
    expect((await remove('id=7003,7001')).body.result).toEqual([
      { id: 7003, status: 'removed' },
      { id: 7001, status: 'skipped', reasons: [{ code: '1015', message: 'Lead not in list' }] },
    ]);

    // ismember as marketo-rest-python sends it: POST ?_method=GET with a JSON body.
    fake.addList({ id: 1002, name: 'Tigers', members: [7002] });
    fake.deleteLead(7003);
    const member = await call(fake, '/v1/lists/1002/leads/ismember.json?_method=GET', {
      method: 'POST',
      accessToken,
      contentType: 'application/json',
      body: JSON.stringify({ input: [{ id: 7002 }, { id: 7001 }, { id: 7003 }] }),
    });
    expect(member.body.result).toEqual([
      { id: 7002, status: 'memberof' },
      { id: 7001, status: 'notmemberof' },
      { id: 7003, status: 'skipped', reasons: [{ code: '1004', message: 'Lead not found' }] },
    ]);
  });

  it('answers 413 for a body over 1 MB', async () => {
    const fake = await fakeMarketo();
    const input = Array.from({ length: 300 }, (_, i) => ({
      email: `${i}@x.com`,
      lastName: 'x'.repeat(4000),
    }));
    const answer = await call(fake, '/v1/leads.json', {
      method: 'POST',
      contentType: 'application/json',
      body: JSON.stringify({ action: 'createOrUpdate', lookupField: 'email', input }),
    });
    expect(answer.status).toBe(413);
    expect(fake.leads()).toEqual([]);
  });

  it('answers 612 for a Sync Leads body that is not JSON, 609 for broken JSON, 605 and 610 for wrong method and path', async () => {
    const fake = await fakeMarketo();
    const accessToken = await token(fake);
    const sync = (contentType: string, body: string) =>
      call(fake, '/v1/leads.json', { method: 'POST', contentType, body, accessToken });
    expect((await sync('text/plain', '{"input":[]}')).body.errors[0].code).toBe('612');
    expect((await sync('application/json', '{"input":[')).body.errors[0].code).toBe('609');
    expect(
      (await call(fake, '/v1/leads.json', { method: 'PUT', accessToken })).body.errors[0].code,
    ).toBe('605');
    expect((await call(fake, '/v1/nothing.json', { accessToken })).body.errors[0].code).toBe('610');
  });

  it('applies a call that hangs after its effect, so a client timing out can be tested for duplicates', async () => {
    const fake = await fakeMarketo();
    const accessToken = await token(fake);
    fake.failNext('syncLeads', 'hangAfterApply');
    const controller = new AbortController();
    const pending = fetch(`${fake.restEndpoint}/v1/leads.json`, {
      method: 'POST',
      signal: controller.signal,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: [{ email: 'once@x.com' }] }),
    });
    await fake.waitForHung(1);
    expect(fake.leadsByEmail('once@x.com')).toHaveLength(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await fake.waitForRequest((r) => r.operation === 'syncLeads' && r.outcome === 'aborted');
    expect(fake.inFlight).toBe(0);
  });
});

describe('fake Marketo: asset static lists', () => {
  it('finds by name (warning, no result when missing), creates in a folder once, and refuses duplicates and unknown folders', async () => {
    const fake = await fakeMarketo({ folders: [{ id: 40, name: 'Audiences' }] });
    const accessToken = await token(fake);
    const byName = (name: string) =>
      call(fake, `/asset/v1/staticList/byName.json?name=${encodeURIComponent(name)}`, {
        accessToken,
      });
    expect((await byName('VIP')).body).toEqual({
      success: true,
      errors: [],
      requestId: expect.any(String),
      warnings: ['No assets found for the given search criteria.'],
    });
    const create = (name: string, folder: string) =>
      call(fake, '/asset/v1/staticLists.json', {
        method: 'POST',
        accessToken,
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({ name, folder }).toString(),
      });
    const created = await create('VIP', '{"id":40,"type":"Folder"}');
    expect(created.body).toMatchObject({
      success: true,
      errors: [],
      warnings: [],
      result: [{ name: 'VIP', folder: { id: 40, type: 'Folder' }, workspace: 'Default' }],
    });
    const id = created.body.result[0].id as number;
    expect(created.body.result[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\+0000$/);
    expect((await byName('VIP')).body.result).toEqual([
      expect.objectContaining({ id, name: 'VIP' }),
    ]);
    expect(
      (await call(fake, `/asset/v1/staticList/${id}.json`, { accessToken })).body.result[0].id,
    ).toBe(id);

    const duplicate = await create('VIP', '{"id":40,"type":"Folder"}');
    expect(duplicate.body.success).toBe(false);
    expect(duplicate.body.errors[0].code).toBe('709');
    expect((await create('Other', '{"id":41,"type":"Folder"}')).body.errors[0].code).toBe('710');
    const asJson = await call(fake, '/asset/v1/staticLists.json', {
      method: 'POST',
      accessToken,
      contentType: 'application/json',
      body: JSON.stringify({ name: 'Json', folder: { id: 40, type: 'Folder' } }),
    });
    expect(asJson.body.errors[0].code).toBe('612');
    expect(fake.lists().map((list) => list.name)).toEqual(['VIP']);

    // The new list is a static list the Lead DB membership endpoints know.
    const members = await call(fake, `/v1/lists/${id}/leads.json`, { accessToken });
    expect(members.body).toEqual({ requestId: expect.any(String), result: [], success: true });
  });
});
