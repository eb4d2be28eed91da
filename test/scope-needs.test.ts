import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { scopesNeeded } from '../src/schema/scope-needs.js';

/**
 * Which scopes a query's checks can ask for decides whether it may run without them
 * (src/schema/compiled-queries.ts): a scope any selected field needs must never be missed.
 */
const needs = (query: string) => {
  const found = scopesNeeded(schema, parse(query));
  return found && [...found].sort();
};

describe('scopes a query needs', () => {
  it('the dashboard: read, for its root field and for every node and stats field', () => {
    expect(
      needs(`{ syncJobs(first: 50) { totalCount edges { node { id status
        audience { name folder { path } } list { name } lastRun { status stats { matchedLeads } } } } } }`),
    ).toEqual(['read']);
  });

  it('nothing for __typename alone', () => {
    expect(needs('{ __typename }')).toEqual([]);
  });

  it('admin for an admin field, at the root or behind a fragment', () => {
    expect(needs('{ webhooks(first: 1) { totalCount } }')).toContain('admin');
    expect(
      needs(
        'query { workspace { ...W } } fragment W on Workspace { publishableKeys { edges { node { key } } } }',
      ),
    ).toContain('read');
    expect(needs('{ node(id: "x") { ... on Webhook { url } } }')).toContain('admin');
  });

  it('every implementing type of an interface, even for the field it always allows', () => {
    // node { id } runs no check on any type, but WebhookDelivery asks admin for its fields.
    expect(needs('{ node(id: "x") { id } }')).toEqual(['admin', 'read']);
  });

  it('unknown for anything but a query', () => {
    expect(needs('mutation { createList(input: { name: "x" }) { __typename } }')).toBeNull();
    expect(needs('subscription { syncJobChanged { id } }')).toBeNull();
  });
});
