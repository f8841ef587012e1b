import fs from 'node:fs';
import { CHANNEL_NAMES, type ChannelName, type Session, type ShellChannel } from '../../shared/contract';
import { AppError } from '../../shared/result';
import { Core } from '../core';
import { EventHub } from '../events';
import type { Handlers, WorkspaceChannel } from '../handlers';
import { SyncEngine } from '../sync/sync-engine';
import { SyncScheduler, type ConnectivitySignal, type SchedulerTimers } from '../sync/sync-scheduler';
import { httpTransport, TransportError, type SyncTransport } from '../sync/transport';
import { ReminderLog } from '../reminders/reminder-log';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { Profiles, type Profile } from './profiles';
import { fileSecretStore, type SecretStore } from './secret-store';

export interface WorkspaceOptions {
  /** Holds every user's data folder (the app's user-data folder). */
  dataRoot: string;
  /** The OS's network signal; the server's /v1/health stays the final word. */
  connectivity: ConnectivitySignal;
  secrets?: SecretStore;
  /** Injected for tests (a cut or slow network). */
  transportFor?: (serverUrl: string, token: string) => SyncTransport;
  now?: () => Date;
  timers?: SchedulerTimers;
  /** Pull others' changes this often while online. */
  periodicSyncMs?: number;
  /** Longest wait between health probes while the server is unreachable. */
  probeCapMs?: number;
  writeDebounceMs?: number;
}

/** Colleagues and roles are refreshed at most this often (and at every sign-in). */
const PEOPLE_REFRESH_MS = 10 * 60_000;

interface OpenProfile {
  profile: Profile;
  core: Core;
  engine: SyncEngine;
  scheduler: SyncScheduler;
  reminders: ReminderScheduler;
  stopForwarding: () => void;
  peopleRefreshedAt: number;
}

/**
 * The signed-in desktop session: which user's data folder is open, their sync engine
 * and scheduler, and the contract's full handler table. Data channels go to the open
 * user's core; with nobody signed in they answer `signed_out`. The Electron shell and
 * the browser host both host exactly this.
 */
export class Workspace {
  readonly events = new EventHub();
  readonly handlers: Handlers;
  private readonly profiles: Profiles;
  private readonly secrets: SecretStore;
  private readonly now: () => Date;
  private open: OpenProfile | null = null;

  constructor(private readonly options: WorkspaceOptions) {
    this.profiles = new Profiles(options.dataRoot);
    this.secrets = options.secrets ?? fileSecretStore;
    this.now = options.now ?? (() => new Date());
    this.handlers = this.createHandlers();
    // Resume the last user: their work is there offline, and sync picks up where it was.
    const last = this.profiles.current;
    const token = last ? this.secrets.read(this.profiles.dirOf(last)) : null;
    if (last && token) this.openProfile(last, token);
  }

  /** The open user's core (for the host's seeding and for tests). */
  get core(): Core | null {
    return this.open?.core ?? null;
  }

  session(): Session {
    const open = this.open;
    if (!open) {
      return { signedIn: false, serverUrl: this.profiles.lastServerUrl, user: null, can: { reassign: false, deleteOthersLeads: false } };
    }
    const user = open.core.people.me();
    const manager = user?.role === 'manager';
    return { signedIn: true, serverUrl: open.profile.serverUrl, user, can: { reassign: manager, deleteOthersLeads: manager } };
  }

  /**
   * Signs in with a server address and token. When the server answers, the token is
   * checked (`/v1/me`) and a refusal changes nothing; when it cannot be reached, the
   * user starts working offline and the token is checked at the first sync.
   */
  async signIn(serverUrl: string, token: string): Promise<Session> {
    if (this.open) throw new AppError('not_allowed', 'Someone is signed in already; sign out first.');
    const refused = this.secrets.refusal?.();
    if (refused) throw new AppError('not_allowed', refused);
    const transport = this.transportFor(serverUrl, token, 8_000);
    let me: Awaited<ReturnType<SyncTransport['me']>> | null = null;
    try {
      me = await transport.me();
    } catch (error) {
      if (error instanceof TransportError && error.failure.kind === 'http') {
        const { status } = error.failure;
        if (status === 401 || status === 403) {
          throw new AppError('sign_in_refused', 'The server did not accept this token. Check it, or ask your manager for a new one.');
        }
        if (status === 426) throw new AppError('sign_in_refused', `Update Fieldline first: ${error.failure.message}`);
        if (status === 404) throw new AppError('sign_in_refused', 'That address answers, but it is not a Fieldline server.');
      }
      // Unreachable or failing: sign in offline; the first sync checks the token.
    }
    const profile = this.profiles.forSignIn(serverUrl, me?.user.id ?? null, token);
    const dir = this.profiles.dirOf(profile);
    fs.mkdirSync(dir, { recursive: true });
    this.openProfile(profile, token, (core) => {
      core.sync.bind(serverUrl, me?.user.id ?? null);
      if (me) core.people.rememberMe({ ...me.user, role: me.role, branches: me.branches });
      this.secrets.write(dir, token);
    });
    this.profiles.setCurrent(profile);
    const session = this.session();
    this.events.emit('sessionChanged', session);
    return session;
  }

  /**
   * Signs out and closes this user's data. With changes not yet on the server it asks
   * first (`unsynced_work`); confirmed, the changes stay in the user's folder and sync
   * at their next sign-in. The token is forgotten either way.
   */
  signOut(keepUnsynced: boolean): { pendingOps: number } {
    const open = this.open;
    if (!open) return { pendingOps: 0 };
    const pendingOps = open.core.outbox.pendingCount();
    if (pendingOps > 0 && !keepUnsynced) {
      throw new AppError(
        'unsynced_work',
        `${pendingOps} change${pendingOps === 1 ? ' has' : 's have'} not reached the server yet. ` +
          'They stay on this computer and sync when you sign in again.',
      );
    }
    this.closeProfile();
    this.secrets.remove(this.profiles.dirOf(open.profile));
    this.profiles.setCurrent(null);
    this.events.emit('sessionChanged', this.session());
    return { pendingOps };
  }

  syncNow(): void {
    this.requireOpen().scheduler.syncNow();
  }

  close(): void {
    this.closeProfile();
  }

  /** Opens a user's data and starts their sync; `prepare` runs first, and if it throws nothing is left open. */
  private openProfile(profile: Profile, token: string, prepare?: (core: Core) => void): void {
    const dir = this.profiles.dirOf(profile);
    const core = new Core({ dataDir: dir, now: this.now });
    try {
      prepare?.(core);
    } catch (error) {
      core.close();
      throw error;
    }
    const transport = this.transportFor(profile.serverUrl, token);
    const open: OpenProfile = {
      profile,
      core,
      engine: null as unknown as SyncEngine,
      scheduler: null as unknown as SyncScheduler,
      reminders: new ReminderScheduler({
        source: new ReminderLog(core.store),
        notifier: { show: (reminder) => this.events.emit('followUpDue', reminder) },
        now: this.now,
        ...(this.options.timers ? { timers: this.options.timers } : {}),
      }),
      stopForwarding: () => {},
      peopleRefreshedAt: -Infinity,
    };
    open.engine = new SyncEngine({ core, transport, now: this.now, beforeSync: () => this.refreshPeople(open, transport) });
    open.scheduler = new SyncScheduler({
      core,
      engine: open.engine,
      transport,
      signal: this.options.connectivity,
      now: this.now,
      ...(this.options.timers ? { timers: this.options.timers } : {}),
      ...(this.options.periodicSyncMs !== undefined ? { periodicMs: this.options.periodicSyncMs } : {}),
      ...(this.options.probeCapMs !== undefined ? { probeCapMs: this.options.probeCapMs } : {}),
      ...(this.options.writeDebounceMs !== undefined ? { writeDebounceMs: this.options.writeDebounceMs } : {}),
    });
    const offs = [
      core.events.on('leadsChanged', (p) => this.events.emit('leadsChanged', p)),
      core.events.on('syncStatus', (p) => this.events.emit('syncStatus', p)),
      core.events.on('jobProgress', (p) => this.events.emit('jobProgress', p)),
      core.events.on('leadsChanged', () => open.reminders.tasksChanged()),
    ];
    open.stopForwarding = () => offs.forEach((off) => off());
    this.open = open;
    open.scheduler.start();
    open.reminders.start();
  }

  /** Confirms who the token belongs to and refreshes colleagues; runs at the start of a sync. */
  private async refreshPeople(open: OpenProfile, transport: SyncTransport): Promise<void> {
    const known = open.core.people.me();
    if (known && this.now().getTime() - open.peopleRefreshedAt < PEOPLE_REFRESH_MS) return;
    const me = await transport.me();
    const user = { ...me.user, role: me.role, branches: me.branches };
    open.core.sync.bind(open.profile.serverUrl, user.id);
    open.core.people.rememberMe(user);
    this.profiles.confirmUser(open.profile.key, user.id);
    const { users } = await transport.users();
    open.core.people.rememberColleagues(users);
    open.peopleRefreshedAt = this.now().getTime();
    if (JSON.stringify(known) !== JSON.stringify(user) && this.open === open) this.events.emit('sessionChanged', this.session());
  }

  private closeProfile(): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    open.scheduler.stop();
    open.reminders.stop();
    open.stopForwarding();
    open.core.close();
  }

  private requireOpen(): OpenProfile {
    if (!this.open) throw new AppError('signed_out', 'Sign in to see your leads.');
    return this.open;
  }

  private transportFor(serverUrl: string, token: string, timeoutMs?: number): SyncTransport {
    return this.options.transportFor?.(serverUrl, token) ?? httpTransport({ serverUrl, token, ...(timeoutMs ? { timeoutMs } : {}) });
  }

  private createHandlers(): Handlers {
    const own: Handlers<WorkspaceChannel> = {
      'session.current': () => this.session(),
      'session.signIn': (r) => this.signIn(r.serverUrl, r.token),
      'session.signOut': (r) => this.signOut(r.keepUnsynced),
      'sync.now': () => (this.syncNow(), null),
    };
    // The desktop shell answers these itself (main/electron/); anywhere else they are not there.
    const shellOnly: Handlers<ShellChannel> = {
      'imports.chooseFile': () => {
        throw new AppError('unknown_channel', 'The system file dialog is only in the desktop app; choose the file in the page.');
      },
    };
    const table: Record<string, (request: unknown) => unknown> = { ...own, ...shellOnly } as never;
    for (const channel of CHANNEL_NAMES) {
      if (channel in table) continue;
      table[channel] = (request) => {
        const handler = this.requireOpen().core.handlers[channel as Exclude<ChannelName, WorkspaceChannel | ShellChannel>];
        return (handler as (request: unknown) => unknown)(request);
      };
    }
    return table as Handlers;
  }
}
