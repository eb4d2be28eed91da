import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startTestApp, type TestApp } from './support/harness.js';
import { type Child, freePort, printOutputs, spawnTs } from './support/processes.js';

let t: TestApp;
let busy: Server;
let busyPort: number;
const children: Child[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'audience-sync-startup-'));

beforeAll(async () => {
  t = await startTestApp();
  busyPort = await freePort();
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(busyPort, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const child of children) {
    if (child.process.exitCode === null) child.process.kill('SIGKILL');
  }
  await new Promise((resolve) => busy.close(resolve));
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the service with `env`; resolves with its exit code and its output's lines. */
async function start(env: Record<string, string>) {
  const child = spawnTs('src/main.ts', [], env);
  children.push(child);
  const code = await child.exited;
  const lines = child
    .output()
    .split('\n')
    .filter((line) => line && !line.includes('[migrator]'));
  return { code, lines };
}

describe('a start-up failure', () => {
  it('is one clear line and exit 1: API port in use', async () => {
    onTestFailed(() => printOutputs(children));
    const res = await start({ DATABASE_URL: t.databaseUrl, PORT: String(busyPort), ROLE: 'api' });
    expect(res.code).toBe(1);
    expect(res.lines).toEqual([
      `Cannot listen on 127.0.0.1:${busyPort} (PORT/HOST): the port is in use`,
    ]);
  });

  it('is one clear line and exit 1: embedded database port in use, naming what holds it', async () => {
    onTestFailed(() => printOutputs(children));
    const res = await start({
      DATABASE_URL: '',
      DATA_DIR: path.join(dir, 'data'),
      EMBEDDED_PG_PORT: String(busyPort),
    });
    expect(res.code).toBe(1);
    expect(res.lines).toHaveLength(1);
    // This test process listens there: its pid and command line (read from /proc).
    const command = readFileSync('/proc/self/cmdline', 'utf8').split('\0')[0] as string;
    expect(res.lines[0]).toContain(
      `EMBEDDED_PG_PORT ${busyPort} is in use by pid ${process.pid} (${command}`,
    );
    expect(res.lines[0]).toMatch(
      /\), not a PostgreSQL of this data directory \(.+\/data\/postgres\): stop it or choose another port$/,
    );
  });

  it('is one clear line and exit 1: database unreachable', async () => {
    onTestFailed(() => printOutputs(children));
    const closed = await freePort();
    const res = await start({ DATABASE_URL: `postgres://postgres@127.0.0.1:${closed}/x` });
    expect(res.code).toBe(1);
    expect(res.lines).toEqual([
      `Cannot reach the database (DATABASE_URL): connect ECONNREFUSED 127.0.0.1:${closed}`,
    ]);
  });

  it('warns about a variable that looks like ours', async () => {
    onTestFailed(() => printOutputs(children));
    const res = await start({
      DATABASE_URL: t.databaseUrl,
      PORT: String(busyPort),
      ROLE: 'api',
      ROLLE: 'worker',
    });
    expect(res.lines[0]).toBe(
      'Warning: ROLLE is not a setting of this service; did you mean ROLE?',
    );
  });
});
