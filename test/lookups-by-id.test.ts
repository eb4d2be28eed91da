import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';

const ByIdOfAnotherType = graphql(/* GraphQL */ `
  query ByIdOfAnotherType($id: ID!) {
    audience(id: $id) {
      id
    }
    audienceFolder(id: $id) {
      id
    }
    list(id: $id) {
      id
    }
    lead(id: $id) {
      id
    }
    syncJob(id: $id) {
      id
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

describe('single-item lookups', () => {
  it('answer null, never an error, for an id of another type', async () => {
    // The workspace's own id: valid, but it names no audience, list, lead or sync job.
    const res = await t.gql(ByIdOfAnotherType, { id: ws.globalId }, ws.token);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      audience: null,
      audienceFolder: null,
      list: null,
      lead: null,
      syncJob: null,
    });
  });
});
