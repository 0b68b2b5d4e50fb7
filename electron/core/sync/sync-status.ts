import type { SyncStatus } from '../../contract/index.ts';

/**
 * Sync state as the renderer and technicians see it. Until a platform is enrolled the honest answer
 * is "not configured"; the outbox relay reports through here once it runs.
 */
export class SyncStatusBoard {
  private status: SyncStatus = { state: 'not-configured', queued: 0, lastSyncAt: null };
  get(): SyncStatus {
    return this.status;
  }
  set(next: SyncStatus): void {
    this.status = next;
  }
}
