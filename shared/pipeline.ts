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
