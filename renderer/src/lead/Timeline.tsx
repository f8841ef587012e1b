import type { Colleague } from '../../../shared/contract';
import type { LeadEvent, TimelineEntry } from '../../../shared/model';
import { CALL_OUTCOME_LABELS, STAGE_LABELS } from '../../../shared/pipeline';
import { formatDuration, formatWhen, whoLabel } from './format';

/** Calls, notes and stage changes, newest first: what happened, who did it, when, and whether it was made offline and whether the server has it yet. */
export function Timeline(props: { entries: readonly TimelineEntry[]; colleagues: readonly Colleague[]; myId: string | null }) {
  const entries = [...props.entries].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="lead-panel">
      <h2>Timeline</h2>
      {entries.length === 0 && <p className="muted">Nothing has happened on this lead yet.</p>}
      <ol className="timeline">
        {entries.map((entry) => {
          const { key, title, body, who } = describe(entry, props.colleagues);
          return (
            <li key={key} className={`timeline-entry timeline-${entry.kind}`} data-testid="timeline-entry">
              <div className="timeline-head">
                <span className="timeline-title">{title}</span>
                {entry.pending && (
                  <span className="badge warn" title="Made on this computer and not on the server yet">
                    Not synced yet
                  </span>
                )}
                {entry.madeOffline && (
                  <span className="badge" title="Made on this computer while it had no connection">
                    Made offline
                  </span>
                )}
              </div>
              {body && (
                <p className="timeline-body" dir="auto">
                  {body}
                </p>
              )}
              <div className="timeline-meta muted">
                {whoLabel(who, props.myId, props.colleagues)} · <time dateTime={entry.at}>{formatWhen(entry.at)}</time>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function describe(entry: TimelineEntry, colleagues: readonly Colleague[]): { key: string; title: string; body: string; who: string | null } {
  switch (entry.kind) {
    case 'call': {
      const { call } = entry;
      const duration = call.durationSeconds > 0 ? `, ${formatDuration(call.durationSeconds)}` : '';
      return { key: `call-${call.id}`, title: `Call: ${CALL_OUTCOME_LABELS[call.outcome]}${duration}`, body: call.note, who: call.authorId };
    }
    case 'note':
      return { key: `note-${entry.note.id}`, title: 'Note', body: entry.note.body, who: entry.note.authorId };
    case 'event':
      return { key: `event-${entry.event.id}-${entry.event.kind}`, ...describeEvent(entry.event, colleagues), who: entry.event.actorId };
  }
}

function describeEvent(event: LeadEvent, colleagues: readonly Colleague[]): { title: string; body: string } {
  switch (event.kind) {
    case 'created':
      return { title: 'Lead created', body: '' };
    case 'deleted':
      return { title: 'Lead deleted', body: '' };
    case 'restored':
      return { title: 'Lead restored', body: '' };
    case 'merged': {
      const name = typeof event.data.mergedName === 'string' ? event.data.mergedName : 'another lead';
      return { title: `Merged with ${name}`, body: 'Its calls, notes and follow-ups are in this timeline.' };
    }
    case 'assigned': {
      const ownerId = typeof event.data.ownerId === 'string' ? event.data.ownerId : null;
      const owner = ownerId ? (colleagues.find((c) => c.id === ownerId)?.name ?? ownerId) : 'nobody';
      return { title: `Assigned to ${owner}`, body: '' };
    }
    case 'stage_changed': {
      const from = event.fromStage ? STAGE_LABELS[event.fromStage] : '?';
      const to = event.toStage ? STAGE_LABELS[event.toStage] : '?';
      const outcome = event.data.outcome === 'won' ? ' (won)' : event.data.outcome === 'lost' ? ' (lost)' : '';
      const reason = typeof event.data.lostReason === 'string' ? event.data.lostReason : '';
      const title = event.fromStage === event.toStage ? `Outcome changed${outcome}` : `Stage: ${from} → ${to}${outcome}`;
      return { title, body: reason ? `Reason: ${reason}` : '' };
    }
  }
}
