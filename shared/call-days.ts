import { CALL_OUTCOMES } from './pipeline';
import type { AgentDay, CallsByOutcome } from './reports';

/** Beyond this many days a per-day chart shows only the days with calls (bars would be slivers anyway). */
export const MAX_FILLED_DAYS = 366;

const DAY_MS = 86_400_000;

/**
 * The days from the first call to the last, each with its calls by outcome: days nobody
 * called get an empty bar, so a quiet day shows as one instead of vanishing from the axis.
 */
export function everyCallDay(days: readonly AgentDay[]): AgentDay[] {
  const first = days[0];
  const last = days[days.length - 1];
  if (!first || !last) return [];
  const start = Date.parse(`${first.day}T00:00:00Z`);
  const span = Math.round((Date.parse(`${last.day}T00:00:00Z`) - start) / DAY_MS) + 1;
  if (span > MAX_FILLED_DAYS) return [...days];
  const byDay = new Map(days.map((d) => [d.day, d]));
  const none = () => Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as CallsByOutcome;
  return Array.from({ length: span }, (_, i) => {
    const day = new Date(start + i * DAY_MS).toISOString().slice(0, 10);
    return byDay.get(day) ?? { day, calls: 0, byOutcome: none() };
  });
}
