import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { ensureDatabase } from '../src/db/database.js';
import { type Child, printOutputs, spawnTs } from './support/processes.js';

const children: Child[] = [];

afterAll(async () => {
  for (const child of children) {
    if (child.process.exitCode === null) child.process.kill('SIGKILL');
  }
});

describe('processes started at once on a new database', () => {
  it('all migrate (one at a time) and become ready: two api, two worker', async () => {
    onTestFailed(() => printOutputs(children));
    // An empty database, not a clone of the migrated template: every process finds it new.
    const url = await ensureDatabase(inject('serverUrl'), `t_${randomBytes(6).toString('hex')}`);
    const roles = ['api', 'worker', 'api', 'worker'];
    for (const role of roles) {
      children.push(spawnTs('src/main.ts', [], { ROLE: role, DATABASE_URL: url, PORT: '0' }));
    }
    const ready = await Promise.all(
      children.map((child, i) =>
        roles[i] === 'api'
          ? child.waitFor(/GraphiQL at (http:\/\/\S+)\/graphql/, 90_000)
          : child.waitFor(/Sync worker running/, 90_000),
      ),
    );
    for (const [i, match] of ready.entries()) {
      if (roles[i] !== 'api') continue;
      expect((await fetch(`${match[1]}/readyz`)).status).toBe(200);
    }
    for (const child of children) {
      child.process.kill('SIGTERM');
      expect(await child.exited).toBe(0);
    }
  }, 180_000);
});
