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

  it('declare backward paging too: every connection with first and after offers last and before', async () => {
    const res = await t.gql('{ syncJobs(last: 5) { totalCount } }', {}, ws.token);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ syncJobs: { totalCount: 0 } });
    const forwardOnly = Object.values(schema.getTypeMap()).flatMap((type) =>
      isObjectType(type)
        ? Object.values(type.getFields())
            .filter((field) => field.args.some((arg) => arg.name === 'first'))
            .filter(
              (field) =>
                !field.args.some((arg) => arg.name === 'last') ||
                !field.args.some((arg) => arg.name === 'before'),
            )
            .map((field) => `${type.name}.${field.name}`)
        : [],
    );
    expect(forwardOnly).toEqual([]);
  });

  it('serve an empty first page with its total', async () => {
    const res = await t.gql(FirstJobsPage, {}, ws.token);
    expect(res.data).toEqual({
      syncJobs: { totalCount: 0, pageInfo: { hasNextPage: false }, edges: [] },
    });
  });
});
