import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { PROJECT_ROOT } from './support/processes.js';
import { waitFor } from './support/util.js';

/** The README's tour, as a newcomer runs it: every operation of its graphql blocks, in order. */
function tourOperations(): { name: string; text: string }[] {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## A short tour of the API');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
  const operations: { name: string; text: string }[] = [];
  for (const block of blocks) {
    const starts = [...block.matchAll(/^(?:mutation|query)\b[^{]*\{/gm)].map((m) => m.index ?? 0);
    starts.forEach((at, i) => {
      const text = block.slice(at, starts[i + 1] ?? block.length).trim();
      operations.push({ name: /^(?:mutation|query) (\w+)/.exec(text)?.[1] ?? '(anonymous)', text });
    });
  }
  return operations;
}

/** Where each placeholder's value comes from: an earlier operation's answer. */
const PLACEHOLDERS: Record<string, (data: any) => string | undefined> = {
  '<folder id>': (data) => data.createAudienceFolder?.folder?.id,
  '<audience id>': (data) => data.upsertAudience?.audience?.id,
  '<sync job id>': (data) => data.startAudienceSync?.syncJob?.id,
};

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp({ worker: true, config: { syncDebounceMs: 100 } });
  ws = await t.workspace();
});
afterAll(() => t?.close());

describe('the README tour', () => {
  it('runs as written and ends with a synced list that has its member', async () => {
    const operations = tourOperations();
    expect(operations.map((operation) => operation.name)).toContain('SyncedList');
    const values = new Map<string, string>();
    let last: any;
    for (const operation of operations) {
      let text = operation.text;
      for (const [placeholder, value] of values) text = text.replaceAll(placeholder, value);
      expect(text, `${operation.name} has a placeholder no earlier answer fills`).not.toMatch(
        /<[a-z ]+>/,
      );
      const run = () => t.gql(text, {}, ws.token);
      const res =
        operation.name === 'SyncedList'
          ? await waitFor(
              async () => {
                const answer = await run();
                return (answer.data as any)?.syncJob?.lastRun?.status === 'SUCCEEDED'
                  ? answer
                  : undefined;
              },
              20_000,
              'the INITIAL run to succeed',
            )
          : await run();
      expect(res.errors, operation.name).toBeUndefined();
      // No mutation of the tour answers one of its typed errors.
      expect(JSON.stringify(res.data), operation.name).not.toContain('"code"');
      for (const [placeholder, from] of Object.entries(PLACEHOLDERS)) {
        const value = from(res.data);
        if (value) values.set(placeholder, value);
      }
      last = res.data;
    }
    expect(last.syncJob).toEqual({
      lastRun: {
        status: 'SUCCEEDED',
        stats: {
          audienceSize: 1,
          ecidsWithCookie: 1,
          ecidsWithLead: 1,
          matchedLeads: 1,
          listSize: 1,
        },
      },
      list: {
        name: 'Q4 buyers',
        memberCount: 1,
        members: { edges: [{ source: 'SYNC', node: { email: 'ada@example.com' } }] },
      },
    });
  });
});
