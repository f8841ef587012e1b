import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore, type Core } from '../../main/core';
import { generateLeads, random } from '../../main/dev/sample-leads';
import { newId } from '../../shared/ids';
import { CALL_OUTCOMES } from '../../shared/pipeline';
import { REPORT_NAMES, type ReportFilter } from '../../shared/reports';
import type { BenchOptions } from './local-store';
import { median, round, timeMs } from './stats';

const CHUNK = 10_000;
const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const AGENTS = Array.from({ length: 8 }, (_, i) => `agent-${i + 1}`);

/**
 * A branch's year: leads created over 180 days, owned by 8 agents, one stage move per
 * lead past `new`, three calls per lead and a follow-up for every other lead. Test data,
 * so everything after the leads goes straight into the tables with prepared inserts.
 */
function fill(core: Core, leads: number, calls: number, seed: number): void {
  for (let done = 0; done < leads; done += CHUNK) core.leads.createMany(generateLeads(Math.min(CHUNK, leads - done), seed + done));
  const { store } = core;
  const db = store.connection;
  const rng = random(seed + 3);
  const rows = db.prepare(`SELECT id, seq, stage, outcome FROM leads`).all() as { id: string; seq: number; stage: string; outcome: string | null }[];
  const iso = (ms: number) => new Date(ms).toISOString();
  const setLead = db.prepare(`UPDATE leads SET owner_id = ?, created_at = ?, updated_at = ?, stage_entered_at = ? WHERE id = ?`);
  const insertEvent = store.preparedInsert('lead_events', ['id', 'lead_id', 'kind', 'from_stage', 'to_stage', 'data', 'actor_id', 'at']);
  const insertCall = store.preparedInsert('call_logs', ['id', 'lead_id', 'outcome', 'duration_s', 'note', 'occurred_at', 'author_id', 'created_at']);
  const insertTask = store.preparedInsert('tasks', ['id', 'lead_id', 'title', 'due_at', 'done_at', 'author_id', 'created_at', 'updated_at']);
  const created = new Map<string, number>();
  store.transaction(() => {
    for (const lead of rows) {
      const owner = AGENTS[lead.seq % AGENTS.length]!;
      const createdAt = NOW - (1 + rng.int(180)) * DAY_MS - rng.int(DAY_MS);
      created.set(lead.id, createdAt);
      let entered = createdAt;
      if (lead.stage !== 'new') {
        entered = Math.min(NOW - 1000, createdAt + rng.int(20 * DAY_MS));
        const data = JSON.stringify({ outcome: lead.outcome, lostReason: lead.outcome === 'lost' ? 'price' : null });
        insertEvent({ id: newId(), lead_id: lead.id, kind: 'stage_changed', from_stage: 'new', to_stage: lead.stage, data, actor_id: owner, at: iso(entered) });
      }
      setLead.run(owner, iso(createdAt), iso(entered), iso(entered), lead.id);
      if (lead.seq % 2 === 0) {
        const due = createdAt + rng.int(30 * DAY_MS);
        const done = rng.next() < 0.6 ? iso(due - rng.int(DAY_MS)) : null;
        insertTask({ id: newId(), lead_id: lead.id, title: 'Call back', due_at: iso(due), done_at: done, author_id: owner, created_at: iso(createdAt), updated_at: iso(createdAt) });
      }
    }
    for (let i = 0; i < calls; i++) {
      const lead = rows[rng.int(rows.length)]!;
      const at = iso(created.get(lead.id)! + rng.int(Math.max(1, NOW - created.get(lead.id)!)));
      insertCall({
        id: newId(), lead_id: lead.id, outcome: CALL_OUTCOMES[rng.int(CALL_OUTCOMES.length)]!, duration_s: rng.int(600), note: '',
        occurred_at: at, author_id: AGENTS[lead.seq % AGENTS.length]!, created_at: at,
      });
    }
  });
  store.run(store.q.deleteFrom('outbox'));
}

/** Each report on 100K leads and 300K calls: unfiltered, last 30 days, and one agent's last 30 days. */
export function reportsRun({ quick }: BenchOptions, run: number): Record<string, number> {
  const leads = quick ? 10_000 : 100_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldline-bench-'));
  const core = openCore({ dataDir: dir, now: () => new Date(NOW) });
  try {
    const fillMs = timeMs(() => fill(core, leads, leads * 3, 5_000 * run + 1));
    const month: ReportFilter = { from: new Date(NOW - 30 * DAY_MS).toISOString(), to: new Date(NOW).toISOString() };
    const filters: ReportFilter[] = [{}, month, { ...month, ownerId: AGENTS[0] }, { source: 'facebook' }];
    const figures: Record<string, number> = {};
    let slowest = 0;
    for (const name of REPORT_NAMES) {
      core.reports.report(name, {}); // warm the statement cache
      const worst = filters.map((filter) => median(Array.from({ length: quick ? 1 : 3 }, () => timeMs(() => core.reports.report(name, filter)))));
      figures[`report_${name}_ms`] = round(Math.max(...worst));
      slowest = Math.max(slowest, ...worst);
    }
    figures.report_csv_ms = round(timeMs(() => core.reports.exportCsv('activity', {})));
    figures.report_ms = round(slowest);
    figures.report_fill_s = round(fillMs / 1000, 1);
    return figures;
  } finally {
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
