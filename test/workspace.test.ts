import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';

const WorkspaceQuery = graphql(/* GraphQL */ `
  query Workspace {
    workspace {
      id
      name
      hipaaReady
      experienceCloud {
        imsOrgId
        cookieSyncEnabled
        configuredAt
      }
    }
  }
`);

const ConfigureMutation = graphql(/* GraphQL */ `
  mutation Configure($input: ConfigureExperienceCloudInput!) {
    configureExperienceCloud(input: $input) {
      __typename
      ...ErrorFields
      ... on ConfigureExperienceCloudSuccess {
        workspace {
          experienceCloud {
            imsOrgId
            cookieSyncEnabled
          }
        }
      }
    }
  }
`);

const IMS_ORG = '0123456789ABCDEF01234567@AdobeOrg';

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace({ name: 'Acme' });
});
afterAll(() => t?.close());

describe('auth', () => {
  it('answers 401 without a token or with a bad one', async () => {
    const none = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ workspace { id } }' }),
    });
    expect(none.status).toBe(401);
    const bad = await t.gql(WorkspaceQuery, {}, 'ast_not-a-real-token');
    expect(bad.status).toBe(401);
    expect(bad.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("shows the caller's own workspace", async () => {
    const res = await t.gql(WorkspaceQuery, {}, ws.token);
    expect(res.data.workspace).toMatchObject({
      id: ws.globalId,
      name: 'Acme',
      hipaaReady: false,
      experienceCloud: null,
    });
  });

  it('resolves another workspace id through node() as null', async () => {
    const other = await t.workspace();
    const res = await t.gql(
      `query($id: ID!) { node(id: $id) { id } }`,
      { id: other.globalId },
      ws.token,
    );
    expect(res.data).toEqual({ node: null });
    const own = await t.gql(
      `query($id: ID!) { node(id: $id) { id } }`,
      { id: ws.globalId },
      ws.token,
    );
    expect(own.data).toEqual({ node: { id: ws.globalId } });
  });

  it('needs the read scope for queries', async () => {
    const writeOnly = await ws.tokenWith(['write']);
    const res = await t.gql(WorkspaceQuery, {}, writeOnly);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('configureExperienceCloud', () => {
  it('stores the IMS org and cookie sync setting', async () => {
    const res = await t.gql(
      ConfigureMutation,
      { input: { imsOrgId: IMS_ORG, cookieSyncEnabled: true } },
      ws.token,
    );
    expect(res.data.configureExperienceCloud).toEqual({
      __typename: 'ConfigureExperienceCloudSuccess',
      workspace: { experienceCloud: { imsOrgId: IMS_ORG, cookieSyncEnabled: true } },
    });
    const again = await t.gql(
      ConfigureMutation,
      { input: { imsOrgId: IMS_ORG, cookieSyncEnabled: false } },
      ws.token,
    );
    expect(again.data.configureExperienceCloud).toMatchObject({
      workspace: { experienceCloud: { cookieSyncEnabled: false } },
    });
  });

  it('rejects a malformed IMS org id with VALIDATION and changes nothing', async () => {
    const fresh = await t.workspace();
    const res = await t.gql(
      ConfigureMutation,
      { input: { imsOrgId: '0123456789abcdef01234567@AdobeOrg', cookieSyncEnabled: true } },
      fresh.token,
    );
    expect(res.data.configureExperienceCloud).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION',
      fieldErrors: [{ path: ['input', 'imsOrgId'] }],
    });
    const after = await t.gql(WorkspaceQuery, {}, fresh.token);
    expect(after.data.workspace.experienceCloud).toBeNull();
  });

  it('refuses a HIPAA-ready workspace', async () => {
    const hipaa = await t.workspace({ hipaaReady: true });
    const res = await t.gql(
      ConfigureMutation,
      { input: { imsOrgId: IMS_ORG, cookieSyncEnabled: true } },
      hipaa.token,
    );
    expect(res.data.configureExperienceCloud).toMatchObject({
      __typename: 'HipaaRestrictedError',
      code: 'HIPAA_RESTRICTED',
    });
  });

  it('needs the admin scope', async () => {
    const writer = await ws.tokenWith(['read', 'write']);
    const res = await t.gql(
      ConfigureMutation,
      { input: { imsOrgId: IMS_ORG, cookieSyncEnabled: true } },
      writer,
    );
    expect(res.data.configureExperienceCloud).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
  });
});
