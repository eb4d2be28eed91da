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

/**
 * graphile-worker's own lines (the queue: runner, jobs, migrations) through our logger, kept
 * short. Its meta carries the whole job row (payload, key, lock, timestamps) and its failure
 * message the whole stack: a line names the job by id, task and attempt instead, and a failure
 * keeps its first line as the message with the error in `err`. "Completed task ... with
 * success" comes once per job, beside the service's own line for the same work (`sync run`,
 * `marketo push`, the delivery's record): it logs at debug. Warnings and errors keep their level.
 */
export const queueLogger = new WorkerLogger((scope) => (level, message, meta) => {
  const log = logger('queue');
  const { job, error, success, failure: _failure, ...rest } = (meta ?? {}) as QueueLogMeta;
  const fields: Record<string, unknown> = { ...scope, ...rest };
  if (job) {
    fields.jobId = job.id;
    fields.taskIdentifier = job.task_identifier;
    fields.attempt = job.attempts;
    fields.maxAttempts = job.max_attempts;
  }
  if (error instanceof Error) fields.err = error;
  else if (error !== undefined) fields.error = String(error);
  const line = message.split('\n', 1)[0] ?? message;
  if (level === 'error') log.error(fields, line);
  else if (level === 'warning') log.warn(fields, line);
  else if (level === 'info' && !success) log.info(fields, line);
  else log.debug(fields, line);
});

/** The meta graphile-worker 0.17 passes with its job lines. */
interface QueueLogMeta {
  job?: { id: string; task_identifier: string; attempts: number; max_attempts: number };
  error?: unknown;
  success?: boolean;
  failure?: boolean;
  [key: string]: unknown;
}

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
