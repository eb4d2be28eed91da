import {
  type DocumentNode,
  type ExecutionResult,
  getOperationAST,
  Kind,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { isAsyncIterable } from 'graphql-yoga';
import type { WebSocket } from 'ws';
import { ForbiddenError } from '../domain/errors.js';
import { SlowConsumerError } from './progress-queue.js';

/**
 * Arguments that make a subscription replay stored history first (`syncProgress`'s
 * `afterSequence`): what such a subscription sends depends on when it started, so a newcomer
 * may only share its execution until that execution has sent its first event.
 */
const REPLAY_ARGUMENTS = new Set(['afterSequence']);

/** One graphql-ws operation taking part in a shared execution. */
export interface FanOutMember {
  socket: WebSocket;
  /** The operation's graphql-ws id, which every frame for it carries. */
  id: string;
  /**
   * Runs this subscriber's own operation with `rootValue` as the event: used for the error
   * that ends this subscriber alone (token revoked, client too slow), so it is answered
   * exactly as an unshared subscription would answer it.
   */
  executeOwn(rootValue: Error): Promise<ExecutionResult> | ExecutionResult;
  /** Registers `onRevoked` for the subscriber's token; returns the unwatch function. */
  watchToken(onRevoked: () => void): () => void;
}

/** Starts the one execution a group shares: an event stream, or a refusal (a single result). */
export type SharedSource = () => Promise<AsyncIterable<ExecutionResult> | ExecutionResult>;

/**
 * The key of a shared execution: whatever can change what an event looks like to a
 * subscriber. The workspace and scopes decide what resolvers may read; the document,
 * operation name and variables decide what they read.
 */
export function fanOutKey(input: {
  workspaceId: string;
  scopes: Iterable<string>;
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}): string {
  return JSON.stringify([
    input.workspaceId,
    [...input.scopes].sort(),
    input.operationName ?? null,
    input.query,
    sortedKeys(input.variables ?? {}),
  ]);
}

/** The same value with object keys sorted, so that `{a, b}` and `{b, a}` share a key. */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return Object.fromEntries(entries.map(([k, v]) => [k, sortedKeys(v)]));
}

/**
 * Whether the operation replays history: a replay argument with a value other than null,
 * written inline or passed in a variable (fragments of the root selection included).
 */
export function replaysHistory(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): boolean {
  const operation = getOperationAST(document, operationName);
  if (!operation) return false;
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition.selectionSet);
    }
  }
  const given = (value: ValueNode): boolean =>
    value.kind === Kind.VARIABLE
      ? variables?.[value.name.value] !== undefined && variables?.[value.name.value] !== null
      : value.kind !== Kind.NULL;
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) {
        return (selection.arguments ?? []).some(
          (arg) => REPLAY_ARGUMENTS.has(arg.name.value) && given(arg.value),
        );
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) return false;
      seen.add(name);
      return visit(fragment);
    });
  return visit(operation.selectionSet);
}

/**
 * One subscriber's side of a shared execution, as graphql-ws iterates it. Events do not pass
 * through here: the group writes their frames straight to the socket. What comes out of
 * next() is only what this subscriber gets alone: a refusal, or the error that ends it.
 */
class Subscriber implements AsyncIterableIterator<ExecutionResult> {
  private readonly results: ExecutionResult[] = [];
  private failure: unknown = null;
  private finished = false;
  private ending = false;
  private waiter: (() => void) | null = null;
  /** Frames handed to the socket and not yet written out to the network. */
  private unwritten = 0;
  private readonly prefix: string;
  private readonly unwatch: () => void;
  private readonly written = () => {
    this.unwritten--;
  };

  constructor(
    private readonly member: FanOutMember,
    private readonly group: Group,
    private readonly bufferLimit: number,
  ) {
    this.prefix = `{"id":${JSON.stringify(member.id)},"type":"next","payload":`;
    this.unwatch = member.watchToken(
      () => void this.endAlone(new ForbiddenError('The token was revoked')),
    );
  }

  /** Writes one event's frame: the payload was serialised once for the whole group. */
  frame(payload: string): void {
    if (this.finished) return;
    const socket = this.member.socket;
    if (socket.readyState !== socket.OPEN) return;
    if (this.unwritten >= this.bufferLimit) {
      void this.endAlone(new SlowConsumerError(this.bufferLimit));
      return;
    }
    this.unwritten++;
    socket.send(`${this.prefix}${payload}}`, this.written);
  }

  /** The shared execution ended: complete after what was sent, with `result` if any. */
  finish(result?: ExecutionResult, error?: unknown): void {
    if (this.finished) return;
    if (result) this.results.push(result);
    if (error !== undefined) this.failure = error;
    this.settle();
  }

  private async endAlone(error: Error) {
    if (this.finished || this.ending) return;
    this.ending = true;
    this.group.leave(this);
    let result: ExecutionResult;
    try {
      result = await this.member.executeOwn(error);
    } catch (failure) {
      this.finish(undefined, failure);
      return;
    }
    this.finish(result);
  }

  private settle() {
    this.finished = true;
    this.unwatch();
    this.group.leave(this);
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    for (;;) {
      const result = this.results.shift();
      if (result) return { value: result, done: false };
      if (this.failure !== null) {
        const failure = this.failure;
        this.failure = null;
        throw failure;
      }
      if (this.finished) return { value: undefined, done: true };
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.results.length = 0;
    this.failure = null;
    if (!this.finished) this.settle();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

/**
 * Subscribers of one key and the one execution they share: each event is executed and
 * serialised once, and the same payload goes out in every subscriber's frame.
 */
class Group {
  readonly members = new Set<Subscriber>();
  /** Whether any event was sent: a replaying group takes no newcomer after that. */
  sent = false;
  ended = false;
  private source: AsyncIterator<ExecutionResult> | null = null;

  constructor(
    private readonly onEmpty: (group: Group) => void,
    readonly replays: boolean,
  ) {}

  get joinable(): boolean {
    return !this.ended && !(this.replays && this.sent);
  }

  async run(start: SharedSource): Promise<void> {
    let outcome: AsyncIterable<ExecutionResult> | ExecutionResult;
    try {
      outcome = await start();
    } catch (error) {
      this.end(undefined, error);
      return;
    }
    if (!isAsyncIterable(outcome)) {
      // Refused before any stream started (NOT_FOUND, FORBIDDEN): the same answer for all.
      this.end(outcome);
      return;
    }
    const source = outcome[Symbol.asyncIterator]();
    this.source = source;
    if (this.ended) {
      await source.return?.();
      return;
    }
    try {
      for (;;) {
        const step = await source.next();
        if (step.done || this.ended) break;
        this.sent = true;
        const payload = JSON.stringify(step.value);
        for (const member of this.members) member.frame(payload);
      }
    } catch (error) {
      this.end(undefined, error);
      return;
    }
    this.end();
  }

  private end(result?: ExecutionResult, error?: unknown) {
    if (this.ended && this.members.size === 0) return;
    this.ended = true;
    this.onEmpty(this);
    for (const member of [...this.members]) member.finish(result, error);
    this.members.clear();
  }

  leave(member: Subscriber) {
    if (!this.members.delete(member) || this.members.size > 0 || this.ended) return;
    // The last subscriber left: stop the shared execution (its stream unlistens).
    this.ended = true;
    this.onEmpty(this);
    void this.source?.return?.();
  }
}

/**
 * Shares one execution among the graphql-ws subscribers of the same operation, variables,
 * workspace and scopes in this process. A subscriber joins a running execution of its key
 * (one that replays history only until it sent its first event) or starts a new one; the
 * execution ends when its stream ends (every subscriber completes) or when its last
 * subscriber leaves. Each subscriber keeps its own token check, and its own bound on frames
 * not yet written to its socket (`bufferLimit`): past that it ends with SLOW_CONSUMER, alone.
 */
export class SubscriptionFanOut {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly bufferLimit: number) {}

  /** The subscriber's result stream for graphql-ws; `start` runs if no group can be joined. */
  join(
    key: string,
    replays: boolean,
    member: FanOutMember,
    start: SharedSource,
  ): AsyncIterableIterator<ExecutionResult> {
    let group = this.groups.get(key);
    if (!group?.joinable) {
      const created = new Group((ended) => {
        if (this.groups.get(key) === ended) this.groups.delete(key);
      }, replays);
      this.groups.set(key, created);
      group = created;
      void created.run(start);
    }
    const subscriber = new Subscriber(member, group, this.bufferLimit);
    group.members.add(subscriber);
    return subscriber;
  }

  /** Shared executions running in this process. */
  get executions(): number {
    return this.groups.size;
  }

  /** Subscribers of the shared executions that take newcomers (each is live from joining). */
  get subscribers(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.members.size;
    return count;
  }
}
