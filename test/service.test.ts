import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { type Child, freePort, printOutputs, spawnTs } from './support/processes.js';
import { sleep } from './support/util.js';

const dir = mkdtempSync(path.join(tmpdir(), 'audience-sync-service-'));
chmodSync(dir, 0o755);
const pgDir = path.join(dir, 'data', 'postgres');
const children: Child[] = [];

/** The live postmaster of `dataDir`, from its pid file. */
function postmasterPid(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

function postmasterAlive(dataDir: string): boolean {
  return postmasterPid(dataDir) !== undefined;
}

afterAll(async () => {
  for (const child of children) {
    if (child.process.exitCode === null && child.process.signalCode === null) {
      child.process.kill('SIGKILL');
      await child.exited;
    }
  }
  // A service killed outright leaves its postmaster behind: stop it before removing its files.
  const pid = postmasterPid(pgDir);
  if (pid) {
    process.kill(pid, 'SIGQUIT');
    for (let i = 0; i < 100 && postmasterAlive(pgDir); i++) {
      await sleep(100);
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

const ConfigureExperienceCloud = graphql(/* GraphQL */ `
  mutation ServiceConfigureExperienceCloud {
    configureExperienceCloud(
      input: { imsOrgId: "0123456789ABCDEF01234567@AdobeOrg", cookieSyncEnabled: true }
    ) {
      __typename
    }
  }
`);

const ExperienceCloud = graphql(/* GraphQL */ `
  query ServiceExperienceCloud {
    workspace {
      experienceCloud {
        imsOrgId
      }
    }
  }
`);

/** One GraphQL request to a service started here (not a test app: no harness). */
async function request<TResult>(
  url: string,
  token: string,
  document: TypedDocumentNode<TResult, Record<string, never>>,
) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(document) }),
  });
  return { status: res.status, body: (await res.json()) as { data: TResult; errors?: unknown[] } };
}

describe('npm start on the embedded database', () => {
  // Two starts on a fresh data directory (initdb, migrations), next to the other files' tests.
  it('serves GraphiQL, prints a first token, stops cleanly, and keeps its data across restarts', {
    timeout: 180_000,
  }, async ({ onTestFailed }) => {
    onTestFailed(() => printOutputs(children));
    const env = {
      DATA_DIR: path.join(dir, 'data'),
      // PostgreSQL needs a port of its own; the API takes any and prints its URL.
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: '0',
      DATABASE_URL: '',
    };
    const first = spawnTs('src/main.ts', [], env);
    children.push(first);
    const [, url] = await first.waitFor(/GraphiQL at (http:\/\/\S+)\/graphql/, 120_000);
    const [, token] = await first.waitFor(/Bearer (ast_\S+)"/);

    const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('graphiql');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const configured = await request(url, token, ConfigureExperienceCloud);
    expect(configured.body.data.configureExperienceCloud.__typename).toBe(
      'ConfigureExperienceCloudSuccess',
    );

    first.process.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(postmasterAlive(pgDir)).toBe(false);

    const second = spawnTs('src/main.ts', [], env);
    children.push(second);
    const [, secondUrl] = await second.waitFor(/GraphiQL at (http:\/\/\S+)\/graphql/, 120_000);
    const after = await request(secondUrl, token, ExperienceCloud);
    expect(after.body.data.workspace.experienceCloud?.imsOrgId).toBe(
      '0123456789ABCDEF01234567@AdobeOrg',
    );
    second.process.kill('SIGINT');
    expect(await second.exited).toBe(0);
    // All of its output is in now, whatever it printed after its URL.
    expect(second.output()).not.toContain('Created a first workspace');
    expect(postmasterAlive(pgDir)).toBe(false);
  });
});

describe('configuration errors', () => {
  it('exits 1 with a message naming the bad variable', async ({ onTestFailed }) => {
    const child = spawnTs('src/main.ts', [], { PORT: 'eighty' });
    children.push(child);
    onTestFailed(() => printOutputs([child]));
    expect(await child.exited).toBe(1);
    expect(child.output()).toContain('PORT must be a whole number');
  });
});
