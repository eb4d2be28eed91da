import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { parseScopes, SCOPES } from './auth/tokens.js';
import { ConfigError, loadConfig } from './config.js';
import { DomainError } from './domain/errors.js';
import { decodeGlobalID, encodeGlobalID } from './domain/global-ids.js';

const USAGE = `Usage:
  npm run cli -- workspace create --name NAME [--hipaa-ready] [--json]
  npm run cli -- token create --workspace ID --scopes read,write[,admin] [--json]
  npm run cli -- token revoke --token TOKEN [--json]`;

/** Accepts a workspace's global id (as GraphQL shows it) or its database id. */
function workspaceDbId(raw: string): string {
  if (/^\d+$/.test(raw)) return raw;
  try {
    const { typename, id } = decodeGlobalID(raw);
    if (typename === 'Workspace') return id;
  } catch {}
  throw new CliError(`--workspace: "${raw}" is not a workspace id`);
}

class CliError extends Error {}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      'hipaa-ready': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      workspace: { type: 'string' },
      scopes: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

async function run(argv: string[]): Promise<Record<string, unknown>> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    // An unknown or malformed option: say which, with the usage.
    throw new CliError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: USAGE };
  const command = positionals.join(' ');
  const known = ['workspace create', 'token create', 'token revoke'];
  if (!known.includes(command)) throw new CliError(USAGE);
  if (command === 'workspace create' && !values.name) throw new CliError('--name is required');
  if (command === 'token create' && (!values.workspace || !values.scopes)) {
    throw new CliError('--workspace and --scopes are required');
  }
  if (command === 'token revoke' && !values.token) throw new CliError('--token is required');

  const config = loadConfig();
  // Only the database and the services: the CLI serves nothing and runs no syncs.
  const app = await createApp(config, { serve: false, worker: false, shareRunningDatabase: true });
  const { workspaces } = app.services;
  try {
    if (command === 'workspace create') {
      const workspace = await workspaces.create({
        name: values.name!,
        hipaaReady: values['hipaa-ready'],
      });
      const { token } = await workspaces.createToken(workspace.id, [...SCOPES], 'cli');
      return { workspaceId: encodeGlobalID('Workspace', workspace.id), token };
    }
    if (command === 'token create') {
      const scopes = parseScopes(values.scopes!);
      const { token } = await workspaces.createToken(
        workspaceDbId(values.workspace!),
        scopes,
        'cli',
      );
      return { token };
    }
    const revoked = await workspaces.revokeToken(values.token!);
    if (!revoked) throw new CliError('no active token matches --token');
    return { revoked: true };
  } finally {
    await app.stop();
  }
}

const argv = process.argv.slice(2);
run(argv).then(
  (result) => {
    // --help prints the usage; --json one machine-readable line; otherwise one "key: value"
    // line per field.
    if (typeof result.help === 'string') console.log(result.help);
    else if (argv.includes('--json')) console.log(JSON.stringify(result));
    else
      for (const [key, value] of Object.entries(result as object)) console.log(`${key}: ${value}`);
  },
  (error) => {
    const expected =
      error instanceof CliError || error instanceof ConfigError || error instanceof DomainError;
    console.error(expected ? error.message : error);
    process.exit(1);
  },
);
