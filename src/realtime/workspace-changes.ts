import {
  SYNC_JOB_CHANGED_CHANNEL,
  SYNC_PROGRESS_CHANNEL,
  TOKEN_REVOKED_CHANNEL,
  WORKSPACE_CHANGED_CHANNEL,
} from '../db/channels.js';

/** The workspace a read-changing notification names, or null for one that names none. */
export function changedWorkspace(channel: string, payload: string): string | null {
  if (channel === WORKSPACE_CHANGED_CHANNEL) return payload;
  if (channel !== SYNC_PROGRESS_CHANNEL && channel !== SYNC_JOB_CHANGED_CHANNEL) return null;
  try {
    const parsed = JSON.parse(payload) as { workspaceId?: unknown };
    return typeof parsed.workspaceId === 'string' ? parsed.workspaceId : null;
  } catch {
    return null;
  }
}

/**
 * What this process knows about changes: a version per workspace that moves on every change
 * it hears of, and the revoked tokens. A cached answer is stored under the version it was read
 * at, so an answer whose reading overlapped a change is never found again. While the LISTEN
 * connection is down, changes may go unheard: `trusted()` is false and caches must not answer;
 * when it is back, every version moves on and every listener of `onReset` forgets everything.
 */
export class ChangeSignals {
  private epoch = 0;
  private readonly versions = new Map<string, number>();
  private readonly revokedListeners = new Set<(tokenId: string) => void>();
  private readonly resetListeners = new Set<() => void>();

  constructor(private readonly connected: () => boolean) {}

  /** Whether every change since the last reset has been heard (the LISTEN connection is up). */
  trusted(): boolean {
    return this.connected();
  }

  /** The version of what this process knows of `workspaceId`; changes with every change. */
  version(workspaceId: string): string {
    return `${this.epoch}.${this.versions.get(workspaceId) ?? 0}`;
  }

  /** A change of `workspaceId`, heard from a notification or made by this process. */
  workspaceChanged(workspaceId: string): void {
    this.versions.set(workspaceId, (this.versions.get(workspaceId) ?? 0) + 1);
  }

  /** Delivers one notification of the process's LISTEN connection. */
  receive(channel: string, payload: string): void {
    if (channel === TOKEN_REVOKED_CHANNEL) {
      for (const listener of this.revokedListeners) listener(payload);
      return;
    }
    const workspaceId = changedWorkspace(channel, payload);
    if (workspaceId !== null) this.workspaceChanged(workspaceId);
  }

  /** After the LISTEN connection was lost: anything may have changed meanwhile. */
  reset(): void {
    this.epoch++;
    this.versions.clear();
    for (const listener of this.resetListeners) listener();
  }

  onTokenRevoked(listener: (tokenId: string) => void): void {
    this.revokedListeners.add(listener);
  }

  onReset(listener: () => void): void {
    this.resetListeners.add(listener);
  }
}
