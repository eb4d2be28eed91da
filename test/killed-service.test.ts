import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { embeddedUrl, runningPostmaster } from '../src/db/embedded.js';
import {
  gqlAt,
  processesOf,
  RUN_NOW,
  runStatuses,
  runWaitingOnListLock,
  type ServiceEnv,
  serviceEnv,
  servicePool,
  startService,
  syncedAudience,
} from './support/embedded-service.js';
import { type Child, freePort, printOutputs, spawnTs } from './support/processes.js';
import { Seed } from './support/sync-seed.js';
import { waitFor } from './support/util.js';

const children: Child[] = [];
const services: ServiceEnv[] = [];
const pools: pg.Pool[] = [];

afterAll(async () => {
  for (const pool of pools) await pool.end().catch(() => undefined);
  for (const child of children) {
    if (child.process.exitCode === null) child.process.kill('SIGKILL');
  }
  await Promise.all(children.map((child) => child.exited));
  for (const service of services) {
    for (const left of processesOf(service)) {
      try {
        process.kill(left.pid, 'SIGKILL');
      } catch {}
    }
    rmSync(service.dir, { recursive: true, force: true });
  }
});

describe('a service killed with SIGKILL during a sync run', () => {
  it('starts again with the same command: the orphaned PostgreSQL is shut down, the run finishes exactly', async () => {
    onTestFailed(() => printOutputs(children));
    const service = await serviceEnv('killed');
    services.push(service);
    const first = await startService(service, children, { first: true });
    const token = first.token as string;
    const pool = servicePool(service);
    pools.push(pool);
    const { rows } = await pool.query<{ id: string }>('select id from workspace');
    const seed = new Seed(pool, rows[0]?.id as string);
    await seed.integration();

    // The run is held at its write, then its service is killed there.
    const blocker = new pg.Client(embeddedUrl(service.pgPort, 'audience_sync'));
    blocker.on('error', () => undefined);
    await blocker.connect();
    await blocker.query('begin; lock table list_membership in share mode');
    const sync = await syncedAudience(seed, first.url, token, 'Killed', 4);
    await runWaitingOnListLock(pool, sync.jobId);
    const postmaster = runningPostmaster(path.join(service.dataDir, 'postgres'));
    expect(postmaster).not.toBeNull();

    first.child.process.kill('SIGKILL');
    await first.child.exited;
    await blocker.end().catch(() => undefined);
    // What the bug left: the dead service's PostgreSQL, still serving its data directory.
    expect(runningPostmaster(path.join(service.dataDir, 'postgres'))?.pid).toBe(postmaster?.pid);

    const second = await startService(service, children);
    const ready = await fetch(`${second.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(second.child.output()).toContain(
      `PostgreSQL (pid ${postmaster?.pid}, port ${service.pgPort}) left running by a stopped service`,
    );
    const after = runningPostmaster(path.join(service.dataDir, 'postgres'));
    expect(after?.pid).not.toBe(postmaster?.pid);

    // A PostgreSQL whose service lives is never taken: another start on the data directory
    // fails in one line that names both.
    const third = spawnTs('src/main.ts', [], {
      ...service.env,
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(await freePort()),
    });
    children.push(third);
    expect(await third.exited).toBe(1);
    expect(third.output().trim()).toBe(
      `The embedded database in ${service.dataDir}/postgres is in use by another running instance (postmaster pid ${after?.pid}, service pid ${second.child.process.pid}, port ${service.pgPort}): stop it first, or set DATABASE_URL`,
    );
    expect(runningPostmaster(path.join(service.dataDir, 'postgres'))?.pid).toBe(after?.pid);

    // The killed attempt is retried once its worker is found dead: one run, SUCCEEDED.
    await waitFor(
      async () => {
        const statuses = await runStatuses(pool, sync.jobId);
        return statuses.every((status) => status === 'SUCCEEDED') ? statuses : undefined;
      },
      90_000,
      'the killed run to finish',
    );
    expect(await runStatuses(pool, sync.jobId)).toEqual(['SUCCEEDED']);
    const attempts = await pool.query('select attempts from sync_run where sync_job_id = $1', [
      sync.jobId,
    ]);
    expect(attempts.rows).toEqual([{ attempts: 2 }]);
    const members = await seed.listMembers(sync.listId);
    expect(Object.keys(members).sort()).toEqual(sync.leadIds);
    expect(new Set(Object.values(members))).toEqual(new Set(['SYNC']));

    // The API still answers over it, and a run after the restart is an ordinary one.
    await gqlAt(second.url, token, RUN_NOW, { id: sync.globalId });
    await waitFor(
      async () => {
        const statuses = await runStatuses(pool, sync.jobId);
        return statuses.length === 2 && statuses.every((s) => s === 'SUCCEEDED') ? true : undefined;
      },
      30_000,
      'a second run',
    );

    await pool.end();
    pools.length = 0;
    second.child.process.kill('SIGTERM');
    expect(await second.child.exited).toBe(0);
    expect(processesOf(service)).toEqual([]);
  }, 240_000);
});
