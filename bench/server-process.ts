import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Every child process the bench started and has not yet stopped, so that a section cut off
 * by its time budget (or an interrupted run) leaves nothing running.
 */
const liveChildren = new Set<ChildProcess>();

/** Registers a child to be stopped by stopAllChildren(). */
export function track<T extends ChildProcess>(child: T): T {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  return child;
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...liveChildren].map(stopChild));
}

/** The service (`dist/main.js`) running as a child process, measured from outside. */
export interface ServerProcess {
  /** e.g. http://127.0.0.1:41234 (nothing listens there for ROLE=worker) */
  url: string;
  port: number;
  /** The node process itself (not a wrapper), so /proc/<pid>/status is the server's memory. */
  pid: number;
  role: string;
  /** Last lines of its output, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

let compiled: Promise<void> | undefined;

/**
 * Compiles the service into dist/ with the settings of `npm run build` (its TypeScript step),
 * once per bench run: the bench measures what `npm run start:prod` runs in production, not
 * the tsx loader, which costs CPU and memory of its own.
 */
export function compileServer(): Promise<void> {
  compiled ??= (async () => {
    const started = Date.now();
    process.stderr.write('compiling the service into dist/ (as npm run build does) ...\n');
    await promisify(execFile)(
      process.execPath,
      [path.join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      { cwd: PROJECT_ROOT },
    );
    process.stderr.write(`compiled in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  })();
  return compiled;
}

/**
 * Starts the compiled service (`dist/main.js`, compiled first by compileServer) under plain
 * node (no npx wrapper, so `pid` is the server), and waits until /readyz answers 200 (for
 * ROLE=worker, until the process runs).
 */
export async function startServerProcess(options: {
  databaseUrl: string;
  role: 'all' | 'api' | 'worker';
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof'] to profile the server. */
  nodeArgs?: string[];
  timeoutMs?: number;
}): Promise<ServerProcess> {
  await compileServer();
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [...(options.nodeArgs ?? []), 'dist/main.js'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        ROLE: options.role,
        LOG_LEVEL: 'silent',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 50) lines.splice(0, lines.length - 50);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const process_: ServerProcess = {
    url,
    port,
    pid: child.pid!,
    role: options.role,
    output: () => lines.join('\n'),
    stop: () => stopChild(child),
  };
  try {
    // A worker serves no HTTP: it is started once the process runs; jobs wait in the queue.
    if (options.role === 'worker') await waitRunning(child, 500);
    else await waitReady(child, url, options.timeoutMs ?? 60_000);
  } catch (error) {
    await stopChild(child);
    throw new Error(`${(error as Error).message}\n${process_.output()}`);
  }
  return process_;
}

async function waitReady(child: ChildProcess, url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server not ready within ${timeoutMs} ms`);
}

async function waitRunning(child: ChildProcess, ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  if (child.exitCode !== null) throw new Error(`process exited with code ${child.exitCode}`);
}

/** SIGTERM (graceful shutdown), then SIGKILL after 10 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
