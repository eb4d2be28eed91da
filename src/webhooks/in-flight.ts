/**
 * Bounds on the attempts a worker process sends at once, per workspace and per receiver, so
 * that one workspace, or one receiver that never answers, cannot take every slot of the
 * delivery runner and hold up everybody else's deliveries for the length of its timeouts.
 * A delivery over a bound is not attempted: its job is put off (deferDelay) and the slot is
 * free at once for the next job. Counted in the process, with no await between the check and
 * the count, so concurrent jobs cannot both take the last place.
 */
export class InFlightBounds {
  private readonly byWorkspace = new Map<string, number>();
  private readonly byReceiver = new Map<string, number>();

  constructor(
    private readonly perWorkspace: number,
    private readonly perReceiver: number,
  ) {}

  /**
   * Takes a place for an attempt of `workspaceId` to `receiver`; answers the function that
   * gives it back, or null when either bound is reached.
   */
  admit(workspaceId: string, receiver: string): (() => void) | null {
    const workspaceCount = this.byWorkspace.get(workspaceId) ?? 0;
    const receiverCount = this.byReceiver.get(receiver) ?? 0;
    if (workspaceCount >= this.perWorkspace || receiverCount >= this.perReceiver) return null;
    this.byWorkspace.set(workspaceId, workspaceCount + 1);
    this.byReceiver.set(receiver, receiverCount + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      decrement(this.byWorkspace, workspaceId);
      decrement(this.byReceiver, receiver);
    };
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const left = (counts.get(key) ?? 1) - 1;
  if (left > 0) counts.set(key, left);
  else counts.delete(key);
}

/** The receiver a webhook URL names: its host and port (any path, any scheme). */
export function receiverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname.toLowerCase()}:${parsed.port || (parsed.protocol === 'https:' ? 443 : 80)}`;
  } catch {
    return url;
  }
}

/**
 * How long a delivery over a bound is put off, the `deferred`-th time in a row: 250 ms,
 * doubling up to `maxMs` (an attempt under way ends within its timeout), with jitter so that
 * the deliveries put off together do not all come back at once. A bound that frees quickly
 * (receivers that answer) sends the backlog soon; one held by silent receivers is looked at
 * seldom.
 */
export function deferDelayMs(deferred: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, 250 * 2 ** Math.min(deferred, 20));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
