import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import type { ConnectivitySignal } from '../../main/sync/sync-scheduler';
import { httpTransport, TransportError, type SyncTransport } from '../../main/sync/transport';
import { Workspace, type WorkspaceOptions } from '../../main/workspace/workspace';
import { CHANNEL_NAMES, channels, type ChannelName, type RequestOf, type Session } from '../../shared/contract';
import { invoke } from '../support/invoke';
import { startServer } from '../server/support';
import { draft } from '../sync/support';
import { tempDir } from '../support/temp';

const online: ConnectivitySignal = { isOnline: () => true, onChange: () => () => {} };
const opened: Workspace[] = [];
afterEach(() => opened.splice(0).forEach((w) => w.close()));

function workspace(dataRoot = tempDir(), extra: Partial<WorkspaceOptions> = {}): Workspace {
  const w = new Workspace({ dataRoot, connectivity: online, periodicSyncMs: 3_600_000, ...extra });
  opened.push(w);
  return w;
}

const call = <C extends ChannelName>(w: Workspace, channel: C, request: RequestOf<C>) => invoke(w.handlers, channel, request);
/** For payloads the contract's types would not even allow. */
const callRaw = (w: Workspace, channel: string, request: unknown) => dispatch(w.handlers, channel, request);

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(condition()).toBe(true);
}

/** Waits until the open user's outbox is empty (the scheduler syncs by itself). */
async function synced(w: Workspace): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (w.core && w.core.outbox.pendingCount() === 0 && w.core.syncState().last_success_at) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('did not sync');
}

describe('the workspace (who is signed in on this computer)', () => {
  it('answers every channel of the contract, and data channels say "sign in" while signed out', async () => {
    const w = workspace();
    expect(Object.keys(w.handlers).sort()).toEqual(Object.keys(channels).sort());
    expect(await call(w, 'session.current', {})).toMatchObject({ ok: true, value: { signedIn: false, user: null } });
    const list = await call(w, 'leads.list', {});
    expect(list).toEqual({ ok: false, error: { code: 'signed_out', message: 'Sign in to see your leads.' } });
    for (const channel of CHANNEL_NAMES) {
      const result = await callRaw(w, channel, {});
      if (!result.ok) expect(result.error.code).not.toBe('internal');
    }
  });

  it('signs in with a token the server confirms, shows who and what the role may do, and syncs', async () => {
    const server = await startServer('sqlite');
    const mona = await server.user('Mona', 'agent', ['cairo']);
    await server.user('Karim', 'manager', ['cairo', 'giza']);
    const w = workspace();
    const events: Session[] = [];
    w.events.on('sessionChanged', (s) => events.push(s));
    const signedIn = await call(w, 'session.signIn', { serverUrl: server.url + '/', token: mona.token });
    expect(signedIn).toMatchObject({
      ok: true,
      value: { signedIn: true, serverUrl: server.url, user: { id: mona.userId, name: 'Mona', role: 'agent', branches: ['cairo'] }, can: { reassign: false, deleteOthersLeads: false } },
    });
    expect(events.at(-1)?.signedIn).toBe(true);
    const created = await call(w, 'leads.create', draft('Sara', '01011112222'));
    expect(created.ok).toBe(true);
    await synced(w);
    const users = await call(w, 'users.list', {});
    expect(users.ok && users.value.map((u) => u.name).sort()).toEqual(['Karim', 'Mona']);
    // The server has the lead, under Mona's name.
    const onServer = [...(await mona.visibleLeads()).values()];
    expect(onServer.find((l) => l.name === 'Sara')?.ownerId).toBe(mona.userId);
  });

  it('refuses a token the server rejects and changes nothing', async () => {
    const server = await startServer('sqlite');
    const root = tempDir();
    const w = workspace(root);
    const result = await call(w, 'session.signIn', { serverUrl: server.url, token: 'fl_not-a-real-token' });
    expect(result).toMatchObject({ ok: false, error: { code: 'sign_in_refused' } });
    expect(w.session().signedIn).toBe(false);
    expect(fs.existsSync(path.join(root, 'profiles'))).toBe(false);
    const bad = await callRaw(w, 'session.signIn', { serverUrl: 'ftp://x', token: 'short' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('signs in offline when the server cannot be reached, and confirms the user at the first sync', async () => {
    const server = await startServer('sqlite');
    const mona = await server.user('Mona', 'agent', ['cairo']);
    let reachable = false;
    const cut = (transport: SyncTransport): SyncTransport => {
      const gate = <T>(f: () => Promise<T>) => (reachable ? f() : Promise.reject(new TransportError({ kind: 'network', message: 'no signal' })));
      return {
        health: () => gate(() => transport.health()),
        me: () => gate(() => transport.me()),
        users: () => gate(() => transport.users()),
        push: (body) => gate(() => transport.push(body)),
        pull: (cursor, limit) => gate(() => transport.pull(cursor, limit)),
      };
    };
    const w = workspace(tempDir(), { probeCapMs: 100, transportFor: (serverUrl, token) => cut(httpTransport({ serverUrl, token })) });
    const sessions: Session[] = [];
    w.events.on('sessionChanged', (s) => sessions.push(s));
    const offline = await call(w, 'session.signIn', { serverUrl: server.url, token: mona.token });
    expect(offline).toMatchObject({ ok: true, value: { signedIn: true, user: null } });
    await until(() => w.core!.syncStatus().state === 'offline');
    const created = await call(w, 'leads.create', draft('Offline lead', '01022223333'));
    if (!created.ok) throw new Error(created.error.message);
    await call(w, 'notes.add', { leadId: created.value.id, body: 'called from the basement' });
    expect(w.core!.outbox.pendingCount()).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(w.core!.outbox.pendingCount()).toBe(2); // still offline: nothing left
    reachable = true; // the basement gets signal
    await synced(w);
    expect(w.session().user).toMatchObject({ id: mona.userId, name: 'Mona' });
    expect(sessions.at(-1)?.user?.name).toBe('Mona');
    expect([...(await mona.visibleLeads()).values()].map((l) => l.name)).toEqual(['Offline lead']);
    // Synced, the timeline still says which entries were made offline; later ones are not.
    await call(w, 'notes.add', { leadId: created.value.id, body: 'back at the office' });
    const detail = await call(w, 'leads.detail', { id: created.value.id });
    if (!detail.ok) throw new Error(detail.error.message);
    const flags = detail.value.timeline.map((e) => [e.kind === 'note' ? e.note.body : e.kind, e.madeOffline]);
    expect(flags).toEqual(expect.arrayContaining([['called from the basement', true], ['back at the office', false], ['event', true]]));
  });

  it('keeps one data folder per user on a shared laptop, and warns before signing out with unsent work', async () => {
    const server = await startServer('sqlite');
    const mona = await server.user('Mona', 'agent', ['cairo']);
    const omar = await server.user('Omar', 'agent', ['cairo']);
    const root = tempDir();
    const w = workspace(root);
    await call(w, 'session.signIn', { serverUrl: server.url, token: mona.token });
    await call(w, 'leads.create', draft('Mona lead', '01033334444'));
    // Sign out straight away: the lead may still be queued; the warning names the count.
    const pending = w.core!.outbox.pendingCount();
    if (pending > 0) {
      const refused = await call(w, 'session.signOut', {});
      expect(refused).toMatchObject({ ok: false, error: { code: 'unsynced_work' } });
      expect(w.session().signedIn).toBe(true);
    }
    expect(await call(w, 'session.signOut', { keepUnsynced: true })).toMatchObject({ ok: true });
    expect(w.session()).toMatchObject({ signedIn: false, serverUrl: server.url });

    await call(w, 'session.signIn', { serverUrl: server.url, token: omar.token });
    const omarsLeads = await call(w, 'leads.list', {});
    expect(omarsLeads.ok && omarsLeads.value.items.map((l) => l.name)).not.toContain('Mona lead');
    expect((await call(w, 'session.signOut', {})).ok).toBe(true);

    await call(w, 'session.signIn', { serverUrl: server.url, token: mona.token });
    const monasLeads = await call(w, 'leads.list', {});
    expect(monasLeads.ok && monasLeads.value.items.map((l) => l.name)).toContain('Mona lead');
    const profiles = JSON.parse(fs.readFileSync(path.join(root, 'profiles.json'), 'utf8')) as { profiles: unknown[] };
    expect(profiles.profiles).toHaveLength(2);
    // Tokens live in per-user files only this OS user can read; profiles.json holds hashes.
    expect(fs.readFileSync(path.join(root, 'profiles.json'), 'utf8')).not.toContain(mona.token);
  });

  it('a manager may reassign and delete others\' leads; the session says so', async () => {
    const server = await startServer('sqlite');
    const karim = await server.user('Karim', 'manager', ['cairo', 'giza']);
    const w = workspace();
    const session = await call(w, 'session.signIn', { serverUrl: server.url, token: karim.token });
    expect(session).toMatchObject({ ok: true, value: { can: { reassign: true, deleteOthersLeads: true } } });
  });
});

describe('the workspace\'s own channels', () => {
  it('reject bad input with a clear message and change nothing', async () => {
    const root = tempDir();
    const w = workspace(root);
    for (const channel of ['session.signIn', 'session.signOut', 'session.current', 'sync.now']) {
      for (const payload of [null, 42, 'text', [], { bogus: true }, { serverUrl: 'javascript:alert(1)', token: 'x'.repeat(20) }]) {
        const result = await callRaw(w, channel, payload);
        expect(result.ok, `${channel} ${JSON.stringify(payload)}`).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('invalid_input');
      }
    }
    expect(w.session().signedIn).toBe(false);
    expect(fs.readdirSync(root)).toEqual([]);
  });
});
