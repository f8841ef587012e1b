import { afterEach, describe, expect, it } from 'vitest';
import { FIRST_LOOK_MS } from '../../main/reminders/reminder-scheduler';
import type { SyncTransport } from '../../main/sync/transport';
import { Workspace } from '../../main/workspace/workspace';
import type { ContractEvents } from '../../shared/contract';
import { invoke } from '../support/invoke';
import { draft } from '../sync/support';
import { steppingClock, tempDir } from '../support/temp';
import { manualTimers } from './support';

const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const HOUR = 3_600_000;

/** A server that cannot be reached: the user signs in and works offline. */
const unreachable: SyncTransport = {
  health: () => Promise.reject(new Error('unreachable')),
  me: () => Promise.reject(new Error('unreachable')),
  users: () => Promise.reject(new Error('unreachable')),
  push: () => Promise.reject(new Error('unreachable')),
  pull: () => Promise.reject(new Error('unreachable')),
};

const opened: Workspace[] = [];
afterEach(() => opened.splice(0).forEach((w) => w.close()));

/** The app starting at `startMs` on this computer's data folder, offline. */
function startApp(dataRoot: string, startMs: number) {
  const clock = steppingClock(startMs);
  const time = manualTimers(clock, startMs);
  const workspace = new Workspace({
    dataRoot,
    connectivity: { isOnline: () => false, onChange: () => () => {} },
    transportFor: () => unreachable,
    now: clock,
    timers: time.timers,
  });
  opened.push(workspace);
  const reminders: ContractEvents['followUpDue'][] = [];
  workspace.events.on('followUpDue', (r) => reminders.push(r));
  return { workspace, reminders, advanceTo: time.advanceTo };
}

describe('reminders in the signed-in workspace', () => {
  it('a follow-up that came due while the app was closed reminds once when it opens again, and not after the next restart', async () => {
    const root = tempDir();
    const first = startApp(root, T0);
    await invoke(first.workspace.handlers, 'session.signIn', { serverUrl: 'http://127.0.0.1:9', token: 'fl_test_token_1' });
    const lead = await invoke(first.workspace.handlers, 'leads.create', draft('Mona Adel', '01012345678'));
    if (!lead.ok) throw new Error(lead.error.message);
    await invoke(first.workspace.handlers, 'tasks.create', { leadId: lead.value.id, title: 'Call back', dueAt: new Date(T0 + HOUR).toISOString() });
    first.workspace.close();

    const second = startApp(root, T0 + 3 * HOUR);
    second.advanceTo(T0 + 3 * HOUR + FIRST_LOOK_MS);
    expect(second.reminders).toEqual([{ leadId: lead.value.id, leadName: 'Mona Adel', title: 'Call back', dueAt: new Date(T0 + HOUR).toISOString(), count: 1 }]);
    second.workspace.close();

    const third = startApp(root, T0 + 5 * HOUR);
    third.advanceTo(T0 + 6 * HOUR);
    expect(third.reminders).toEqual([]);
  });
});
