import { describe, expect, it } from 'vitest';
import type { SyncPhase, SyncRunStatus } from '../src/entities/sync-run.js';
import { ProgressQueue, SlowConsumerError } from '../src/realtime/progress-queue.js';
import type { SyncProgressEvent } from '../src/sync/progress.js';

let sequence = 0;
function event(
  phase: SyncPhase,
  processed: number,
  status: SyncRunStatus = 'RUNNING',
): SyncProgressEvent {
  sequence++;
  return {
    workspaceId: '1',
    syncJobId: '1',
    runId: '1',
    sequence,
    status,
    phase,
    processed,
    total: 100,
    stats: null,
    at: new Date().toISOString(),
  };
}

async function drain(queue: ProgressQueue) {
  const out = [];
  while (queue.length > 0) out.push(await queue.take());
  return out;
}

// A subscriber that does not read: its backlog stays bounded however much is published.
describe('a slow subscriber', () => {
  it('keeps each phase change, the latest progress and the outcome, and drops the rest', async () => {
    const queue = new ProgressQueue(8);
    const published = [
      event('LOADING_AUDIENCE', 0),
      ...[10, 20, 30, 40].map((p) => event('LOADING_AUDIENCE', p)),
      event('RESOLVING_IDENTITIES', 40),
      ...[50, 60, 70, 80].map((p) => event('RESOLVING_IDENTITIES', p)),
      event('COMPLETED', 100, 'SUCCEEDED'),
    ];
    for (const e of published) queue.push(e);
    // Full at the 9th event: the middle of each phase so far goes, later events queue again.
    expect(queue.length).toBe(7);
    const kept = await drain(queue);
    const events = kept.map((entry) => entry?.event as SyncProgressEvent);
    expect(events.map((e) => [e.phase, e.processed])).toEqual([
      ['LOADING_AUDIENCE', 0],
      ['LOADING_AUDIENCE', 40],
      ['RESOLVING_IDENTITIES', 40],
      ['RESOLVING_IDENTITIES', 60],
      ['RESOLVING_IDENTITIES', 70],
      ['RESOLVING_IDENTITIES', 80],
      ['COMPLETED', 100],
    ]);
    // processed never goes down, and a gap left on purpose is marked so nothing refills it.
    const processed = events.map((e) => e.processed);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    expect(kept.map((entry) => entry?.afterDrop)).toEqual([
      false,
      true,
      false,
      true,
      false,
      false,
      false,
    ]);
  });

  it('is closed with a clear reason when nothing can be dropped', async () => {
    const queue = new ProgressQueue(3);
    for (const phase of ['QUEUED', 'LOADING_AUDIENCE', 'RESOLVING_IDENTITIES'] as const) {
      queue.push(event(phase, 0));
    }
    queue.push(event('WRITING_MEMBERSHIPS', 0));
    await expect(queue.take()).rejects.toBeInstanceOf(SlowConsumerError);
    await expect(queue.take()).rejects.toThrow('fell more than 3 events behind');
  });
});
