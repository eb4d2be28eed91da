import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp } from './support/harness.js';
import { spawnTs } from './support/processes.js';

const WhoAmI = graphql(/* GraphQL */ `
  query WhoAmI {
    workspace {
      id
      name
      hipaaReady
    }
  }
`);

const ConfigureAsReader = graphql(/* GraphQL */ `
  mutation ConfigureAsReader {
    configureExperienceCloud(
      input: { imsOrgId: "0123456789ABCDEF01234567@AdobeOrg", cookieSyncEnabled: true }
    ) {
      __typename
    }
  }
`);

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

async function cli(...args: string[]) {
  const child = spawnTs('src/cli.ts', args, { DATABASE_URL: t.databaseUrl });
  const code = await child.exited;
  return { code, output: child.output().trim() };
}

async function whoAmI(token: string) {
  return t.gql(WhoAmI, {}, token);
}

describe('cli', () => {
  it('creates a workspace with an all-scopes token, then scoped and revocable tokens', async () => {
    const created = await cli('workspace', 'create', '--name', 'Globex', '--hipaa-ready', '--json');
    expect(created.code).toBe(0);
    const { workspaceId, token } = JSON.parse(created.output.split('\n').at(-1)!);
    const me = await whoAmI(token);
    expect(me.data).toEqual({ workspace: { id: workspaceId, name: 'Globex', hipaaReady: true } });

    const scoped = await cli(
      'token',
      'create',
      '--workspace',
      workspaceId,
      '--scopes',
      'read',
      '--json',
    );
    expect(scoped.code).toBe(0);
    const readToken = JSON.parse(scoped.output.split('\n').at(-1)!).token as string;
    expect((await whoAmI(readToken)).status).toBe(200);
    const denied = await t.gql(ConfigureAsReader, {}, readToken);
    expect(denied.data).toEqual({ configureExperienceCloud: { __typename: 'ForbiddenError' } });

    const revoked = await cli('token', 'revoke', '--token', readToken, '--json');
    expect(revoked.code).toBe(0);
    expect((await whoAmI(readToken)).status).toBe(401);
    expect((await whoAmI(token)).status).toBe(200);
  });

  it('prints its usage for --help (exit 0) and for an unknown option (exit 1)', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.output).toContain('npm run cli -- workspace create --name NAME');
    const unknown = await cli('workspace', 'create', '--nmae', 'Typo');
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain("Unknown option '--nmae'");
    expect(unknown.output).toContain('Usage:');
  });

  it('rejects bad arguments with a message and exit code 1', async () => {
    const scopes = await cli(
      'token',
      'create',
      '--workspace',
      '1',
      '--scopes',
      'read,root',
      '--json',
    );
    expect(scopes.code).toBe(1);
    expect(scopes.output).toContain(
      'scopes must be a comma-separated subset of read, write, admin',
    );

    const missing = await cli(
      'token',
      'create',
      '--workspace',
      '999999',
      '--scopes',
      'read',
      '--json',
    );
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('Workspace not found');

    const name = await cli('workspace', 'create', '--name', '   ', '--json');
    expect(name.code).toBe(1);
    expect(name.output).toContain('name');

    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain('Usage');
  });
});
