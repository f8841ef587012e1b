import { useDraggable } from '@dnd-kit/core';
import { memo, type KeyboardEvent } from 'react';
import type { Lead } from '../../../shared/model';
import { STAGE_LABELS, STALE_AFTER_DAYS } from '../../../shared/pipeline';
import { openLead } from '../router';
import type { CardDragData } from './board-keyboard';

const DAY_MS = 86_400_000;

/** Whole days from an ISO time to `now` (never negative, so a skewed clock reads as today). */
function daysSince(iso: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / DAY_MS));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Why the lead counts as stale (it sat in its stage longer than the stage allows), or null. */
export function staleReason(lead: Lead, now: number): string | null {
  const limit = STALE_AFTER_DAYS[lead.stage];
  const days = daysSince(lead.stageEnteredAt, now);
  if (limit === null || days <= limit) return null;
  return `Stale: in ${STAGE_LABELS[lead.stage]} for ${plural(days, 'day')}; leads go stale here after ${plural(limit, 'day')}`;
}

/** What a card shows; also drawn under the pointer while the card is dragged. */
export const CardBody = memo(function CardBody({ lead, now }: { lead: Lead; now: number }) {
  const phone = lead.phones[0];
  const inStage = daysSince(lead.stageEnteredAt, now);
  const sinceCall = lead.lastContactedAt === null ? null : daysSince(lead.lastContactedAt, now);
  return (
    <>
      <span className="card-name" dir="auto">
        {lead.name}
      </span>
      <span className="card-contact">{phone ? (phone.e164 ?? phone.raw) : (lead.email ?? 'No phone')}</span>
      <span className="card-badges">
        {staleReason(lead, now) && <span className="badge warn">Stale</span>}
        {lead.stage === 'closed' && lead.outcome === 'won' && <span className="badge ok">Won</span>}
        {lead.stage === 'closed' && lead.outcome === 'lost' && (
          <span className="badge danger" title={lead.lostReason ? `Lost: ${lead.lostReason}` : undefined}>
            Lost
          </span>
        )}
        <span className="badge" title={`${plural(inStage, 'day')} in ${STAGE_LABELS[lead.stage]}`}>
          {inStage}d in stage
        </span>
        <span className="badge" title={sinceCall === null ? 'No call logged yet' : `Last call ${plural(sinceCall, 'day')} ago`}>
          {sinceCall === null ? 'never called' : sinceCall === 0 ? 'called today' : `called ${sinceCall}d ago`}
        </span>
      </span>
    </>
  );
});

export interface CardHandlers {
  onKeyDown(event: KeyboardEvent<HTMLElement>, lead: Lead, index: number): void;
  onFocus(lead: Lead): void;
}

/**
 * One lead on the board: focusable, draggable (pointer and keyboard), and opened by a click
 * or Enter. A pointer press only becomes a drag after a few pixels, so a click still opens it.
 */
export const LeadCard = memo(function LeadCard(props: {
  lead: Lead;
  index: number;
  now: number;
  /** Roving tab stop: one card per column is in the Tab order. */
  tabbable: boolean;
  selected: boolean;
  handlers: CardHandlers;
}) {
  const { lead, index, now, handlers } = props;
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: lead.id,
    data: { lead } satisfies CardDragData,
    attributes: { roleDescription: 'lead card' },
  });
  const { onKeyDown: startKeyboardDrag, ...pointerListeners } = listeners ?? {};
  const stale = staleReason(lead, now);
  const className = ['card', stale && 'card-stale', props.selected && 'card-selected', isDragging && 'card-dragging'].filter(Boolean).join(' ');
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...pointerListeners}
      tabIndex={props.tabbable ? 0 : -1}
      className={className}
      data-lead-id={lead.id}
      data-stale={stale ? 'true' : undefined}
      title={stale ?? undefined}
      onKeyDown={(event) => {
        handlers.onKeyDown(event, lead, index);
        if (!event.defaultPrevented) startKeyboardDrag?.(event);
      }}
      onFocus={() => handlers.onFocus(lead)}
      onClick={() => openLead(lead.id)}
    >
      <CardBody lead={lead} now={now} />
    </div>
  );
});
