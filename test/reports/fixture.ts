import type { Core } from '../../main/core';
import { leadDraftSchema } from '../../shared/contract';
import { tempCore } from '../support/temp';

const DAY_MS = 86_400_000;
const START = Date.parse('2026-03-01T09:00:00.000Z');

/** Day `n` of the fixture, as an ISO time (day 0 is 2026-03-01 09:00 UTC). */
export const day = (n: number) => new Date(START + n * DAY_MS).toISOString();

export interface Fixture {
  core: Core;
  /** Sets the clock to day `n`. */
  at: (n: number) => void;
  ids: Record<'amal' | 'badr' | 'camelia' | 'formula' | 'dalia' | 'ehab' | 'fady', string>;
}

/**
 * A small branch, counted by hand in the tests. Reports are asked on day 20.
 *
 * | lead            | source   | owner | created      | moves (actor)                                       | deleted |
 * |-----------------|----------|-------|--------------|-----------------------------------------------------|---------|
 * | Amal            | facebook | mona  | d0 new       | d1 → contacted (mona), d5 → viewing (mona)          |         |
 * | Badr            | facebook | omar  | d0 new       | d2 → contacted (omar)                               |         |
 * | Camelia         | website  | mona  | d10 new      |                                                     |         |
 * | =HYPERLINK(…)   | website  | omar  | d19 new      |                                                     |         |
 * | Dalia           | referral | mona  | d3 negotiation | d6 → closed won (mona)                            |         |
 * | Ehab            | referral | omar  | d4 new       | d7 → closed lost (omar)                             |         |
 * | Fady            | facebook | mona  | d1 new       |                                                     | d8      |
 *
 * Calls: mona d1 Amal answered + no_answer, d11 Camelia answered, d5 Dalia answered,
 * d2 Fady busy (deleted lead); omar d2 Badr voicemail + answered, d19 formula
 * wrong_number, d6 Ehab no_answer, d7 Ehab answered.
 * Follow-ups: mona Amal due d4 done d3, mona Camelia due d15 open; omar Badr due d25
 * open, omar Ehab due d6 done d7, omar formula due d19.5 open.
 */
export function branchFixture(): Fixture {
  let t = START;
  const core = tempCore({ now: () => new Date(t) });
  const at = (n: number) => (t = START + n * DAY_MS);
  const as = (user: string) => core.store.run(core.store.q.updateTable('sync_state').set({ user_id: user }));
  const lead = (n: number, user: string, name: string, source: string, stage: 'new' | 'negotiation' = 'new') => {
    at(n);
    as(user);
    const { id } = core.leads.create(leadDraftSchema.parse({ name, email: `lead${n}.${name.length}@example.com`, source, stage }));
    core.leads.assign(id, user, null);
    return id;
  };
  const move = (n: number, user: string, id: string, stage: 'contacted' | 'viewing' | 'closed', outcome: 'won' | 'lost' | null = null) => {
    at(n);
    as(user);
    core.leads.moveToStage(id, stage, outcome, outcome === 'lost' ? 'price' : null);
  };
  const call = (n: number, user: string, leadId: string, outcome: 'answered' | 'no_answer' | 'voicemail' | 'busy' | 'wrong_number') => {
    at(n);
    as(user);
    core.activity.logCall({ leadId, outcome, durationSeconds: 60, note: '', occurredAt: day(n) });
  };
  const task = (user: string, leadId: string, due: number, done: number | null) => {
    at(0);
    as(user);
    const created = core.activity.createTask({ leadId, title: 'Call back', dueAt: day(due) });
    if (done !== null) {
      at(done);
      core.activity.completeTask(created.id);
    }
  };

  const ids = {
    amal: lead(0, 'mona', 'Amal', 'facebook'),
    badr: lead(0, 'omar', 'Badr', 'facebook'),
    fady: lead(1, 'mona', 'Fady', 'facebook'),
    dalia: lead(3, 'mona', 'Dalia', 'referral', 'negotiation'),
    ehab: lead(4, 'omar', 'Ehab', 'referral'),
    camelia: lead(10, 'mona', 'Camelia', 'website'),
    formula: lead(19, 'omar', '=HYPERLINK("http://x.example")', 'website'),
  };
  move(1, 'mona', ids.amal, 'contacted');
  move(5, 'mona', ids.amal, 'viewing');
  move(2, 'omar', ids.badr, 'contacted');
  move(6, 'mona', ids.dalia, 'closed', 'won');
  move(7, 'omar', ids.ehab, 'closed', 'lost');

  call(1, 'mona', ids.amal, 'answered');
  call(1, 'mona', ids.amal, 'no_answer');
  call(11, 'mona', ids.camelia, 'answered');
  call(5, 'mona', ids.dalia, 'answered');
  call(2, 'mona', ids.fady, 'busy');
  call(2, 'omar', ids.badr, 'voicemail');
  call(2, 'omar', ids.badr, 'answered');
  call(19, 'omar', ids.formula, 'wrong_number');
  call(6, 'omar', ids.ehab, 'no_answer');
  call(7, 'omar', ids.ehab, 'answered');

  task('mona', ids.amal, 4, 3);
  task('mona', ids.camelia, 15, null);
  task('omar', ids.badr, 25, null);
  task('omar', ids.ehab, 6, 7);
  task('omar', ids.formula, 19.5, null);

  at(8);
  core.leads.delete(ids.fady);
  at(20);
  return { core, ids, at: (n) => void at(n) };
}
