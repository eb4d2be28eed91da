import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Figure } from './context.js';
import type { Dataset } from './generate.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryMb: number;
  platform: string;
  node: string;
  postgres: string;
  database: string;
  /** 1-minute load average when the run started and ended: how busy the machine was. */
  loadAverage: { start: number; end: number };
}

export interface Results {
  date: string;
  scale: number;
  seed: number;
  machine: Machine;
  dataset: Pick<Dataset, 'counts' | 'seedSeconds' | 'audienceName'>;
  durationSeconds: number;
  figures: Figure[];
}

export function describeMachine(postgres: string, database: string, loadAtStart: number): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryMb: Math.round(os.totalmem() / 1024 / 1024),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres,
    database,
    loadAverage: { start: loadAtStart, end: Math.round(os.loadavg()[0] * 100) / 100 },
  };
}

function number(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Number.isInteger(value)) return String(value);
  const text = value.toPrecision(3);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function withUnit(value: number | null | undefined, unit: string): string {
  const text = number(value);
  return text === '-' || !unit ? text : `${text} ${unit}`;
}

/** The one table `npm run bench` prints: a row per figure, in section order. */
export function formatTable(results: Results): string {
  const header = ['#', 'figure', 'value', 'baseline', 'ratio', 'goal', 'status', 'peak RSS'];
  const rows = results.figures.map((f) => [
    String(f.section),
    f.name,
    withUnit(f.value, f.unit),
    f.baseline ? `${withUnit(f.baseline.value, f.baseline.unit)} (${f.baseline.name})` : '',
    f.ratio === null || f.ratio === undefined ? '' : `${number(f.ratio)}x`,
    f.goal ?? '',
    f.status ?? '',
    f.peakRssMb ? `${number(f.peakRssMb)} MB` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const { machine } = results;
  const notes = results.figures
    .filter((f) => f.note)
    .map((f) => `  [${f.section}] ${f.name}: ${f.note}`);
  return [
    `audience-sync bench, ${results.date}, scale ${results.scale} (seed ${results.seed}): ` +
      `${results.dataset.counts.ecids.toLocaleString('en-US')} ECIDs, ` +
      `${results.dataset.counts.cookieSyncs.toLocaleString('en-US')} cookie syncs, ` +
      `${results.dataset.counts.leads.toLocaleString('en-US')} leads`,
    `${machine.cpus} x ${machine.cpuModel}, ${number(machine.memoryMb)} MB, node ${machine.node}, ${machine.database}, load average ${machine.loadAverage.start} -> ${machine.loadAverage.end}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    'notes:',
    ...notes,
  ].join('\n');
}

export function writeResults(file: string, results: Results): void {
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
