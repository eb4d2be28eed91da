import { createRequire } from 'node:module';
import { Logger as WorkerLogger } from 'graphile-worker';
import { type DestinationStream, type Logger, pino } from 'pino';
import type PinoPretty from 'pino-pretty';

export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';
export type LogFormat = 'json' | 'pretty';

/** What the process logs: its level and format (LOG_LEVEL, LOG_FORMAT). */
export interface LogSettings {
  logLevel: LogLevel;
  logFormat: LogFormat;
}

/** JSON lines unless stdout is a terminal (a person reads it, a collector reads the rest). */
export const defaultLogFormat = (): LogFormat => (process.stdout.isTTY ? 'pretty' : 'json');

function destination(format: LogFormat): DestinationStream {
  // Synchronous writes: the last lines before process.exit (a start-up failure, the end of a
  // shutdown) are never lost in a buffer.
  if (format === 'json') return pino.destination({ dest: 1, sync: true });
  // Loaded only for a terminal: processes that log JSON never pay for it.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return pretty({
    sync: true,
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
  });
}

function build(settings: LogSettings): Logger {
  return pino(
    {
      level: settings.logLevel,
      timestamp: pino.stdTimeFunctions.isoTime,
      // "level":"info" rather than 30: readable without a lookup table.
      formatters: { level: (label) => ({ level: label }) },
    },
    destination(settings.logFormat),
  );
}

let root = build({
  logLevel: 'info',
  logFormat: defaultLogFormat(),
});
const components = new Map<string, Logger>();

/**
 * Makes this process log at `logLevel` in `logFormat` from now on. One logger per process:
 * the composition root calls this with the process's configuration.
 */
export function configureLogging(settings: LogSettings): void {
  root = build(settings);
  components.clear();
}

/**
 * The logger of one part of the service (`http`, `sync`, `queue`, ...): its lines carry
 * `component`. Ask for it where it is used rather than keeping it, so that it follows
 * configureLogging.
 */
export function logger(component: string): Logger {
  let child = components.get(component);
  if (!child) {
    child = root.child({ component });
    components.set(component, child);
  }
  return child;
}

/** graphile-worker's own lines (the queue: runner, jobs, migrations) through our logger. */
export const queueLogger = new WorkerLogger((scope) => (level, message, meta) => {
  const log = logger('queue');
  const fields = { ...scope, ...meta };
  if (level === 'error') log.error(fields, message);
  else if (level === 'warning') log.warn(fields, message);
  else if (level === 'info') log.info(fields, message);
  else log.debug(fields, message);
});

/** yoga's logger interface, routed to the `graphql` component. */
export const graphqlLogger = {
  debug: (...args: unknown[]) => logArgs('debug', args),
  info: (...args: unknown[]) => logArgs('info', args),
  warn: (...args: unknown[]) => logArgs('warn', args),
  error: (...args: unknown[]) => logArgs('error', args),
};

function logArgs(level: 'debug' | 'info' | 'warn' | 'error', args: unknown[]) {
  const log = logger('graphql');
  if (!log.isLevelEnabled(level)) return;
  const error = args.find((arg) => arg instanceof Error);
  const message = args
    .filter((arg) => arg !== error)
    .map((arg) => (typeof arg === 'string' ? arg : printable(arg)))
    .join(' ');
  if (error) log[level]({ err: error }, message);
  else log[level](message);
}

function printable(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
