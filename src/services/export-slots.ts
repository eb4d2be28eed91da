/**
 * The exports each workspace streams at once in this process (EXPORT_CONNECTIONS_PER_WORKSPACE),
 * so that one workspace's slow readers hold at most its share of the export pool and other
 * workspaces' exports still find a connection. Counted with no await between the check and
 * the count, so two requests cannot both take the last place.
 */
export class ExportSlots {
  private readonly taken = new Map<string, number>();

  constructor(readonly perWorkspace: number) {}

  /** Takes a place for `workspaceId`; answers the function that gives it back, or null. */
  take(workspaceId: string): (() => void) | null {
    const count = this.taken.get(workspaceId) ?? 0;
    if (count >= this.perWorkspace) return null;
    this.taken.set(workspaceId, count + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.taken.get(workspaceId) ?? 1) - 1;
      if (left > 0) this.taken.set(workspaceId, left);
      else this.taken.delete(workspaceId);
    };
  }
}

/** A workspace already streams as many exports as it may: SERVICE_UNAVAILABLE, try again later. */
export class ExportsBusyError extends Error {
  readonly code = 'SERVICE_UNAVAILABLE' as const;
  constructor(perWorkspace: number) {
    super(
      `This workspace already has ${perWorkspace} exports under way, as many as it may at once; try again when one has ended`,
    );
    this.name = 'ExportsBusyError';
  }
}
