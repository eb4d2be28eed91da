import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
});
afterAll(() => t?.close());

describe('security defaults', () => {
  it('allows introspection for an authenticated caller only', async () => {
    const query = '{ __schema { queryType { name } } }';
    const authed = await t.gql(query, {}, ws.token);
    expect(authed.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const anonymous = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('rejects a simple (non-preflighted) browser request without a CSRF-safe header', async () => {
    const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(403);
    const withAuth = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${ws.token}` },
    });
    expect(withAuth.status).toBe(200);
  });

  it('refuses queries with too many aliases', async () => {
    const aliases = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: workspace { id }`).join(' ')} }`;
    const tooMany = await t.gql(aliases, {}, ws.token);
    expect(tooMany.errors?.[0].message).toMatch(/alias/i);
    const fine = `{ ${Array.from({ length: 5 }, (_, i) => `a${i}: workspace { id }`).join(' ')} }`;
    expect((await t.gql(fine, {}, ws.token)).errors).toBeUndefined();
  });

  it('refuses an oversized request body with 413', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.token}` },
      body: JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1_100_000)}` }),
    });
    expect(res.status).toBe(413);
  });

  it('suggests no enum value for a bad literal argument', async () => {
    const res = await t.gql('{ syncJobs(status: ACTIV) { totalCount } }', {}, ws.token);
    expect(res.errors).toHaveLength(1);
    const message = res.errors?.[0].message ?? '';
    expect(message).toContain('"ACTIV" does not exist in "SyncJobStatus" enum');
    expect(message).not.toMatch(/did you mean|ACTIVE/i);
  });

  it('suggests no enum value for a bad variable, nested in an input object too', async () => {
    const byVariable = await t.gql(
      'query($s: SyncJobStatus) { syncJobs(status: $s) { totalCount } }',
      { s: 'ACTIV' },
      ws.token,
    );
    expect(byVariable.errors).toHaveLength(1);
    expect(byVariable.errors?.[0].message).toContain('"ACTIV" does not exist in "SyncJobStatus"');
    const inInput = await t.gql(
      `mutation($input: AssociateLeadInput!) { associateLead(input: $input) { __typename } }`,
      { input: { cookieId: '_mch-x', email: 'a@example.com', source: 'FORM_FIL' } },
      ws.token,
    );
    expect(inInput.errors).toHaveLength(1);
    expect(inInput.errors?.[0].message).toContain('"FORM_FIL" does not exist');
    for (const res of [byVariable, inInput]) {
      expect(res.data).toBeUndefined();
      expect(res.errors?.[0].message).not.toMatch(/did you mean|ACTIVE|FORM_FILL/i);
    }
  });

  it('suggests no field, argument or input field names', async () => {
    for (const query of [
      '{ workspac { id } }',
      '{ audiences(frist: 1) { totalCount } }',
      'mutation { createList(input: { nam: "x" }) { __typename } }',
    ]) {
      const res = await t.gql(query, {}, ws.token);
      expect(res.errors?.length, query).toBeGreaterThan(0);
      for (const error of res.errors ?? []) {
        expect(error.message, query).not.toMatch(/did you mean|"workspace"|"first"|"name"/i);
      }
    }
  });

  it('masks unexpected errors but keeps typed domain errors readable', async () => {
    const res = await t.gql('{ workspace { id } }', {}, await ws.tokenWith(['write']));
    expect(res.errors?.[0]).toMatchObject({
      message: 'Your token lacks the scope this operation needs',
      extensions: { code: 'FORBIDDEN' },
    });
  });
});
