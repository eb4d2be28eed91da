import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { checkMarketoUrl, guardedFetch } from '../src/marketo/connection.js';
import { openSecret, sealSecret } from '../src/marketo/secrets.js';
import { createMarketoConnectionService } from '../src/services/marketo-connection.js';
import { graphql } from './gql/index.js';
import { type FakeMarketo, startFakeMarketo } from './helpers/fake-marketo.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';

/**
 * Every line the service logs (pino writes synchronously to fd 1 through `fs.writeSync`),
 * kept here instead of printed, to check that no line carries the client secret.
 */
const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
const originalWriteSync = fs.writeSync;
const logged: string[] = [];
/** Every GraphQL answer the tests received, for the same check. */
const answers: string[] = [];

const CLIENT_ID = 'audience-sync-client';
const SECRET = `sekrit-${randomBytes(12).toString('hex')}`;
const NEW_SECRET = `sekrit-${randomBytes(12).toString('hex')}`;
const WRONG_SECRET = `wrong-${randomBytes(12).toString('hex')}`;
const KEY = randomBytes(32);

let fake: FakeMarketo;
let t: TestApp;
let ws: TestWorkspace;

const ConnectionFields = graphql(/* GraphQL */ `
  fragment MarketoConnectionFields on MarketoConnection {
    restEndpoint
    identityEndpoint
    clientId
    status
    callsPer20Seconds
    concurrentCalls
    dailyCallBudget
    callsToday
    connectedAt
    lastError
  }
`);

const Connect = graphql(/* GraphQL */ `
  mutation MarketoConnect($input: ConnectMarketoInput!) {
    connectMarketo(input: $input) {
      __typename
      ...ErrorFields
      ... on ConnectMarketoSuccess {
        workspace {
          id
          marketo {
            ...MarketoConnectionFields
          }
        }
      }
    }
  }
`);

const Disconnect = graphql(/* GraphQL */ `
  mutation MarketoDisconnect {
    disconnectMarketo {
      __typename
      ...ErrorFields
      ... on DisconnectMarketoSuccess {
        workspace {
          marketo {
            ...MarketoConnectionFields
          }
        }
      }
    }
  }
`);

const Connection = graphql(/* GraphQL */ `
  query MarketoConnectionOfWorkspace {
    workspace {
      id
      marketo {
        ...MarketoConnectionFields
      }
    }
  }
`);

void ConnectionFields;

/** One GraphQL operation over HTTP; its answer is kept for the secret check. */
async function gql<TResult, TVars>(
  app: TestApp,
  document: TypedDocumentNode<TResult, TVars>,
  variables: TVars,
  token?: string,
) {
  const res = await app.gql(document, variables, token);
  answers.push(JSON.stringify(res));
  return res;
}

function connectInput(overrides: Record<string, unknown> = {}) {
  return {
    restEndpoint: fake.restEndpoint,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    ...overrides,
  } as {
    restEndpoint: string;
    clientId: string;
    clientSecret: string;
    identityEndpoint?: string;
    callsPer20Seconds?: number;
    concurrentCalls?: number;
    dailyCallBudget?: number;
  };
}

async function storedRows(workspaceId: string) {
  const { rows } = await t.database.pool.query<{ sealed: string | null; status: string }>(
    `select client_secret_sealed as sealed, status from marketo_connection
      where workspace_id = $1`,
    [workspaceId],
  );
  return rows;
}

/** A TCP port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  fs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd === 1 || fd === 2) {
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
      logged.push(text);
      return Buffer.byteLength(text);
    }
    return (originalWriteSync as (...args: unknown[]) => number)(fd, data, ...rest);
  }) as typeof fs.writeSync;
  fake = await startFakeMarketo({ clientId: CLIENT_ID, clientSecret: SECRET });
  t = await startTestApp({
    config: { outboundAllowPrivateNetworks: true, secretsKey: KEY, logLevel: 'debug' },
  });
  ws = await t.workspace();
});

afterAll(async () => {
  await t?.close();
  await fake?.close();
  fs.writeSync = originalWriteSync;
});

describe('sealed secrets and outbound rules', () => {
  it('seals with a random IV, opens with the key only, and keeps a secret as given without one', () => {
    const one = sealSecret(KEY, SECRET);
    const two = sealSecret(KEY, SECRET);
    expect(one).not.toBe(two);
    expect(one).not.toContain(SECRET);
    expect(openSecret(KEY, one)).toBe(SECRET);
    expect(() => openSecret(randomBytes(32), one)).toThrow(/not the key/);
    expect(() => openSecret(null, one)).toThrow(/SECRETS_KEY/);
    // The second-to-last character carries six bits of the ciphertext: another one changes it.
    const changed = one.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${one.slice(0, -2)}${changed}${one.slice(-1)}`;
    expect(() => openSecret(KEY, tampered)).toThrow();
    expect(sealSecret(null, SECRET)).toBe(SECRET);
    expect(openSecret(KEY, SECRET)).toBe(SECRET);
  });

  it('never reaches link-local or metadata addresses, even with private networks allowed', async () => {
    for (const url of ['http://169.254.169.254/rest', 'https://[fd00:ec2::254]/rest']) {
      await expect(checkMarketoUrl(url, true)).rejects.toThrow(/link-local, metadata/);
      await expect(
        guardedFetch(true)(`${url}/v1/leads.json`, { method: 'GET' }),
      ).rejects.toMatchObject({ code: 'ADDRESS_REFUSED' });
    }
    await expect(checkMarketoUrl('https://127.0.0.1/rest', false)).rejects.toThrow(
      /loopback or private/,
    );
    await expect(checkMarketoUrl('http://127.0.0.1/rest', true)).resolves.toBeInstanceOf(URL);
  });
});

describe('connectMarketo', () => {
  it('refuses a wrong secret with MARKETO_AUTH_FAILED after one identity request, storing nothing', async () => {
    const before = fake.requestsFor('identity').length;
    const res = await gql(t, Connect, { input: connectInput({ clientSecret: WRONG_SECRET }) });
    expect(res.errors).toBeUndefined();
    expect(res.data.connectMarketo).toMatchObject({
      __typename: 'MarketoAuthFailedError',
      code: 'MARKETO_AUTH_FAILED',
    });
    expect(fake.requestsFor('identity').length - before).toBe(1);
    expect(await storedRows(ws.id)).toEqual([]);
    const read = await gql(t, Connection, {});
    expect(read.data.workspace.marketo).toBeNull();
  });

  it('refuses an endpoint that does not answer with MARKETO_UNREACHABLE, storing nothing', async () => {
    const port = await closedPort();
    const res = await gql(t, Connect, {
      input: connectInput({ restEndpoint: `http://127.0.0.1:${port}/rest` }),
    });
    expect(res.data.connectMarketo).toMatchObject({
      __typename: 'MarketoUnreachableError',
      code: 'MARKETO_UNREACHABLE',
    });
    expect(await storedRows(ws.id)).toEqual([]);
  });

  it('gives up on an identity request that hangs at its timeout, storing nothing', async () => {
    const service = createMarketoConnectionService(
      {
        config: { ...loadConfig({}), outboundAllowPrivateNetworks: true, secretsKey: KEY },
        database: t.database,
      },
      { identityTimeoutMs: 300 },
    );
    fake.hangNext('identity');
    const caller = { workspaceId: ws.id, tokenId: 'test', scopes: new Set(['admin'] as const) };
    await expect(service.connect(caller, connectInput())).rejects.toMatchObject({
      code: 'MARKETO_UNREACHABLE',
    });
    fake.releaseHung();
    expect(await storedRows(ws.id)).toEqual([]);
  });

  it('refuses a private address without OUTBOUND_ALLOW_PRIVATE_NETWORKS before any request', async () => {
    const strict = await startTestApp({ config: { secretsKey: KEY } });
    try {
      const other = await strict.workspace();
      const before = fake.requests.length;
      const res = await gql(strict, Connect, { input: connectInput() }, other.token);
      expect(res.data.connectMarketo).toMatchObject({
        __typename: 'ValidationError',
        code: 'VALIDATION',
        fieldErrors: [{ path: ['input', 'restEndpoint'] }],
      });
      expect(fake.requests.length).toBe(before);
      const { rows } = await strict.database.pool.query('select 1 from marketo_connection');
      expect(rows).toEqual([]);
      // https is required there too, whatever the address.
      const http = await gql(
        strict,
        Connect,
        { input: connectInput({ restEndpoint: 'http://example.com/rest' }) },
        other.token,
      );
      expect(http.data.connectMarketo).toMatchObject({ code: 'VALIDATION' });
    } finally {
      await strict.close();
    }
  });

  it('refuses a token without the admin scope, storing nothing', async () => {
    const writer = await ws.tokenWith(['read', 'write']);
    const before = fake.requests.length;
    const res = await gql(t, Connect, { input: connectInput() }, writer);
    expect(res.data.connectMarketo).toMatchObject({ __typename: 'ForbiddenError' });
    expect(fake.requests.length).toBe(before);
    expect(await storedRows(ws.id)).toEqual([]);
  });

  it('refuses limits beyond the bounds', async () => {
    for (const input of [
      { callsPer20Seconds: 101 },
      { concurrentCalls: 11 },
      { concurrentCalls: 0 },
      { dailyCallBudget: -1 },
    ]) {
      const res = await gql(t, Connect, { input: connectInput(input) });
      expect(res.data.connectMarketo).toMatchObject({ code: 'VALIDATION' });
    }
    expect(await storedRows(ws.id)).toEqual([]);
  });

  it('connects with the defaults, the identity endpoint derived, and the secret sealed', async () => {
    const before = fake.requestsFor('identity').length;
    const res = await gql(t, Connect, { input: connectInput() });
    expect(res.data.connectMarketo).toMatchObject({
      __typename: 'ConnectMarketoSuccess',
      workspace: {
        marketo: {
          restEndpoint: fake.restEndpoint,
          identityEndpoint: fake.identityEndpoint,
          clientId: CLIENT_ID,
          status: 'CONNECTED',
          callsPer20Seconds: 50,
          concurrentCalls: 5,
          dailyCallBudget: 10_000,
          callsToday: 0,
          lastError: null,
        },
      },
    });
    expect(fake.requestsFor('identity').length - before).toBe(1);
    const [row] = await storedRows(ws.id);
    expect(row.sealed).not.toContain(SECRET);
    expect(openSecret(KEY, row.sealed as string)).toBe(SECRET);
  });

  it('connects again with new credentials, replacing them and resuming failed mirrors', async () => {
    const db = t.database.pool;
    const list = await db.query<{ id: string }>(
      `insert into static_list (workspace_id, name) values ($1, 'Resumed') returning id::text`,
      [ws.id],
    );
    const mirror = await db.query<{ id: string }>(
      `insert into marketo_mirror (workspace_id, list_id, marketo_list_id, marketo_list_name,
         lead_matching, status)
       values ($1, $2, 9001, 'Resumed', 'EXISTING_LEADS', 'FAILED') returning id::text`,
      [ws.id, list.rows[0].id],
    );
    await db.query(`update marketo_connection set status = 'AUTH_FAILED' where workspace_id = $1`, [
      ws.id,
    ]);
    fake.setCredentials('rotated-client', NEW_SECRET);
    const res = await gql(t, Connect, {
      input: connectInput({
        clientId: 'rotated-client',
        clientSecret: NEW_SECRET,
        callsPer20Seconds: 100,
        concurrentCalls: 10,
        dailyCallBudget: 20_000,
      }),
    });
    expect(res.data.connectMarketo).toMatchObject({
      __typename: 'ConnectMarketoSuccess',
      workspace: {
        marketo: {
          clientId: 'rotated-client',
          status: 'CONNECTED',
          callsPer20Seconds: 100,
          concurrentCalls: 10,
          dailyCallBudget: 20_000,
        },
      },
    });
    const [row] = await storedRows(ws.id);
    expect(openSecret(KEY, row.sealed as string)).toBe(NEW_SECRET);
    const resumed = await db.query<{ status: string }>(
      'select status from marketo_mirror where id = $1',
      [mirror.rows[0].id],
    );
    expect(resumed.rows[0].status).toBe('ACTIVE');
    const pushes = await db.query<{ status: string }>(
      'select status from marketo_push where mirror_id = $1',
      [mirror.rows[0].id],
    );
    expect(pushes.rows.length).toBeGreaterThanOrEqual(1);
  });

  it('another workspace sees no connection', async () => {
    const other = await t.workspace();
    const res = await gql(t, Connection, {}, other.token);
    expect(res.data.workspace.marketo).toBeNull();
  });

  it('disconnects: credentials forgotten, status DISCONNECTED, mirrors paused', async () => {
    const res = await gql(t, Disconnect, {});
    expect(res.data.disconnectMarketo).toMatchObject({
      __typename: 'DisconnectMarketoSuccess',
      workspace: { marketo: { status: 'DISCONNECTED', clientId: 'rotated-client' } },
    });
    const [row] = await storedRows(ws.id);
    expect(row).toEqual({ sealed: null, status: 'DISCONNECTED' });
    const mirrors = await t.database.pool.query<{ status: string }>(
      'select distinct status from marketo_mirror where workspace_id = $1',
      [ws.id],
    );
    expect(mirrors.rows).toEqual([{ status: 'PAUSED' }]);

    const never = await t.workspace();
    const refused = await gql(t, Disconnect, {}, never.token);
    expect(refused.data.disconnectMarketo).toMatchObject({ code: 'MARKETO_NOT_CONNECTED' });
  });

  it('never shows a secret in an answer or a log line', () => {
    const lines = logged.join('');
    // The capture works: the service logged its requests here.
    expect(lines).toContain('"component"');
    for (const secret of [SECRET, NEW_SECRET, WRONG_SECRET]) {
      expect(lines).not.toContain(secret);
      for (const answer of answers) expect(answer).not.toContain(secret);
    }
  });
});
