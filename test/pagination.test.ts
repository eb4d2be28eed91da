import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    ['backward paging', '{ syncJobs(last: 5) { totalCount } }'],
    ['a forged cursor', '{ syncJobs(after: "bm90LWEtY3Vyc29y") { totalCount } }'],
    ['more than 500 audiences', '{ audiences(first: 501) { totalCount } }'],
  ])('reject %s with VALIDATION instead of ignoring it', async (_case, query) => {
    const res = await t.gql(query, {}, ws.token);
    expect(res.errors?.[0].extensions?.code).toBe('VALIDATION');
  });

  it('serve an empty first page with its total', async () => {
    const res = await t.gql(FirstJobsPage, {}, ws.token);
    expect(res.data).toEqual({
      syncJobs: { totalCount: 0, pageInfo: { hasNextPage: false }, edges: [] },
    });
  });
});
