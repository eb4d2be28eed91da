import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startTestApp, type TestApp } from './support/harness.js';
import { type Child, PROJECT_ROOT, printOutputs } from './support/processes.js';

// Inside the project, so the compiled files resolve the project's node_modules as dist/ would.
const cache = path.join(PROJECT_ROOT, 'node_modules/.cache');
mkdirSync(cache, { recursive: true });
const outDir = mkdtempSync(path.join(cache, 'build-test-'));
let t: TestApp;
let child: Child | undefined;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  if (child && child.process.exitCode === null) child.process.kill('SIGKILL');
  await t?.close();
  rmSync(outDir, { recursive: true, force: true });
});

describe('npm run build', () => {
  it('compiles to JavaScript that starts with plain node and serves /readyz', async () => {
    // The same compiler settings as `npm run build`, into a folder of this test's own.
    await promisify(execFile)(
      process.execPath,
      [
        path.join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'),
        '-p',
        'tsconfig.build.json',
        '--outDir',
        outDir,
      ],
      { cwd: PROJECT_ROOT },
    );
    const started = spawn(process.execPath, [path.join(outDir, 'main.js')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: t.databaseUrl, PORT: '0', ROLE: 'api' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    started.stdout.on('data', (chunk) => {
      output += chunk;
    });
    started.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child = {
      process: started,
      output: () => output,
      exited: new Promise((resolve) => started.on('close', resolve)),
      waitFor: () => Promise.reject(new Error('not used')),
    };
    onTestFailed(() => printOutputs(child ? [child] : []));
    const url = await new Promise<string>((resolve, reject) => {
      started.stdout.on('data', () => {
        const match = /GraphiQL at (http:\/\/\S+)\/graphql/.exec(output);
        if (match) resolve(match[1]);
      });
      started.on('close', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    started.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  }, 180_000);
});
