import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { PROJECT_ROOT } from './support/processes.js';
import { gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { waitFor } from './support/util.js';

/**
 * What an operator scrapes: after a short workload (a sync run, webhook deliveries that
 * succeed and that fail), every metric README's Metrics table lists is on /metrics, the whole
 * answer parses as Prometheus text (a strict parser, as promtool's check would), and every
 * metric the alert rules (ops/prometheus-alerts.yml) and the dashboard
 * (ops/grafana-dashboard.json) use exists.
 */

/** Metrics this service adds beyond README's table as it stands (the table should list them). */
const ADDED_METRICS = [
  'audience_sync_webhook_deliveries_total',
  'audience_sync_db_pool_connections',
  'audience_sync_db_pool_max_connections',
  'audience_sync_db_pool_waiting_requests',
  'audience_sync_queue_oldest_ready_age_seconds',
  'audience_sync_sync_oldest_running_run_age_seconds',
];

let t: TestApp;
let ws: TestWorkspace;
let receiver: Server;
let receiverUrl: string;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(req.url?.startsWith('/down') ? 500 : 204);
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  t = await startTestApp({
    worker: { watchdogMs: 500 },
    background: { retryBaseMs: 100 },
    config: { syncDebounceMs: 50, outboundAllowPrivateNetworks: true, webhookMaxAttempts: 2 },
  });
  ws = await t.workspace();
});

afterAll(async () => {
  await t?.close();
  receiver?.close();
});

// --- A strict reader of the Prometheus text format (version 0.0.4) -----------------------

interface Family {
  name: string;
  type: string;
  help: string | null;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string, where: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
    throw new Error(`${where}: "${text}" is not a sample value`);
  }
  return Number(text);
}

/** Reads `{a="x",b="y"}` from `text` at `start` (at the brace); returns the labels and the end. */
function parseLabels(text: string, start: number, where: string) {
  const labels: Record<string, string> = {};
  let i = start + 1;
  while (text[i] !== '}') {
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i))?.[0];
    if (!name || !LABEL_NAME.test(name)) throw new Error(`${where}: bad label name`);
    i += name.length;
    if (text[i] !== '=' || text[i + 1] !== '"') throw new Error(`${where}: expected ="`);
    i += 2;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined || c === '\n') throw new Error(`${where}: unterminated label value`);
      if (c === '"') break;
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`${where}: bad escape \\${next}`);
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    i++;
    if (name in labels) throw new Error(`${where}: label ${name} twice`);
    labels[name] = value;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw new Error(`${where}: expected , or }`);
  }
  return { labels, end: i + 1 };
}

/** The sample names a family of `type` may have. */
function sampleNames(family: string, type: string): string[] {
  if (type === 'histogram') return [`${family}_bucket`, `${family}_sum`, `${family}_count`];
  if (type === 'summary') return [family, `${family}_sum`, `${family}_count`];
  return [family];
}

/**
 * Parses a whole exposition: each family's HELP and TYPE once, before its samples, which are
 * contiguous; valid names, labels and values; no series twice; histograms with `le` buckets
 * ascending and cumulative up to +Inf, equal to `_count`. Throws at the first fault.
 */
function parsePrometheusText(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the exposition does not end with a newline');
  const families = new Map<string, Family>();
  const seenSeries = new Set<string>();
  const closed = new Set<string>();
  const typed = new Set<string>();
  let current: Family | null = null;
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const match = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!match) return; // A plain comment.
      const [, kind, name, rest] = match as unknown as [string, string, string, string];
      if (!METRIC_NAME.test(name)) throw new Error(`${where}: bad metric name ${name}`);
      let family = families.get(name);
      if (family && closed.has(name)) throw new Error(`${where}: ${name} again after its samples`);
      if (!family) {
        family = { name, type: 'untyped', help: null, samples: [] };
        families.set(name, family);
      }
      if (current && current !== family) closed.add(current.name);
      current = family;
      if (kind === 'HELP') {
        if (family.help !== null) throw new Error(`${where}: second HELP for ${name}`);
        family.help = rest;
      } else {
        if (!TYPES.has(rest)) throw new Error(`${where}: bad type ${rest}`);
        if (typed.has(name)) throw new Error(`${where}: second TYPE for ${name}`);
        if (family.samples.length > 0) throw new Error(`${where}: TYPE after samples of ${name}`);
        typed.add(name);
        family.type = rest;
      }
      return;
    }
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (!name) throw new Error(`${where}: bad sample line: ${line}`);
    let i = name.length;
    let labels: Record<string, string> = {};
    if (line[i] === '{') ({ labels, end: i } = parseLabels(line, i, where));
    if (line[i] !== ' ') throw new Error(`${where}: expected a space before the value`);
    const [valueText, timestamp, extra] = line.slice(i + 1).split(' ');
    if (extra !== undefined || (timestamp !== undefined && !/^-?\d+$/.test(timestamp))) {
      throw new Error(`${where}: bad value or timestamp`);
    }
    const value = parseValue(valueText ?? '', where);
    if (!current || !sampleNames(current.name, current.type).includes(name)) {
      throw new Error(`${where}: sample ${name} outside its family's block`);
    }
    const series = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seenSeries.has(series)) throw new Error(`${where}: series ${series} twice`);
    seenSeries.add(series);
    current.samples.push({ name, labels, value });
  });
  for (const family of families.values()) {
    if (family.type === 'histogram') checkHistogram(family);
  }
  return families;
}

function checkHistogram(family: Family): void {
  const groups = new Map<string, { le: number; value: number }[]>();
  const counts = new Map<string, number>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    if (sample.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      const buckets = groups.get(key) ?? [];
      buckets.push({ le: parseValue(le, family.name), value: sample.value });
      groups.set(key, buckets);
    } else if (sample.name.endsWith('_count')) counts.set(key, sample.value);
  }
  for (const [key, buckets] of groups) {
    for (let i = 1; i < buckets.length; i++) {
      const [before, after] = [buckets[i - 1], buckets[i]] as [
        { le: number; value: number },
        { le: number; value: number },
      ];
      if (!(after.le > before.le) || after.value < before.value) {
        throw new Error(`${family.name} ${key}: buckets not ascending and cumulative`);
      }
    }
    const last = buckets.at(-1);
    if (last?.le !== Number.POSITIVE_INFINITY) throw new Error(`${family.name}: no +Inf bucket`);
    if (counts.get(key) !== last.value) throw new Error(`${family.name}: +Inf bucket != _count`);
  }
}

/** The family a sample name belongs to (`x_bucket` of histogram `x` is `x`). */
function familyOf(families: Map<string, Family>, name: string): Family | undefined {
  const direct = families.get(name);
  if (direct) return direct;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  const family = families.get(base);
  return family && sampleNames(base, family.type).includes(name) ? family : undefined;
}

/** Metric names (audience_sync_...) used in a PromQL expression. */
const metricsIn = (expr: string) =>
  [...expr.matchAll(/\baudience_sync_[a-z0-9_]+/g)].map((m) => m[0]);

/** The metric names of README's Metrics table (its first column). */
function readmeMetrics(): string[] {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.split('\n### Metrics\n')[1]?.split('\n### ')[0] ?? '';
  return [...section.matchAll(/^\| `(audience_sync_[a-z0-9_]+)` \|/gm)].map((m) => m[1] as string);
}

const count = (families: Map<string, Family>, name: string, labels: Record<string, string>) =>
  familyOf(families, name)
    ?.samples.filter(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    )
    .reduce((sum, s) => sum + s.value, 0) ?? 0;

async function scrape(): Promise<Map<string, Family>> {
  const res = await fetch(`${t.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

const CreateWebhook = `mutation CreateWebhook($input: CreateWebhookInput!) {
  createWebhook(input: $input) { __typename }
}`;

describe('/metrics after a short workload', () => {
  it('lists every README metric, parses as Prometheus text, and serves what ops/ uses', async () => {
    for (const url of [`${receiverUrl}/ok`, `${receiverUrl}/down`]) {
      const res = await t.gql<{ createWebhook: { __typename: string } }, unknown>(
        CreateWebhook,
        { input: { url, events: ['SYNC_RUN_SUCCEEDED'] } },
        ws.token,
      );
      expect(res.data.createWebhook.__typename).toBe('CreateWebhookSuccess');
    }
    const seed = new Seed(t.database.pool, ws.id);
    await seed.integration();
    const audience = await seed.audience('Scraped');
    await seed.matchedLeads(audience, 'scraped', 2);
    const job = startedJob(
      await startSync(t, ws.token, { audienceId: gid('Audience', audience), newListName: 'S' }),
    );
    await settled(t, ws.token, decodeGlobalID(job.id).id);

    // One delivery reaches its receiver; the other fails, is retried, and fails for good.
    const families = await waitFor(
      async () => {
        const scraped = await scrape();
        const deliveries = (outcome: string) =>
          count(scraped, 'audience_sync_webhook_deliveries_total', { outcome });
        return deliveries('DELIVERED') >= 1 &&
          deliveries('RETRYING') >= 1 &&
          deliveries('FAILED') >= 1
          ? scraped
          : undefined;
      },
      30_000,
      'the webhook deliveries to be counted',
    );
    expect(
      count(families, 'audience_sync_sync_runs_total', {
        trigger: 'INITIAL',
        outcome: 'SUCCEEDED',
      }),
    ).toBe(1);
    for (const pool of ['request', 'upload', 'export', 'run', 'queue']) {
      expect(count(families, 'audience_sync_db_pool_max_connections', { pool })).toBeGreaterThan(0);
      expect(familyOf(families, 'audience_sync_db_pool_waiting_requests')?.samples).toContainEqual(
        expect.objectContaining({ labels: { pool } }),
      );
      expect(familyOf(families, 'audience_sync_db_pool_connections')?.samples).toContainEqual(
        expect.objectContaining({ labels: { pool, state: 'busy' } }),
      );
    }
    // No run waits or runs any more.
    expect(count(families, 'audience_sync_queue_oldest_ready_age_seconds', {})).toBe(0);
    expect(count(families, 'audience_sync_sync_oldest_running_run_age_seconds', {})).toBe(0);

    const listed = readmeMetrics();
    expect(listed.length).toBeGreaterThan(10);
    for (const name of [...listed, ...ADDED_METRICS]) {
      expect(familyOf(families, name), `${name} (README) on /metrics`).toBeDefined();
    }

    const rules = parseYaml(
      readFileSync(path.join(PROJECT_ROOT, 'ops/prometheus-alerts.yml'), 'utf8'),
    ) as { groups: { name: string; rules: { alert: string; expr: string }[] }[] };
    const alertNames = rules.groups.flatMap((group) => group.rules.map((rule) => rule.alert));
    expect(alertNames.length).toBeGreaterThan(5);
    for (const rule of rules.groups.flatMap((group) => group.rules)) {
      expect(metricsIn(rule.expr).length, `${rule.alert} uses a metric`).toBeGreaterThan(0);
      for (const name of metricsIn(rule.expr)) {
        expect(familyOf(families, name), `${name} (alert ${rule.alert})`).toBeDefined();
      }
    }
    const dashboard = JSON.parse(
      readFileSync(path.join(PROJECT_ROOT, 'ops/grafana-dashboard.json'), 'utf8'),
    ) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const targets = dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
    );
    expect(targets.length).toBeGreaterThan(10);
    for (const target of targets) {
      expect(metricsIn(target.expr).length, `${target.panel} uses a metric`).toBeGreaterThan(0);
      for (const name of metricsIn(target.expr)) {
        expect(familyOf(families, name), `${name} (panel ${target.panel})`).toBeDefined();
      }
    }
    // The failures the rules watch: runs failing, the queue's age, webhooks, Marketo's quota.
    const watched = rules.groups
      .flatMap((group) => group.rules.map((rule) => rule.expr))
      .join('\n');
    expect(watched).toContain('audience_sync_sync_runs_total{outcome="FAILED"}');
    expect(watched).toContain('audience_sync_queue_oldest_ready_age_seconds');
    expect(watched).toContain('audience_sync_webhook_deliveries_total{outcome="FAILED"}');
    expect(watched).toContain('audience_sync_marketo_limit_answers_total{code="607"}');
  }, 120_000);

  it('the parser refuses what is not Prometheus text', () => {
    const bad = [
      'no_newline_at_end 1',
      '# TYPE a counter\na{x="1" 1\n',
      '# TYPE a counter\na 1\na 2\n',
      '# TYPE a gauge\na one\n',
      '# TYPE a counter\na 1\n# TYPE b gauge\nb 1\na 2\n',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
      '# TYPE a counter\n# TYPE a counter\na 1\n',
    ];
    for (const text of bad) expect(() => parsePrometheusText(text), text).toThrow();
    expect(
      parsePrometheusText('# HELP a x\n# TYPE a counter\na{b="c\\"d"} 1\n').get('a')?.samples,
    ).toEqual([{ name: 'a', labels: { b: 'c"d' }, value: 1 }]);
  });
});
