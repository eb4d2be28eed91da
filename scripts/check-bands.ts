// Keeps the imports of src/ pointing down the bands of ARCHITECTURE.md:
// entry -> edge -> services -> engine -> ground. Every file of src/ is in exactly one band
// (by its folder, or by name at the top of src/); a file may import its own band and the
// bands below it, never one above. `npm run lint` runs it; it names each import that points
// up, or each file in no band, and exits 1 when there is any.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');

/** The bands, lowest first; each names the files and folders (with a trailing /) it holds. */
const BANDS: { name: string; holds: string[] }[] = [
  {
    name: 'ground',
    holds: ['domain/', 'entities/', 'db/', 'net/', 'observability/', 'config.ts'],
  },
  { name: 'engine', holds: ['sync/', 'webhooks/', 'marketo/', 'ingest/', 'history/'] },
  { name: 'services', holds: ['services/', 'auth/'] },
  { name: 'edge', holds: ['http/', 'schema/', 'realtime/'] },
  {
    name: 'entry',
    holds: ['main.ts', 'cli.ts', 'app.ts', 'api-processes.ts', 'background.ts', 'migrate.ts'],
  },
];

/** Packages only the edge may import: GraphQL schema building belongs to it alone. */
const EDGE_ONLY_PACKAGES = ['@pothos/'];

/** The index in BANDS of a file by its path under src/ ('sync/worker.ts'), or -1. */
function bandOf(file: string): number {
  return BANDS.findIndex((band) =>
    band.holds.some((held) => (held.endsWith('/') ? file.startsWith(held) : file === held)),
  );
}

const EDGE = BANDS.findIndex((band) => band.name === 'edge');

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
  const band = bandOf(relative);
  if (band === -1) {
    problems.push(
      `src/${relative}: in no band (add its folder to BANDS in scripts/check-bands.ts)`,
    );
    continue;
  }
  const text = readFileSync(file, 'utf8');
  // The TypeScript scanner finds every import, export ... from and import(), not comments.
  for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
    const specifier = imported.fileName;
    const line = text.slice(0, imported.pos).split('\n').length;
    const where = `src/${relative}:${line}: imports '${specifier}'`;
    if (!specifier.startsWith('.')) {
      if (band < EDGE && EDGE_ONLY_PACKAGES.some((name) => specifier.startsWith(name))) {
        problems.push(`${where}: only the edge builds the GraphQL schema`);
      }
      continue;
    }
    const target = bandOf(targetOf(file, specifier));
    if (target > band) {
      problems.push(`${where}: ${BANDS[band].name} may not import ${BANDS[target].name}`);
    }
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(`${problems.length} import(s) or file(s) break the bands (ARCHITECTURE.md).`);
  process.exit(1);
}
