import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Section } from './run.js';
import { PROJECT_ROOT } from './server-process.js';

const benchFile = (name: string) => path.join(PROJECT_ROOT, 'bench', name);

/**
 * The sections whose measurement lives beside the code it measures: ingestion (1), the sync
 * engine (2, 3) and realtime (5). Each is loaded only if its file exists, so the harness runs
 * (with a "not available" row) before that code lands.
 */
export async function externalSections(): Promise<Section[]> {
  const sections: Section[] = [];
  const ingest: Section = {
    numbers: [
      { section: 1, name: 'Ingest: audience members via HTTP' },
      { section: 1, name: 'Ingest: cookie syncs via HTTP' },
    ],
    title: 'Ingest',
    seconds: 120,
    minSeconds: 20,
  };
  const sync: Section = {
    numbers: [
      { section: 2, name: 'INITIAL sync' },
      { section: 3, name: 'Incremental association-to-membership latency' },
    ],
    title: 'Sync',
    seconds: 240,
    minSeconds: 30,
  };
  const subscriptions: Section = {
    numbers: [{ section: 5, name: 'Subscriptions: graphql-ws delivery' }],
    title: 'Subscriptions',
    seconds: 120,
    minSeconds: 30,
  };
  for (const [section, file] of [
    [ingest, 'ingest.ts'],
    [sync, 'sync.ts'],
    [subscriptions, 'subscriptions.ts'],
  ] as const) {
    if (!existsSync(benchFile(file))) section.missing = `bench/${file} not available yet`;
    else section.missing = `bench/${file} exists but is not wired into bench/run.ts yet`;
    sections.push(section);
  }
  return sections;
}
