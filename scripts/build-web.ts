// Builds the web app (web/ -> web/dist) when its sources are newer than the last build;
// `npm start` runs it first (prestart), the tests' global setup calls buildWebIfStale. --force
// builds whatever the dates say.
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const stamp = path.join(dist, 'index.html');
/** Every build gets a folder of its own in here; web/dist is a symbolic link to the current one. */
const builds = path.join(web, '.dist-builds');

/** Everything the bundle is made of: the app's sources, its config, and the locked packages. */
const INPUTS = [
  path.join(web, 'src'),
  path.join(web, 'index.html'),
  path.join(web, 'vite.config.ts'),
  path.join(root, 'src/http/web/token-key.ts'),
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

/** The folder web/dist points at now, if it is a link made by buildWeb. */
function currentBuild(): string | null {
  try {
    return path.resolve(web, readlinkSync(dist));
  } catch {
    return null;
  }
}

/**
 * Builds into a folder of its own (unique, so two builds at once never share one), then points
 * web/dist at it by renaming a new symbolic link over the old one: rename is atomic, so a
 * server running meanwhile serves the old build or the new one, never half of one or none, and
 * of two builds at once the one that finishes last wins whole. The build it replaced is removed.
 */
export async function buildWeb(): Promise<void> {
  mkdirSync(builds, { recursive: true });
  const staging = mkdtempSync(path.join(builds, 'build-'));
  // mkdtemp makes it private to this user; the build is public files.
  chmodSync(staging, 0o755);
  const link = path.join(web, `.dist-link-${path.basename(staging)}`);
  try {
    await build({
      configFile: path.join(web, 'vite.config.ts'),
      build: { outDir: staging, emptyOutDir: true },
    });
    symlinkSync(path.relative(web, staging), link, 'dir');
    // A web/dist from before the links (a plain folder) cannot be renamed over: removed first.
    const info = lstatSync(dist, { throwIfNoEntry: false });
    if (info?.isDirectory()) rmSync(dist, { recursive: true, force: true });
    const replaced = currentBuild();
    renameSync(link, dist);
    if (replaced && replaced !== staging) rmSync(replaced, { recursive: true, force: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(link, { force: true });
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
