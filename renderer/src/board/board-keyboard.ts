import { KeyboardCode, type Announcements, type KeyboardCodes, type KeyboardCoordinateGetter } from '@dnd-kit/core';
import type { Lead } from '../../../shared/model';
import { isStage, STAGE_LABELS, STAGES, type Stage } from '../../../shared/pipeline';

/**
 * Space picks a card up (Enter is taken: it opens the lead); Space or Enter drops it,
 * Escape puts it back. Tab is not a drop key, so tabbing away cannot move a lead by accident.
 */
export const DRAG_KEYS: KeyboardCodes = {
  start: [KeyboardCode.Space],
  cancel: [KeyboardCode.Esc],
  end: [KeyboardCode.Space, KeyboardCode.Enter],
};

/** What every draggable card carries, so drag handlers and announcements know the lead. */
export interface CardDragData {
  lead: Lead;
}

function leadOf(data: unknown): Lead | null {
  return (data as CardDragData | undefined)?.lead ?? null;
}

/**
 * Keyboard dragging jumps a whole column per arrow press: the card's collision rectangle
 * is centred in the previous or next column's drop area, at the height it already has.
 * Up and down do nothing while dragging (a column's order is by last change, not by hand).
 */
export const jumpToNeighbourColumn: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const step = event.code === KeyboardCode.Right ? 1 : event.code === KeyboardCode.Left ? -1 : 0;
  if (event.code === KeyboardCode.Up || event.code === KeyboardCode.Down) event.preventDefault();
  if (step === 0) return undefined;
  event.preventDefault();
  const { over, active, collisionRect, droppableRects } = context;
  const overId = over?.id;
  const here: Stage | null = isStage(overId) ? overId : (leadOf(active?.data.current)?.stage ?? null);
  if (!here || !collisionRect) return undefined;
  const target = STAGES[STAGES.indexOf(here) + step];
  const rect = target ? droppableRects.get(target) : undefined;
  if (!rect) return undefined;
  return { x: rect.left + (rect.width - collisionRect.width) / 2, y: currentCoordinates.y };
};

const stageName = (id: unknown) => (isStage(id) ? STAGE_LABELS[id] : 'no stage');

const HOW_TO_MOVE = 'Left and right arrows move it between stages; Space or Enter drops it; Escape cancels.';

/**
 * What a screen reader hears while a card is dragged, in the user's words. dnd-kit reports
 * the starting column as "over" right after the pick-up, so that message repeats the how-to.
 */
export const announcements: Announcements = {
  onDragStart({ active }) {
    const lead = leadOf(active.data.current);
    return lead ? `Picked up ${lead.name} in ${STAGE_LABELS[lead.stage]}. ${HOW_TO_MOVE}` : undefined;
  },
  onDragOver({ active, over }) {
    const lead = leadOf(active.data.current);
    if (!lead) return undefined;
    if (!over) return `${lead.name} is not over a stage.`;
    if (over.id === lead.stage) return `${lead.name} is in ${STAGE_LABELS[lead.stage]}, where it started. ${HOW_TO_MOVE}`;
    return `${lead.name} is over ${stageName(over.id)}.`;
  },
  onDragEnd({ active, over }) {
    const lead = leadOf(active.data.current);
    if (!lead) return undefined;
    if (!over || over.id === lead.stage) return `${lead.name} stays in ${STAGE_LABELS[lead.stage]}.`;
    if (over.id === 'closed') return `Dropped ${lead.name} on Closed. Choose won or lost to close it.`;
    return `Moved ${lead.name} from ${STAGE_LABELS[lead.stage]} to ${stageName(over.id)}.`;
  },
  onDragCancel({ active }) {
    const lead = leadOf(active.data.current);
    if (!lead) return undefined;
    return `Cancelled. ${lead.name} stays in ${STAGE_LABELS[lead.stage]}.`;
  },
};

export const screenReaderInstructions = {
  draggable:
    'Enter opens the lead. Up and down arrows move between leads in a stage, left and right arrows to the next stage. ' +
    'To move the lead to another stage, press Space, then the left or right arrow, then Space to drop it or Escape to cancel.',
};
