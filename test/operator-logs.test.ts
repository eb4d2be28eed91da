import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { WELCOME_QUERY } from '../src/http/web/graphiql.js';
import {
  processesOf,
  type ServiceEnv,
  serviceEnv,
  servicePool,
  syncedAudience,
} from './support/embedded-service.js';
import { PROJECT_ROOT } from './support/processes.js';
import { Seed } from './support/sync-seed.js';
import { waitFor } from './support/util.js';

/**
 * The log stream an operator collects: `npm -s start` with LOG_FORMAT=json, as the README
 * runs it. stdout holds only the service's JSON lines from the first; a GraphQL request's line
 * names its operation and says whether the answer had errors; graphile-worker neither reports
 * a missing crontab nor repeats a job's row; a clean stop logs no warning.
 */
const runs: ChildProcess[] = [];
let service: ServiceEnv;

beforeAll(async () => {
  service = await serviceEnv('operator-logs', {
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    SYNC_DEBOUNCE_MS: '50',
  });
});

afterAll(() => {
  for (const run of runs) {
    if (run.exitCode === null && run.signalCode === null && run.pid) {
      try {
        process.kill(-run.pid, 'SIGKILL');
      } catch {}
    }
  }
  if (!service) return;
  for (const left of processesOf(service)) {
    try {
      process.kill(left.pid, 'SIGKILL');
    } catch {}
  }
  rmSync(service.dir, { recursive: true, force: true });
});

/** `npm -s start` as the leader of a process group of its own, stdout kept apart. */
function npmStart() {
  const run = spawn('npm', ['-s', 'start'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...service.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  runs.push(run);
  let stdout = '';
  let stderr = '';
  run.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  run.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => run.on('close', (code) => resolve(code)));
  return { run, stdout: () => stdout, stderr: () => stderr, exited };
}

type Line = Record<string, unknown>;

/** Every line of stdout parsed as JSON, from the first (a line that does not parse throws). */
function jsonLines(stdout: string): Line[] {
  const lines = stdout.split('\n');
  expect(lines.at(-1)).toBe('');
  return lines.slice(0, -1).map((line, index) => {
    try {
      return JSON.parse(line) as Line;
    } catch {
      throw new Error(`stdout line ${index + 1} is not JSON: ${line}`);
    }
  });
}

async function started(run: ReturnType<typeof npmStart>): Promise<string> {
  await waitFor(
    async () => {
      if (run.run.exitCode !== null) throw new Error('npm start exited');
      const ready = await fetch(`http://127.0.0.1:${service.port}/readyz`).catch(() => null);
      return ready?.status === 200 ? true : undefined;
    },
    120_000,
    'npm -s start to serve /readyz',
  );
  return `http://127.0.0.1:${service.port}`;
}

async function post(url: string, token: string, body: Record<string, unknown>) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: unknown } };
}

const requestLines = (lines: Line[]) =>
  lines.filter((line) => line.component === 'http' && line.msg === 'request');

describe('the JSON log stream of `npm -s start`', () => {
  it('holds only JSON lines; request lines name the operation and flag errors; queue lines are short', async () => {
    const first = npmStart();
    onTestFailed(() => console.error(first.stdout(), first.stderr()));
    const url = await started(first);
    const token = await waitFor(
      async () => /API token:\n\s+(\S+)/.exec(first.stderr())?.[1],
      30_000,
      'the first workspace token',
    );

    // GraphiQL's first tab runs as it is, and its line names it.
    const welcome = await post(url, token, { query: WELCOME_QUERY, operationName: 'Overview' });
    expect(welcome.body.errors).toBeUndefined();
    // Named only by the document.
    await post(url, token, { query: 'query CountLists { lists(first: 1) { totalCount } }' });
    // An answer with errors (an unknown field): its line says so.
    const broken = await post(url, token, { query: 'query Broken { noSuchField }' });
    expect(broken.body.errors).toBeDefined();

    // A sync run, whose graphile-worker job completes.
    const pool = servicePool(service);
    try {
      const { rows } = await pool.query<{ id: string }>('select id from workspace');
      const seed = new Seed(pool, rows[0]?.id as string);
      await seed.integration();
      const job = await syncedAudience(seed, url, token, 'Logged', 2);
      await waitFor(
        async () => {
          const { rows: runs } = await pool.query<{ status: string }>(
            'select status from sync_run where sync_job_id = $1',
            [job.jobId],
          );
          return runs.length > 0 && runs.every((run) => run.status === 'SUCCEEDED')
            ? true
            : undefined;
        },
        60_000,
        'the sync run to succeed',
      );
    } finally {
      await pool.end();
    }
    await waitFor(
      async () =>
        jsonLines(first.stdout()).some((line) => line.msg === 'sync run') ? true : undefined,
      10_000,
      'the sync run line',
    );
    const requests = requestLines(jsonLines(first.stdout()));
    expect(requests).toContainEqual(
      expect.objectContaining({ operationName: 'Overview', error: false, status: 200 }),
    );
    expect(requests).toContainEqual(
      expect.objectContaining({ operationName: 'CountLists', error: false }),
    );
    expect(requests).toContainEqual(
      expect.objectContaining({ operationName: 'Broken', error: true }),
    );
    // Lines of other routes carry neither field.
    const upload = requests.find((line) => String(line.path).startsWith('/ingest/'));
    if (upload) expect(upload).not.toHaveProperty('operationName');

    first.run.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const lines = jsonLines(first.stdout());
    expect(lines.length).toBeGreaterThan(5);
    const output = first.stdout() + first.stderr();
    expect(output).not.toMatch(/crontab/i);
    expect(output).not.toMatch(/Completed task/);
    // No queue line carries a job's row (its payload, key, lock).
    for (const line of lines.filter((one) => one.component === 'queue')) {
      expect(line).not.toHaveProperty('job');
      expect(JSON.stringify(line)).not.toMatch(/payload|syncJobId/);
    }
    const stopping = lines.findIndex((line) => line.msg === 'SIGTERM: shutting down');
    expect(stopping).toBeGreaterThan(0);
    expect(lines.slice(stopping).filter((line) => line.level !== 'info')).toEqual([]);
  }, 240_000);

  it('a clean stop (SIGTERM to npm, Ctrl-C to its group) logs no warning, time after time', async () => {
    for (const [round, signal] of (['SIGTERM', 'SIGINT', 'SIGTERM', 'SIGINT'] as const).entries()) {
      const run = npmStart();
      onTestFailed(() => console.error(`round ${round}`, run.stdout(), run.stderr()));
      await started(run);
      const pid = run.run.pid as number;
      process.kill(signal === 'SIGINT' ? -pid : pid, signal);
      expect(await run.exited).toBe(0);
      const lines = jsonLines(run.stdout());
      expect(lines.filter((line) => line.level !== 'info')).toEqual([]);
      expect(run.stdout() + run.stderr()).not.toMatch(/connection lost|crontab/);
    }
  }, 240_000);
});
