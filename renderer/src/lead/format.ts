import type { Colleague } from '../../../shared/contract';
import { isStage, STAGE_LABELS } from '../../../shared/pipeline';
import type { MergeRule } from '../../../shared/merge-rules';

/** `2026-11-26T10:00` for a datetime-local input, in the computer's time zone. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The usual moment for a follow-up: tomorrow at 10:00 local time. */
export function tomorrowAtTen(now = new Date()): string {
  return toLocalInput(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 10, 0));
}

/**
 * A datetime-local value as the ISO time (with offset) the contract wants, or null when
 * the input is empty or not a date. The browser reads a zone-less value as local time.
 */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Seconds as `m:ss`, the way the call timer and durations read. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** `5` (minutes) or `5:30` (minutes and seconds) as whole seconds; null when it is neither. */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,4})(?::([0-5]\d))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2] ?? 0);
}

/** A budget as typed (`1,500,000` allowed) → a whole number, null when empty, NaN when not a number. */
export function parseMoney(text: string): number | null {
  const cleaned = text.replace(/[\s,_]/g, '');
  if (!cleaned) return null;
  return /^\d+$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}

/**
 * Splits the core's validation message (`changes.budgetMax: the maximum is below…; name: …`)
 * into one message per field the form shows (`labels`: field → its label); anything else
 * stays a form-level message.
 */
export function splitFieldErrors(message: string, labels: Record<string, string>): { byField: Record<string, string>; other: string | null } {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  for (const part of message.split('; ')) {
    const colon = part.indexOf(': ');
    const path = colon > 0 ? part.slice(0, colon).replace(/^changes\./, '') : '';
    const field = path.split('.')[0] ?? '';
    const label = labels[field];
    if (label === undefined || field in byField) {
      other.push(part);
      continue;
    }
    const text = part.slice(colon + 2);
    // "is not an email address" needs its subject; "the budget maximum is below…" already has one.
    byField[field] = /^(is|must|cannot|are) /.test(text) ? `${label} ${text}` : text.charAt(0).toUpperCase() + text.slice(1);
  }
  return { byField, other: other.length ? other.join('; ') : null };
}

/**
 * Who did something, as the timeline says it: "you" for the signed-in user, a
 * colleague's name, and "you (before first sync)" for work whose author the server has
 * not named yet (it can only have been made on this computer).
 */
export function whoLabel(userId: string | null, myId: string | null, colleagues: readonly Colleague[]): string {
  if (userId === null) return 'you (before first sync)';
  if (userId === myId) return 'you';
  return colleagues.find((c) => c.id === userId)?.name ?? userId;
}

/** Every rule of shared/merge-rules.ts, said for the person whose value it was. */
const RULE_LABELS: Record<MergeRule, string> = {
  stage_kept: 'a stage someone else set first stays',
  later_arrival_wins: 'the later change wins',
  notes_later_wins: 'the later notes win',
  phones_merged: 'phone lists are merged',
  delete_wins: 'a deleted lead stays deleted',
  merged_away: 'a merged lead keeps the values chosen in the merge',
};

export function ruleLabel(rule: string): string {
  return RULE_LABELS[rule as MergeRule] ?? rule;
}

/** A field value from a conflict or prediction, as a person reads it. */
export function showValue(field: string, value: unknown, colleagues: readonly Colleague[]): string {
  if (value === null || value === undefined || value === '') return 'empty';
  if (field === 'phones' && Array.isArray(value)) {
    const phones = value.map((p: unknown) =>
      p && typeof p === 'object' ? String((p as { raw?: unknown; e164?: unknown }).raw ?? (p as { e164?: unknown }).e164) : String(p),
    );
    return phones.length ? phones.join(', ') : 'no phones';
  }
  if (field === 'stage' && isStage(value)) return STAGE_LABELS[value];
  if (field === 'ownerId' && typeof value === 'string') return colleagues.find((c) => c.id === value)?.name ?? value;
  if (field === 'dueAt' && typeof value === 'string') return formatWhen(value);
  if (typeof value === 'number') return value.toLocaleString();
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(value);
}
