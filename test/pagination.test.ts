import { isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';

const FirstJobsPage = graphql(/* GraphQL */ `
  query FirstJobsPage {
    syncJobs(first: 10) {
      totalCount
      pageInfo {
        hasNextPage
      }
      edges {
        cursor
      }
    }
  }
`);

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
});
afterAll(() => t?.close());

describe('connections', () => {
  it.each([
    ['more than 500 per page', '{ syncJobs(first: 501) { totalCount } }'],
    ['a forged cursor', '{ syncJobs(after: "bm90LWEtY3Vyc29y") { totalCount } }'],
    ['more than 500 audiences', '{ audiences(first: 501) { totalCount } }'],
  ])('reject %s with VALIDATION instead of ignoring it', async (_case, query) => {
    const res = await t.gql(query, {}, ws.token);
    expect(res.errors?.[0].extensions?.code).toBe('VALIDATION');
  });

  it('declare forward paging only: no connection offers last or before', async () => {
    const res = await t.gql('{ syncJobs(last: 5) { totalCount } }', {}, ws.token);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const declared = Object.values(schema.getTypeMap()).flatMap((type) =>
      isObjectType(type)
        ? Object.values(type.getFields()).flatMap((field) =>
            field.args
              .filter((arg) => arg.name === 'last' || arg.name === 'before')
              .map((arg) => `${type.name}.${field.name}(${arg.name})`),
          )
        : [],
    );
    expect(declared).toEqual([]);
  });

  it('serve an empty first page with its total', async () => {
    const res = await t.gql(FirstJobsPage, {}, ws.token);
    expect(res.data).toEqual({
      syncJobs: { totalCount: 0, pageInfo: { hasNextPage: false }, edges: [] },
    });
  });
});
