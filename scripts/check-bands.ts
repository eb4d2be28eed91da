// Keeps the imports of src/ pointing down the bands of shared/ARCHITECTURE.md:
// entry (main, cli, app, api-processes) -> edge (http/, schema/, realtime/) -> services/ ->
// engine (sync/, webhooks/, ingest/) -> ground (domain/, entities/, db/, config.ts, net/,
// observability/). `npm run lint` runs it; it names each import that points up, with its rule,
// and exits 1 when there is any.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');

interface Rule {
  name: string;
  /** Whether the rule applies to a file, by its path under src/ ('sync/worker.ts'). */
  covers(file: string): boolean;
  /** Whether an import is refused: `target` is its path under src/ (relative imports), `bare` its package. */
  refuses(target: string | null, bare: string | null): boolean;
}

const under = (file: string, folders: string[]) =>
  folders.some((folder) => file.startsWith(`${folder}/`));

const ENGINE_AND_GROUND = [
  'sync',
  'webhooks',
  'ingest',
  'db',
  'domain',
  'entities',
  'net',
  'observability',
];

const RULES: Rule[] = [
  {
    name: 'engine and ground import nothing from services/, realtime/, schema/, http/, app.ts or @pothos',
    covers: (file) => under(file, ENGINE_AND_GROUND) || file === 'config.ts',
    refuses: (target, bare) =>
      (target !== null &&
        (under(target, ['services', 'realtime', 'schema', 'http']) || target === 'app.ts')) ||
      (bare?.startsWith('@pothos/') ?? false),
  },
  {
    name: 'services import nothing from realtime/, schema/, http/, app.ts or @pothos',
    covers: (file) => under(file, ['services']),
    refuses: (target, bare) =>
      (target !== null && (under(target, ['realtime', 'schema', 'http']) || target === 'app.ts')) ||
      (bare?.startsWith('@pothos/') ?? false),
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The path under src/ of a relative import, with the .ts it is written as .js for. */
function targetOf(file: string, specifier: string): string {
  const resolved = path.relative(src, path.resolve(path.dirname(file), specifier));
  return resolved.split(path.sep).join('/').replace(/\.js$/, '.ts');
}

const problems: string[] = [];
for (const file of sourceFiles(src)) {
  const relative = path.relative(src, file).split(path.sep).join('/');
  const rules = RULES.filter((rule) => rule.covers(relative));
  if (rules.length === 0) continue;
  const text = readFileSync(file, 'utf8');
  // The TypeScript scanner finds every import, export ... from and import(), not comments.
  for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
    const specifier = imported.fileName;
    const isRelative = specifier.startsWith('.');
    const target = isRelative ? targetOf(file, specifier) : null;
    const bare = isRelative ? null : specifier;
    for (const rule of rules) {
      if (!rule.refuses(target, bare)) continue;
      const line = text.slice(0, imported.pos).split('\n').length;
      problems.push(`src/${relative}:${line}: imports '${specifier}': ${rule.name}`);
    }
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(`${problems.length} import(s) point up the bands (shared/ARCHITECTURE.md).`);
  process.exit(1);
}
