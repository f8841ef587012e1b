import type { SyncState } from '../../shared/sync-status';

export type InstallDecision = 'now' | 'after-sync';

export interface UpdateGateActions {
  /** Quits and installs the downloaded update. Called at most once. */
  install(): void;
  /** Looks for an update now (the server said this version is too old to sync). */
  checkNow(): void;
}

/**
 * When a downloaded update may restart the app: never while a sync is sending or
 * fetching changes. Asked to install during a sync, it waits and installs as soon as
 * that sync ends, however it ends (done, offline, error). Before any sync status is
 * known nothing is running, so it installs at once.
 *
 * It also asks for an update check the moment the server starts refusing this version.
 */
export class UpdateGate {
  private state: SyncState | null = null;
  private waiting = false;
  private installing = false;

  constructor(private readonly actions: UpdateGateActions) {}

  /** Feed it every `syncStatus` event from the core. */
  syncStatusChanged(status: { state: SyncState }): void {
    const before = this.state;
    this.state = status.state;
    if (status.state === 'update-required' && before !== 'update-required') this.actions.checkNow();
    if (this.waiting && status.state !== 'syncing') this.installNow();
  }

  /** The user chose "Restart to update". */
  requestInstall(): InstallDecision {
    if (this.installing) return 'now';
    if (this.state === 'syncing') {
      this.waiting = true;
      return 'after-sync';
    }
    this.installNow();
    return 'now';
  }

  /** True while a requested install waits for a sync to end. */
  get waitingForSync(): boolean {
    return this.waiting;
  }

  private installNow(): void {
    this.waiting = false;
    this.installing = true;
    this.actions.install();
  }
}
