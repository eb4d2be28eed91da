import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startTestApp, type TestApp } from './support/harness.js';
import { type Child, PROJECT_ROOT, printOutputs } from './support/processes.js';

// Inside the project, so the compiled files resolve the project's node_modules as dist/ would.
const cache = path.join(PROJECT_ROOT, 'node_modules/.cache');
mkdirSync(cache, { recursive: true });
// Laid out as the project is after `npm run build`: dist/ (here <tmp>/dist) beside web/ (here
// a link to the project's web/, whose web/dist the tests' global setup has built).
const buildRoot = mkdtempSync(path.join(cache, 'build-test-'));
const outDir = path.join(buildRoot, 'dist');
symlinkSync(path.join(PROJECT_ROOT, 'web'), path.join(buildRoot, 'web'), 'dir');
let t: TestApp;
let child: Child | undefined;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  if (child && child.process.exitCode === null) child.process.kill('SIGKILL');
  await t?.close();
  rmSync(buildRoot, { recursive: true, force: true });
});

describe('npm run build', () => {
  it('compiles to JavaScript that starts with plain node (start:prod) and serves /readyz and the built web app at /', async () => {
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
    // `/` is the built app from web/dist, and its script is served too.
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toBe(readFileSync(path.join(PROJECT_ROOT, 'web/dist/index.html'), 'utf8'));
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    expect((await fetch(`${url}${script}`)).status).toBe(200);
    // Running needs none of the build tools (vite, preact stay devDependencies).
    const compiled = readdirSync(outDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(path.join(outDir, file), 'utf8'));
    for (const tool of ['vite', 'preact']) {
      const imports = new RegExp(`from ['"]${tool}['"/]`);
      expect(compiled.filter((code) => imports.test(code))).toEqual([]);
    }
    started.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  }, 180_000);

  it('builds the web app twice at once without a race: web/dist is whole afterwards', async () => {
    const run = () =>
      promisify(execFile)(
        process.execPath,
        [
          path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'),
          'scripts/build-web.ts',
          '--force',
        ],
        { cwd: PROJECT_ROOT },
      );
    await Promise.all([run(), run()]);
    const dist = path.join(PROJECT_ROOT, 'web/dist');
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(readFileSync(path.join(dist, asset as string)).length).toBeGreaterThan(0);
    }
  }, 180_000);
});
