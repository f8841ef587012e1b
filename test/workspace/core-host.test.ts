import Database from 'better-sqlite3';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CoreConnection } from '../../main/core-host/core-host';
import { DATABASE_FILE } from '../../main/core';
import type { SecretStore } from '../../main/workspace/secret-store';
import { TOKEN_FILE } from '../../main/workspace/secret-store';
import type { ChannelName, ContractEvents, EventName, RequestOf, ResponseOf } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { startServer } from '../server/support';
import { testCoreHost } from '../support/core-host';
import { draft } from '../sync/support';
import { tempDir } from '../support/temp';

const call = <C extends ChannelName>(core: CoreConnection, channel: C, request: RequestOf<C>) =>
  core.invoke(channel, request) as Promise<Result<ResponseOf<C>>>;

/** The first event of this kind that matches; subscribe before causing it. */
function nextEvent<E extends EventName>(core: CoreConnection, event: E, matches: (payload: ContractEvents[E]) => boolean = () => true) {
  return new Promise<ContractEvents[E]>((resolve) => {
    const off = core.on(event, (payload) => {
      if (!matches(payload)) return;
      off();
      resolve(payload);
    });
  });
}

/** Nothing listens here: sign-in goes offline at once. */
const UNREACHABLE = 'http://127.0.0.1:9';

function memorySecrets(): SecretStore & { tokens: Map<string, string> } {
  const tokens = new Map<string, string>();
  return {
    tokens,
    read: (dir) => tokens.get(dir) ?? null,
    write: (dir, token) => void tokens.set(dir, token),
    remove: (dir) => void tokens.delete(dir),
  };
}

describe('the core in its own thread', () => {
  it('answers the contract with the same envelopes, field-by-field validation errors included', async () => {
    const core = await testCoreHost();
    expect(await call(core, 'session.current', {})).toMatchObject({ ok: true, value: { signedIn: false, user: null } });
    expect(await call(core, 'leads.list', {})).toEqual({ ok: false, error: { code: 'signed_out', message: 'Sign in to see your leads.' } });
    const bad = await core.invoke('session.signIn', { serverUrl: 'ftp://x', token: 'short' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!bad.ok && bad.error.message).toContain('token: a token is at least 8 characters');
    expect(await core.invoke('leads.dropTable', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('signs in, syncs and tells the page about it through events', async () => {
    const server = await startServer('sqlite');
    const mona = await server.user('Mona', 'agent', ['cairo']);
    const core = await testCoreHost();
    const signedIn = nextEvent(core, 'sessionChanged', (s) => s.signedIn);
    const synced = nextEvent(core, 'syncStatus', (s) => s.lastSuccessAt !== null && s.state === 'online');
    expect(await call(core, 'session.signIn', { serverUrl: server.url, token: mona.token })).toMatchObject({ ok: true, value: { signedIn: true } });
    expect((await signedIn).user?.name).toBe('Mona');
    await synced;
    const changed = nextEvent(core, 'leadsChanged');
    const created = await call(core, 'leads.create', draft('Sara', '01011112222'));
    if (!created.ok) throw new Error(created.error.message);
    expect((await changed).ids).toContain(created.value.id);
  });

  it('follows the OS network signal it is given: offline at once, back online when the server answers', async () => {
    const server = await startServer('sqlite');
    const mona = await server.user('Mona', 'agent', ['cairo']);
    const core = await testCoreHost({ probeCapMs: 100 });
    const online = nextEvent(core, 'syncStatus', (s) => s.state === 'online' && s.lastSuccessAt !== null);
    await call(core, 'session.signIn', { serverUrl: server.url, token: mona.token });
    await online;
    const offline = nextEvent(core, 'syncStatus', (s) => s.state === 'offline');
    core.setOnline(false);
    await offline;
    expect(await call(core, 'sync.status', {})).toMatchObject({ ok: true, value: { state: 'offline' } });
    const back = nextEvent(core, 'syncStatus', (s) => s.state === 'online');
    core.setOnline(true);
    await back;
  });

  it('starts offline when told so, and still signs in offline', async () => {
    const core = await testCoreHost({ online: false });
    expect(await call(core, 'session.signIn', { serverUrl: UNREACHABLE, token: 'fl_offline-token' })).toMatchObject({ ok: true, value: { signedIn: true, user: null } });
    expect(await call(core, 'sync.status', {})).toMatchObject({ ok: true, value: { state: 'offline' } });
  });

  it('keeps the sign-in token in the host\'s store (the keychain in the app), never in a file', async () => {
    const dataRoot = tempDir();
    const secrets = memorySecrets();
    const first = await testCoreHost({ dataRoot, secrets, online: false });
    await call(first, 'session.signIn', { serverUrl: UNREACHABLE, token: 'fl_kept-in-the-keychain' });
    expect([...secrets.tokens.values()]).toEqual(['fl_kept-in-the-keychain']);
    const [profileDir] = [...secrets.tokens.keys()];
    expect(fs.existsSync(path.join(profileDir!, TOKEN_FILE))).toBe(false);
    await first.close();

    // The next start resumes the user: the worker's read is answered from the host's store.
    const second = await testCoreHost({ dataRoot, secrets, online: false });
    expect(await call(second, 'session.current', {})).toMatchObject({ ok: true, value: { signedIn: true, serverUrl: UNREACHABLE } });
    expect(await call(second, 'session.signOut', { keepUnsynced: true })).toMatchObject({ ok: true });
    expect(secrets.tokens.size).toBe(0);
    await second.close();
    const third = await testCoreHost({ dataRoot, secrets, online: false });
    expect(await call(third, 'session.current', {})).toMatchObject({ ok: true, value: { signedIn: false } });
  });

  it('refuses to sign in when the host cannot keep the token safely, and keeps nothing', async () => {
    const dataRoot = tempDir();
    const secrets = { ...memorySecrets(), refusal: () => 'The keychain is locked.' };
    const core = await testCoreHost({ dataRoot, secrets, online: false });
    expect(await call(core, 'session.signIn', { serverUrl: UNREACHABLE, token: 'fl_nowhere-safe-to-keep' })).toEqual({
      ok: false,
      error: { code: 'not_allowed', message: 'The keychain is locked.' },
    });
    expect(await call(core, 'session.current', {})).toMatchObject({ ok: true, value: { signedIn: false } });
    expect(secrets.tokens.size).toBe(0);
    expect(fs.existsSync(path.join(dataRoot, 'profiles'))).toBe(false);
  });

  it('survives a crash of its thread: the call in flight gets an error, the next one works, the user\'s work is there', async () => {
    // A server that takes the connection and never answers keeps a sign-in in flight.
    let signInArrived = () => {};
    const connected = new Promise<void>((resolve) => (signInArrived = resolve));
    const silent = net.createServer(() => signInArrived());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const core = await testCoreHost({ allowCrashForTest: true, online: false });
      const inFlight = call(core, 'session.signIn', { serverUrl: `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`, token: 'fl_never-answered' });
      await connected;
      await core._crashForTest();
      expect(await inFlight).toEqual({ ok: false, error: { code: 'internal', message: expect.stringContaining('stopped unexpectedly') } });
      expect(await call(core, 'session.current', {})).toMatchObject({ ok: true, value: { signedIn: false } });

      await call(core, 'session.signIn', { serverUrl: UNREACHABLE, token: 'fl_offline-token' });
      const created = await call(core, 'leads.create', draft('Sara', '01011112222'));
      expect(created.ok).toBe(true);
      await core._crashForTest();
      const list = await call(core, 'leads.list', {});
      expect(list.ok && list.value.items.map((l) => l.name)).toEqual(['Sara']);
    } finally {
      silent.close();
    }
  });

  it('says why it cannot start when the data was written by a newer Fieldline', async () => {
    const dataRoot = tempDir();
    const core = await testCoreHost({ dataRoot, online: false });
    await call(core, 'session.signIn', { serverUrl: UNREACHABLE, token: 'fl_offline-token' });
    await core.close();
    const [profile] = fs.readdirSync(path.join(dataRoot, 'profiles'));
    const db = new Database(path.join(dataRoot, 'profiles', profile!, DATABASE_FILE));
    db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030-01-01')`).run();
    db.close();
    await expect(testCoreHost({ dataRoot, online: false })).rejects.toThrow(/written by a newer Fieldline/);
  });

  it('releases the data folder when closed, and answers nothing after', async () => {
    const dataRoot = tempDir();
    const core = await testCoreHost({ dataRoot, online: false });
    await call(core, 'session.signIn', { serverUrl: UNREACHABLE, token: 'fl_offline-token' });
    await call(core, 'leads.create', draft('Sara', '01011112222'));
    const [profile] = fs.readdirSync(path.join(dataRoot, 'profiles'));
    const db = path.join(dataRoot, 'profiles', profile!, DATABASE_FILE);
    expect(fs.existsSync(`${db}-wal`)).toBe(true);
    await core.close();
    // SQLite removes the write-ahead log when the last connection to the file closes.
    expect(fs.existsSync(`${db}-wal`)).toBe(false);
    expect(await call(core, 'session.current', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
