import { randomBytes } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { print } from 'graphql';
import { inject } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { SCOPES, type Scope } from '../../src/auth/tokens.js';
import { type Config, loadConfig } from '../../src/config.js';
import { connectDatabase, type Database, ensureDatabase } from '../../src/db/database.js';
import type { RealtimeLimits } from '../../src/realtime/realtime.js';
import type { BackgroundWorkerOptions, SyncWorkerOptions } from '../../src/sync/worker.js';

/** A fresh database (cloned from the migrated template) with the API served on a free port. */
export interface TestApp {
  app: App;
  database: Database;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** Database URL, for child processes (workers) that share this database. */
  databaseUrl: string;
  /** Runs one GraphQL operation over real HTTP; returns the parsed JSON body and status. */
  gql<TResult, TVars>(
    document: TypedDocumentNode<TResult, TVars> | string,
    variables?: TVars,
    token?: string,
  ): Promise<{
    status: number;
    data: TResult;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  }>;
  /** Creates a workspace with a token of the given scopes (all by default). */
  workspace(options?: {
    name?: string;
    hipaaReady?: boolean;
    scopes?: Scope[];
  }): Promise<TestWorkspace>;
  close(): Promise<void>;
}

export interface TestWorkspace {
  id: string;
  globalId: string;
  token: string;
  /** Another token on the same workspace with other scopes. */
  tokenWith(scopes: Scope[]): Promise<string>;
}

/** Creates a database named after the test file, cloned from the template. */
export async function createTestDatabase(): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  return ensureDatabase(inject('serverUrl'), name, inject('templateDatabase'));
}

export async function startTestApp(
  options: {
    config?: Partial<Config>;
    /** The URL the app connects with, given its test database's URL (default: that URL). */
    databaseUrlFor?: (databaseUrl: string) => string | Promise<string>;
    /** Executes sync runs in this process (true, or the worker's options). */
    worker?: boolean | SyncWorkerOptions;
    /** Subscription limits (buffer, caps, token check interval) for this app. */
    realtime?: Partial<RealtimeLimits>;
    /** Options of webhook deliveries and history retention (run with the worker). */
    background?: BackgroundWorkerOptions;
  } = {},
): Promise<TestApp> {
  const databaseUrl = await createTestDatabase();
  // The app may reach its database through something in between (a proxy that can go silent).
  const appDatabaseUrl = options.databaseUrlFor
    ? await options.databaseUrlFor(databaseUrl)
    : databaseUrl;
  const counter = { count: 0 };
  const database = await connectDatabase(appDatabaseUrl, {
    limits: { ...loadConfig({}), ...options.config },
  });
  statementCounters.set(database, counter);
  const poolQuery = database.pool.query.bind(database.pool) as (...args: unknown[]) => unknown;
  database.pool.query = ((...args: unknown[]) => {
    counter.count++;
    return poolQuery(...args);
  }) as typeof database.pool.query;
  const config: Config = {
    ...loadConfig({}),
    databaseUrl,
    logLevel: 'silent',
    port: 0,
    host: '127.0.0.1',
    // Tests seed and inspect with direct SQL, which announces no change: answers are cached
    // only where a test asks for it (test/response-cache.test.ts).
    responseCacheMaxEntries: 0,
    ...options.config,
  };
  const handle = await createApp(config, {
    database,
    worker: options.worker ?? false,
    realtimeLimits: options.realtime,
    background: options.background,
  });
  const app: App = handle;
  const server = { url: handle.url as string };
  let defaultToken: string | undefined;

  const testApp: TestApp = {
    app,
    database,
    url: server.url,
    databaseUrl,
    async gql(document, variables, token) {
      const query = typeof document === 'string' ? document : print(document);
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...((token ?? defaultToken) ? { authorization: `Bearer ${token ?? defaultToken}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data: never; errors?: never[] };
      return { status: response.status, data: body.data, errors: body.errors };
    },
    async workspace(opts = {}) {
      const { workspaces } = handle.services;
      const workspace = await workspaces.create({
        name: opts.name ?? `Workspace ${randomBytes(3).toString('hex')}`,
        hipaaReady: opts.hipaaReady,
      });
      const { token } = await workspaces.createToken(workspace.id, opts.scopes ?? [...SCOPES]);
      defaultToken ??= token;
      return {
        id: workspace.id,
        globalId: encodeGlobalID('Workspace', workspace.id),
        token,
        tokenWith: async (scopes) => (await workspaces.createToken(workspace.id, scopes)).token,
      };
    },
    async close() {
      await handle.stop();
      await database.close();
    },
  };
  return testApp;
}

/**
 * Counts the SQL statements the app sends on its request pool while `fn` runs (every
 * `pool.query`, counted by startTestApp).
 */
export async function countStatements(testApp: TestApp, fn: () => Promise<void>): Promise<number> {
  const counter = statementCounters.get(testApp.database);
  if (!counter) throw new Error('countStatements needs a database opened by startTestApp');
  const before = counter.count;
  await fn();
  return counter.count - before;
}

const statementCounters = new WeakMap<Database, { count: number }>();
