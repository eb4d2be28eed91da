import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(new URL('../..', import.meta.url).pathname);

/** The first port of the kernel's ephemeral range (outgoing connections take their ports there). */
function ephemeralLow(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/);
    return Number(low) || 32_768;
  } catch {
    return 32_768;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A TCP port free on 127.0.0.1, for a server that cannot listen on port 0 and report its
 * address (PostgreSQL). It lies below the ephemeral range, so that between this probe and the
 * server's bind no outgoing connection can be given it; a server that reports its address
 * (the API prints its URL) should be given port 0 instead.
 */
export async function freePort(): Promise<number> {
  const low = 10_000;
  const high = ephemeralLow();
  for (let attempt = 0; high > low + 1_000 && attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await canListen(port)) return port;
  }
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A child process running one of the project's TypeScript entry points, with its output. */
export interface Child {
  process: ChildProcess;
  output(): string;
  /** Resolves when the output matches, rejects if the process exits first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code, once the output is read to its end. */
  exited: Promise<number | null>;
}

/**
 * Runs `node --import tsx <script>`: one process (no tsx launcher in between), so a signal,
 * SIGKILL included, reaches the script itself and no orphan keeps running.
 */
export function spawnTs(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const check of waiters) check();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  // 'exit' may come before the last of the output is read; 'close' comes after both pipes end.
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  return {
    process: child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}; output:\n${output}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        exited.then((code) => {
          if (waiters.has(check)) {
            cleanup();
            reject(new Error(`exited with ${code} before ${pattern}; output:\n${output}`));
          }
        });
        check();
      });
    },
  };
}

/**
 * Prints each child's output, e.g. from a test's `onTestFailed`, so that a failed assertion or
 * a timeout shows what the processes said.
 */
export function printOutputs(children: Iterable<Child>): void {
  for (const child of children) {
    const status = child.process.exitCode ?? child.process.signalCode ?? 'running';
    console.error(
      `--- ${child.process.spawnargs.slice(3).join(' ')} (pid ${child.process.pid}, ${status}) ---\n${child.output()}`,
    );
  }
}
