/** Every shortcut the app answers, in one list: the key handler and the `?` help both read it. */
export const SHORTCUTS = [
  { keys: 'Ctrl/⌘ K', action: 'Search leads and run commands' },
  { keys: 'N', action: 'New lead' },
  { keys: 'L', action: 'Log a call on the selected or open lead' },
  { keys: 'G then B', action: 'Go to the pipeline board' },
  { keys: 'G then L', action: 'Go to the leads table' },
  { keys: 'G then I', action: 'Go to Needs attention' },
  { keys: 'G then R', action: 'Go to Reports' },
  { keys: '↑ ↓ ← →', action: 'Move the selection in the table or on the board' },
  { keys: 'Enter', action: 'Open the selected lead' },
  { keys: 'Space', action: 'On the board: pick up the focused card, arrows to move it, Space to drop, Escape to cancel' },
  { keys: 'Space, Shift+Space', action: 'In the table: tick the selected lead for bulk actions (Shift: every lead from the last one ticked)' },
  { keys: 'Escape', action: 'Close a dialog or the lead, back to the list' },
  { keys: '?', action: 'Show these shortcuts' },
] as const;

/** Whether a key press belongs to a text field (so single-letter shortcuts stay out of the way). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit'].includes(type);
}
