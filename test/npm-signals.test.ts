import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { runningPostmaster } from '../src/db/embedded.js';
import { processesOf, type ServiceEnv, serviceEnv } from './support/embedded-service.js';
import { PROJECT_ROOT } from './support/processes.js';
import { waitFor } from './support/util.js';

/**
 * The service's two documented commands, `npm start` and `npm run start:prod`, run through
 * npm exactly as a person or a process manager runs them, stopped by SIGTERM and SIGINT: sent
 * to npm's pid (`kill <pid>`, a process manager), and SIGINT also to npm's whole process group
 * (what a terminal does on Ctrl-C). Each time npm itself exits 0 and nothing of the service
 * is left: no node, no postgres, the ports free, no postmaster.pid.
 */
const runs: ChildProcess[] = [];
let service: ServiceEnv;

beforeAll(async () => {
  // `npm run start:prod` serves what `npm run build` compiled into dist/.
  await promisify(execFile)('npm', ['run', 'build'], { cwd: PROJECT_ROOT });
  service = await serviceEnv('npm-signals', { LOG_FORMAT: 'json', LOG_LEVEL: 'info' });
}, 300_000);

afterAll(() => {
  for (const run of runs) {
    if (run.exitCode === null && run.signalCode === null && run.pid) {
      try {
        process.kill(-run.pid, 'SIGKILL');
      } catch {}
    }
  }
  if (!service) return;
  for (const left of processesOf(service)) {
    try {
      process.kill(left.pid, 'SIGKILL');
    } catch {}
  }
  rmSync(service.dir, { recursive: true, force: true });
});

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * `npm run <script>` in the project directory with the service's settings, as the leader of
 * a process group of its own (as a shell runs a foreground command).
 */
function npmRun(script: string) {
  const run = spawn('npm', ['run', script], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...service.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  runs.push(run);
  let output = '';
  run.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  run.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  // 'exit', not 'close': a service left running would hold npm's pipes open.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    run.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { run, output: () => output, exited };
}

const cases = [
  { script: 'start', signal: 'SIGTERM', to: 'npm' },
  { script: 'start', signal: 'SIGINT', to: 'npm' },
  { script: 'start', signal: 'SIGINT', to: 'group' },
  { script: 'start:prod', signal: 'SIGTERM', to: 'npm' },
  { script: 'start:prod', signal: 'SIGINT', to: 'npm' },
  { script: 'start:prod', signal: 'SIGINT', to: 'group' },
] as const;

describe('signals through npm', () => {
  for (const { script, signal, to } of cases) {
    it(`npm run ${script}, ${signal} to ${to === 'npm' ? "npm's pid" : "npm's process group"}: npm exits 0, nothing left`, async () => {
      const started = npmRun(script);
      onTestFailed(() => console.error(started.output()));
      await waitFor(
        async () => {
          if (started.run.exitCode !== null) throw new Error(`npm run ${script} exited`);
          const ready = await fetch(`http://127.0.0.1:${service.port}/readyz`).catch(() => null);
          return ready?.status === 200 ? true : undefined;
        },
        120_000,
        `npm run ${script} to serve /readyz`,
      );
      const postmaster = runningPostmaster(path.join(service.dataDir, 'postgres'));
      expect(postmaster).not.toBeNull();
      // The service runs as npm's own child (the script execs node), not under a shell.
      expect(processesOf(service).some((p) => /^(\/\S+\/)?sh -c/.test(p.cmdline))).toBe(false);

      const pid = started.run.pid as number;
      process.kill(to === 'npm' ? pid : -pid, signal);
      expect(await started.exited).toEqual({ code: 0, signal: null });
      expect(started.output()).toContain(`${signal}: shutting down`);
      // The service, and its PostgreSQL before it, ended before npm did.
      expect(processesOf(service)).toEqual([]);
      expect(existsSync(path.join(service.dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
      expect(await canListen(service.port)).toBe(true);
      expect(await canListen(service.pgPort)).toBe(true);
    }, 180_000);
  }
});
