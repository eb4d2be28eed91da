import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssociationSource } from './gql/graphql.js';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { captureChanges, configuredWorkspace, IMS_ORG } from './support/identity.js';

const RecordCookieSync = graphql(/* GraphQL */ `
  mutation RecordCookieSync($input: RecordCookieSyncInput!) {
    recordCookieSync(input: $input) {
      __typename
      ...ErrorFields
      ... on RecordCookieSyncSuccess {
        ecid
        cookieId
      }
    }
  }
`);

const AssociateLead = graphql(/* GraphQL */ `
  mutation AssociateLead($input: AssociateLeadInput!) {
    associateLead(input: $input) {
      __typename
      ...ErrorFields
      ... on AssociateLeadSuccess {
        lead {
          id
          email
          firstName
        }
      }
    }
  }
`);

const ECID = '12345678901234567890123456789012345678';
const COOKIE = '_mch-example.com-1700000000000-12345';

/** Mutation results, checked by shape in each test. */
type Data = Record<string, any>;

let t: TestApp;

async function rows(sql: string, params: unknown[]): Promise<unknown[]> {
  return (await t.database.pool.query(sql, params)).rows;
}

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('recordCookieSync', () => {
  it('stores the pair once and announces only a new one', async () => {
    const ws = await configuredWorkspace(t);
    const input = { imsOrgId: IMS_ORG, ecid: ECID, cookieId: COOKIE };
    let first: unknown;
    let second: unknown;
    const changes = await captureChanges(async () => {
      first = (await t.gql(RecordCookieSync, { input }, ws.token)).data;
      second = (await t.gql(RecordCookieSync, { input }, ws.token)).data;
    });
    const success = {
      recordCookieSync: { __typename: 'RecordCookieSyncSuccess', ecid: ECID, cookieId: COOKIE },
    };
    expect(first).toEqual(success);
    expect(second).toEqual(success);
    expect(
      await rows('SELECT ecid, cookie_id FROM cookie_sync WHERE workspace_id = $1', [ws.id]),
    ).toEqual([{ ecid: ECID, cookie_id: COOKIE }]);
    expect(
      await rows('SELECT lead_id FROM munchkin_cookie WHERE workspace_id = $1', [ws.id]),
    ).toEqual([{ lead_id: null }]);
    expect(changes).toEqual([
      { workspaceId: ws.id, kind: 'COOKIE_SYNCS', ecids: [ECID], cookieIds: [COOKIE] },
    ]);
  });

  it('answers VALIDATION naming every bad field, storing nothing', async () => {
    const ws = await configuredWorkspace(t);
    const res = await t.gql(
      RecordCookieSync,
      { input: { imsOrgId: IMS_ORG, ecid: '123', cookieId: 'mch-nope' } },
      ws.token,
    );
    expect((res.data as Data).recordCookieSync).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION',
      fieldErrors: [
        { path: ['input', 'ecid'], message: 'ECID must be exactly 38 digits' },
        { path: ['input', 'cookieId'], message: expect.stringMatching(/_mch-/) },
      ],
    });
    expect(await rows('SELECT 1 FROM cookie_sync WHERE workspace_id = $1', [ws.id])).toEqual([]);
  });

  it('answers the typed error of each workspace setting, storing nothing', async () => {
    const cases: [TestWorkspace, string, string][] = [
      [await t.workspace({ hipaaReady: true }), IMS_ORG, 'HIPAA_RESTRICTED'],
      [await t.workspace(), IMS_ORG, 'INTEGRATION_NOT_CONFIGURED'],
      [await configuredWorkspace(t), 'FFFFFFFFFFFFFFFFFFFFFFFF@AdobeOrg', 'IMS_ORG_MISMATCH'],
      [await configuredWorkspace(t, false), IMS_ORG, 'COOKIE_SYNC_DISABLED'],
    ];
    for (const [ws, imsOrgId, code] of cases) {
      const res = await t.gql(
        RecordCookieSync,
        { input: { imsOrgId, ecid: ECID, cookieId: COOKIE } },
        ws.token,
      );
      expect((res.data as Data).recordCookieSync).toMatchObject({
        code,
        message: expect.any(String),
      });
      expect(await rows('SELECT 1 FROM cookie_sync WHERE workspace_id = $1', [ws.id])).toEqual([]);
    }
  });

  it('needs the write scope', async () => {
    const ws = await configuredWorkspace(t);
    const reader = await ws.tokenWith(['read']);
    const res = await t.gql(
      RecordCookieSync,
      { input: { imsOrgId: IMS_ORG, ecid: ECID, cookieId: COOKIE } },
      reader,
    );
    expect((res.data as Data).recordCookieSync).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('associateLead', () => {
  it('creates the lead of an unknown email and ties the cookie to it', async () => {
    const ws = await t.workspace();
    let res!: Awaited<ReturnType<TestApp['gql']>>;
    const changes = await captureChanges(async () => {
      res = await t.gql(
        AssociateLead,
        { input: { cookieId: COOKIE, email: ' New@Example.com ', source: 'FORM_FILL' } },
        ws.token,
      );
    });
    const result = (res.data as { associateLead: { lead: { id: string } } }).associateLead;
    expect(result).toMatchObject({
      __typename: 'AssociateLeadSuccess',
      lead: { email: 'new@example.com', firstName: null },
    });
    const leadId = decodeGlobalID(result.lead.id);
    expect(leadId.typename).toBe('Lead');
    expect(
      await rows(
        'SELECT lead_id, association_source FROM munchkin_cookie WHERE workspace_id = $1',
        [ws.id],
      ),
    ).toEqual([{ lead_id: leadId.id, association_source: 'FORM_FILL' }]);
    expect(changes).toEqual([
      { workspaceId: ws.id, kind: 'ASSOCIATIONS', cookieIds: [COOKIE], leadIds: [leadId.id] },
    ]);
  });

  it('moves a cookie to the latest lead and records the move; repeating changes nothing', async () => {
    const ws = await t.workspace();
    const associate = async (email: string, source: AssociationSource) => {
      const res = await t.gql(
        AssociateLead,
        { input: { cookieId: COOKIE, email, source } },
        ws.token,
      );
      return decodeGlobalID(
        (res.data as { associateLead: { lead: { id: string } } }).associateLead.lead.id,
      ).id;
    };
    const first = await associate('first@example.com', 'FORM_FILL');
    const second = await associate('second@example.com', 'EMAIL_CLICK');
    const changes = await captureChanges(async () => {
      expect(await associate('second@example.com', 'API')).toBe(second);
    });
    expect(changes).toEqual([]);
    expect(
      await rows('SELECT lead_id FROM munchkin_cookie WHERE workspace_id = $1', [ws.id]),
    ).toEqual([{ lead_id: second }]);
    expect(
      await rows(
        `SELECT lead_id, previous_lead_id, source FROM lead_association
          WHERE workspace_id = $1 ORDER BY id`,
        [ws.id],
      ),
    ).toEqual([
      { lead_id: first, previous_lead_id: null, source: 'FORM_FILL' },
      { lead_id: second, previous_lead_id: first, source: 'EMAIL_CLICK' },
    ]);
  });

  it('answers VALIDATION for a bad cookie id or email, storing nothing', async () => {
    const ws = await t.workspace();
    const res = await t.gql(
      AssociateLead,
      { input: { cookieId: 'nope', email: 'not-an-email', source: 'API' } },
      ws.token,
    );
    expect((res.data as Data).associateLead).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'cookieId'] }, { path: ['input', 'email'] }],
    });
    expect(await rows('SELECT 1 FROM lead WHERE workspace_id = $1', [ws.id])).toEqual([]);
  });

  it('needs the write scope', async () => {
    const ws = await t.workspace();
    const reader = await ws.tokenWith(['read']);
    const res = await t.gql(
      AssociateLead,
      { input: { cookieId: COOKIE, email: 'a@example.com', source: 'API' } },
      reader,
    );
    expect((res.data as Data).associateLead).toMatchObject({ code: 'FORBIDDEN' });
    expect(await rows('SELECT 1 FROM lead WHERE workspace_id = $1', [ws.id])).toEqual([]);
  });
});
