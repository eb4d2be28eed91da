// Builds the web app (web/ -> web/dist) when its sources are newer than the last build;
// `npm start` runs it first (prestart), the tests' global setup calls buildWebIfStale. --force
// builds whatever the dates say.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const stamp = path.join(dist, 'index.html');

/** Everything the bundle is made of: the app's sources, its config, and the locked packages. */
const INPUTS = [
  path.join(web, 'src'),
  path.join(web, 'index.html'),
  path.join(web, 'vite.config.ts'),
  path.join(root, 'src/web/token-key.ts'),
  path.join(root, 'package-lock.json'),
];

function newest(file: string): number {
  const info = statSync(file);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(file).map((name) => newest(path.join(file, name))));
}

/** Whether web/dist is missing or older than any of its inputs. */
export function webBuildIsStale(): boolean {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return INPUTS.some((input) => existsSync(input) && newest(input) > built);
}

/**
 * Builds into a folder of its own, then swaps it in, so a server running meanwhile serves
 * the old build or the new one, never half of one.
 */
export async function buildWeb(): Promise<void> {
  const staging = path.join(web, `.dist-${process.pid}`);
  try {
    await build({
      configFile: path.join(web, 'vite.config.ts'),
      build: { outDir: staging, emptyOutDir: true },
    });
    rmSync(dist, { recursive: true, force: true });
    renameSync(staging, dist);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Builds the web app unless web/dist is current; returns whether it built. */
export async function buildWebIfStale(): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  await buildWeb();
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  if (force) await buildWeb();
  const built = force || (await buildWebIfStale());
  console.log(built ? 'web app built into web/dist' : 'web app is up to date (web/dist)');
}
