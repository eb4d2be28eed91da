import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Child, freePort, spawnTs } from './support/processes.js';

const dir = mkdtempSync(path.join(tmpdir(), 'audience-sync-service-'));
chmodSync(dir, 0o755);
const children: Child[] = [];

afterAll(async () => {
  for (const child of children) {
    if (child.process.exitCode === null) child.process.kill('SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
});

function postmasterAlive(dataDir: string): boolean {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function graphql(url: string, token: string, query: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
}

describe('npm start on the embedded database', () => {
  it('serves GraphiQL, prints a first token, stops cleanly, and keeps its data across restarts', async () => {
    const env = {
      DATA_DIR: path.join(dir, 'data'),
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(await freePort()),
      DATABASE_URL: '',
    };
    const first = spawnTs('src/main.ts', [], env);
    children.push(first);
    const [, url] = await first.waitFor(/GraphiQL at (http:\/\/\S+)\/graphql/, 60_000);
    const [, token] = await first.waitFor(/Bearer (ast_\S+)"/);

    const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('graphiql');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const configured = await graphql(
      url,
      token,
      'mutation { configureExperienceCloud(input: { imsOrgId: "0123456789ABCDEF01234567@AdobeOrg", cookieSyncEnabled: true }) { __typename } }',
    );
    expect(configured.body.data.configureExperienceCloud.__typename).toBe(
      'ConfigureExperienceCloudSuccess',
    );

    first.process.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const pgDir = path.join(env.DATA_DIR, 'postgres');
    expect(postmasterAlive(pgDir)).toBe(false);

    const second = spawnTs('src/main.ts', [], env);
    children.push(second);
    await second.waitFor(/GraphiQL at/, 60_000);
    expect(second.output()).not.toContain('Created a first workspace');
    const after = await graphql(url, token, '{ workspace { experienceCloud { imsOrgId } } }');
    expect(after.body.data.workspace.experienceCloud.imsOrgId).toBe(
      '0123456789ABCDEF01234567@AdobeOrg',
    );
    second.process.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(postmasterAlive(pgDir)).toBe(false);
  });
});

describe('configuration errors', () => {
  it('exits 1 with a message naming the bad variable', async () => {
    const child = spawnTs('src/main.ts', [], { PORT: 'eighty' });
    children.push(child);
    expect(await child.exited).toBe(1);
    expect(child.output()).toContain('PORT must be a whole number');
  });
});
