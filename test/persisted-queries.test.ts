import { createHash } from 'node:crypto';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';

const PersistedLists = graphql(/* GraphQL */ `
  query PersistedLists {
    lists(first: 1) {
      totalCount
    }
  }
`);

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
});
afterAll(async () => {
  await t?.close();
});

async function post(body: unknown) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ws.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as {
    data?: { lists: { totalCount: number } };
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

describe('automatic persisted queries', () => {
  it('answers a hash it does not know with PERSISTED_QUERY_NOT_FOUND, then serves it by hash once sent', async () => {
    const query = print(PersistedLists);
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };

    const unknown = await post({ extensions });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.data).toBeUndefined();

    const registered = await post({ query, extensions });
    expect(registered).toEqual({ data: { lists: { totalCount: 0 } } });

    const byHash = await post({ extensions });
    expect(byHash).toEqual({ data: { lists: { totalCount: 0 } } });
  });

  it('refuses a document whose hash does not match', async () => {
    const query = print(PersistedLists);
    const wrong = await post({
      query,
      extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } },
    });
    expect(wrong.data).toBeUndefined();
    expect(wrong.errors?.[0]?.message).toBe('PersistedQueryMismatch');
  });
});
