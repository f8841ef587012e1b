/** The five pipeline stages, in board order. `closed` carries an outcome. */
export const STAGES = ['new', 'contacted', 'viewing', 'negotiation', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export const CLOSED_OUTCOMES = ['won', 'lost'] as const;
export type ClosedOutcome = (typeof CLOSED_OUTCOMES)[number];

export const CALL_OUTCOMES = ['answered', 'no_answer', 'voicemail', 'busy', 'wrong_number'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/**
 * Days a lead may sit in a stage before the board marks it stale: a new lead should be
 * called within two days, a negotiation may take two weeks. Closed leads never go stale.
 */
export const STALE_AFTER_DAYS: Record<Stage, number | null> = {
  new: 2,
  contacted: 7,
  viewing: 10,
  negotiation: 14,
  closed: null,
};

export const STAGE_LABELS: Record<Stage, string> = {
  new: 'New',
  contacted: 'Contacted',
  viewing: 'Viewing',
  negotiation: 'Negotiation',
  closed: 'Closed',
};

export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  answered: 'Answered',
  no_answer: 'No answer',
  voicemail: 'Voicemail',
  busy: 'Busy',
  wrong_number: 'Wrong number',
};
