import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { runningPostmaster } from '../src/db/embedded.js';
import { freePort, PROJECT_ROOT } from './support/processes.js';
import { waitFor } from './support/util.js';

const dir = mkdtempSync(path.join(tmpdir(), 'audience-sync-interrupt-'));
let child: ChildProcess | undefined;
let output = '';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(() => {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  const left = runningPostmaster(path.join(dir, 'data', 'postgres'));
  if (left) process.kill(left.pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('Ctrl-C in a terminal', () => {
  it('SIGINT to the whole process group stops the service in order: exit 0, no postgres left', async () => {
    onTestFailed(() => console.error(output));
    const dataDir = path.join(dir, 'data');
    // A process group of its own, as a shell gives the command it runs in the foreground.
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: '',
        DATA_DIR: dataDir,
        EMBEDDED_PG_PORT: String(await freePort()),
        PORT: '0',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const started = child;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
    };
    started.stdout?.on('data', onData);
    started.stderr?.on('data', onData);
    const exited = new Promise<number | null>((resolve) =>
      started.on('close', (code) => resolve(code)),
    );
    await waitFor(
      async () => (/GraphiQL at http/.test(output) ? true : undefined),
      120_000,
      'the service to start',
    );
    const postmaster = runningPostmaster(path.join(dataDir, 'postgres'));
    expect(postmaster).not.toBeNull();
    const pid = postmaster?.pid as number;

    // What a terminal does on Ctrl-C: SIGINT to every process of the foreground group.
    process.kill(-(started.pid as number), 'SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGINT: shutting down');
    expect(output).not.toMatch(/Unhandled|ECONNRESET|terminating connection/);
    expect(alive(pid)).toBe(false);
    expect(runningPostmaster(path.join(dataDir, 'postgres'))).toBeNull();
  }, 180_000);
});
