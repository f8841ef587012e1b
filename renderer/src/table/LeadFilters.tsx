import { useId, type KeyboardEventHandler } from 'react';
import type { Colleague } from '../../../shared/contract';
import { STAGE_LABELS, STAGES, isStage } from '../../../shared/pipeline';
import { useSession } from '../session';
import type { FollowUpWindow, LeadQuery } from './lead-query';

const FOLLOW_UP_OPTIONS: [FollowUpWindow | '', string][] = [
  ['', 'Any'],
  ['overdue', 'Overdue'],
  ['today', 'Today'],
  ['week', 'This week'],
];

/** The table's search box and filters; every change applies at once (no submit). */
export function LeadFilters(props: {
  query: LeadQuery;
  /** The signed-in user's colleagues, without the user (who is "Me"). */
  colleagues: Colleague[];
  onChange: (query: LeadQuery) => void;
  onSearchKeyDown: KeyboardEventHandler<HTMLInputElement>;
}) {
  const { query, onChange } = props;
  const me = useSession().user?.id ?? null;
  const searchId = useId();
  const stageId = useId();
  const ownerId = useId();
  const followUpId = useId();
  // A saved view can name an owner who is no longer a colleague; the select still shows it.
  const ownerKnown = query.ownerId === null || query.ownerId === me || props.colleagues.some((user) => user.id === query.ownerId);

  return (
    <>
      <div className="leads-filter leads-search">
        <label htmlFor={searchId}>Search leads</label>
        <input
          id={searchId}
          type="search"
          value={query.search}
          maxLength={200}
          placeholder="Name, phone, email or notes"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => onChange({ ...query, search: event.target.value })}
          onKeyDown={props.onSearchKeyDown}
        />
      </div>
      <div className="leads-filter">
        <label htmlFor={stageId}>Stage</label>
        <select
          id={stageId}
          value={query.stage ?? ''}
          onChange={(event) => onChange({ ...query, stage: isStage(event.target.value) ? event.target.value : null })}
        >
          <option value="">All stages</option>
          {STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {STAGE_LABELS[stage]}
            </option>
          ))}
        </select>
      </div>
      <div className="leads-filter">
        <label htmlFor={ownerId}>Owner</label>
        <select id={ownerId} value={query.ownerId ?? ''} onChange={(event) => onChange({ ...query, ownerId: event.target.value || null })}>
          <option value="">Anyone</option>
          {me && <option value={me}>Me</option>}
          {props.colleagues.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
          {!ownerKnown && query.ownerId && <option value={query.ownerId}>Unknown user</option>}
        </select>
      </div>
      <div className="leads-filter">
        <label htmlFor={followUpId}>Follow-up</label>
        <select
          id={followUpId}
          value={query.followUp ?? ''}
          onChange={(event) => {
            const followUp = FOLLOW_UP_OPTIONS.find(([value]) => value === event.target.value)?.[0];
            onChange({ ...query, followUp: followUp || null });
          }}
        >
          {FOLLOW_UP_OPTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
