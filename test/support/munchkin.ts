import { expect } from 'vitest';
import { graphql } from '../gql/index.js';
import type { TestApp, TestWorkspace } from './harness.js';

const CreatePublishableKey = graphql(/* GraphQL */ `
  mutation CreatePublishableKey($input: CreatePublishableKeyInput!) {
    createPublishableKey(input: $input) {
      __typename
      ...ErrorFields
      ... on CreatePublishableKeySuccess {
        publishableKey {
          id
          key
          allowedOrigins
          createdAt
        }
      }
    }
  }
`);

const CreateTrackedLink = graphql(/* GraphQL */ `
  mutation CreateTrackedLink($input: CreateTrackedLinkInput!) {
    createTrackedLink(input: $input) {
      __typename
      ...ErrorFields
      ... on CreateTrackedLinkSuccess {
        trackedUrl
      }
    }
  }
`);

const UpsertLead = graphql(/* GraphQL */ `
  mutation UpsertOneLead($input: UpsertLeadsInput!) {
    upsertLeads(input: $input) {
      __typename
      ... on UpsertLeadsSuccess {
        leads {
          id
        }
      }
    }
  }
`);

/** A publishable key for `origins` (asserted to succeed): its id and `pk_...` value. */
export async function publishableKey(
  t: TestApp,
  ws: TestWorkspace,
  origins: string[],
): Promise<{ id: string; key: string }> {
  const res = await t.gql(CreatePublishableKey, { input: { allowedOrigins: origins } }, ws.token);
  const result = res.data.createPublishableKey;
  if (result.__typename !== 'CreatePublishableKeySuccess') {
    throw new Error(`createPublishableKey failed: ${JSON.stringify(result)}`);
  }
  expect(result.publishableKey.allowedOrigins).toEqual(origins);
  return { id: result.publishableKey.id, key: result.publishableKey.key };
}

/** A lead with this email (asserted to succeed); its global id. */
export async function lead(t: TestApp, ws: TestWorkspace, email: string): Promise<string> {
  const res = await t.gql(UpsertLead, { input: { leads: [{ email }] } }, ws.token);
  if (res.data.upsertLeads.__typename !== 'UpsertLeadsSuccess') throw new Error('upsert failed');
  return res.data.upsertLeads.leads[0].id;
}

/** A tracked link for the lead to `url` (asserted to succeed). */
export async function trackedLink(
  t: TestApp,
  ws: TestWorkspace,
  leadId: string,
  url: string,
): Promise<string> {
  const res = await t.gql(CreateTrackedLink, { input: { leadId, url } }, ws.token);
  const result = res.data.createTrackedLink;
  if (result.__typename !== 'CreateTrackedLinkSuccess') {
    throw new Error(`createTrackedLink failed: ${JSON.stringify(result)}`);
  }
  return result.trackedUrl;
}

/**
 * What the workspace has recorded of browser identity: cookie syncs, cookies and their leads,
 * leads, the association history, and the identity changes queued for its sync jobs.
 */
export async function recorded(t: TestApp, workspaceId: string) {
  const { pool } = t.database;
  const syncs = await pool.query<{ ecid: string; cookie_id: string }>(
    'SELECT ecid, cookie_id FROM cookie_sync WHERE workspace_id = $1 ORDER BY ecid, cookie_id',
    [workspaceId],
  );
  const cookies = await pool.query<{
    cookie_id: string;
    email: string | null;
    association_source: string | null;
  }>(
    `SELECT c.cookie_id, l.email, c.association_source
       FROM munchkin_cookie c LEFT JOIN lead l ON l.id = c.lead_id
      WHERE c.workspace_id = $1 ORDER BY c.cookie_id`,
    [workspaceId],
  );
  const leads = await pool.query<{ email: string }>(
    'SELECT email FROM lead WHERE workspace_id = $1 ORDER BY email',
    [workspaceId],
  );
  const associations = await pool.query<{ cookie_id: string; email: string; source: string }>(
    `SELECT a.cookie_id, l.email, a.source
       FROM lead_association a JOIN lead l ON l.id = a.lead_id
      WHERE a.workspace_id = $1 ORDER BY a.id`,
    [workspaceId],
  );
  const syncChanges = await pool.query<{ count: string }>(
    'SELECT count(*) FROM sync_change WHERE workspace_id = $1',
    [workspaceId],
  );
  return {
    cookieSyncs: syncs.rows,
    cookies: cookies.rows,
    leads: leads.rows.map((r) => r.email),
    associations: associations.rows,
    syncChanges: Number(syncChanges.rows[0].count),
  };
}

/** Asserts that the workspace has recorded nothing of browser identity (see `recorded`). */
export async function expectNothingRecorded(t: TestApp, workspaceId: string): Promise<void> {
  expect(await recorded(t, workspaceId)).toEqual({
    cookieSyncs: [],
    cookies: [],
    leads: [],
    associations: [],
    syncChanges: 0,
  });
}
