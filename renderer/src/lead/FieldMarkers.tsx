import { useState } from 'react';
import type { Colleague } from '../../../shared/contract';
import type { LeadDetail } from '../../../shared/model';
import type { Conflict } from '../../../shared/sync-status';
import { call, messageOf } from '../api';
import { formatWhen, ruleLabel, showValue, whoLabel } from './format';

const FIELD_NAMES: Record<string, string> = { stage: 'Stage', outcome: 'Outcome', lostReason: 'Lost reason', branchId: 'Branch' };

export type PredictedOverride = LeadDetail['predictedOverrides'][number];

/** What the markers need to say who and what; one object so every field gets the same. */
export interface MarkerContext {
  predicted: readonly PredictedOverride[];
  conflicts: readonly Conflict[];
  colleagues: readonly Colleague[];
  myId: string | null;
}

/**
 * The two sync warnings a field can carry: a pending change of yours the server's merge
 * rules will not keep (predicted before syncing), and a value of yours that sync already
 * replaced, with a way to put it back.
 */
export function FieldMarkers({ fields, context, named }: { fields: readonly string[]; context: MarkerContext; named?: boolean }) {
  // Away from its input (under the header), a marker says which field it is about.
  const about = (field: string) => (named ? `${FIELD_NAMES[field] ?? field}: ` : '');
  const predicted = context.predicted.filter((p) => fields.includes(p.field));
  // conflicts.list is newest first: one marker per field, the latest replacement.
  const overridden = fields
    .map((field) => context.conflicts.find((c) => c.field === field))
    .filter((c): c is Conflict => c !== undefined);
  if (!predicted.length && !overridden.length) return null;
  return (
    <div className="field-markers">
      {predicted.map((p) => (
        <p key={`${p.field}-${String(p.rule)}`} className="marker marker-predicted" role="note" data-testid={`predicted-${p.field}`}>
          {about(p.field)}The server has a newer value ({showValue(p.field, p.serverValue, context.colleagues)}); your change will not be kept (rule:{' '}
          {ruleLabel(p.rule)}).
        </p>
      ))}
      {overridden.map((conflict) => (
        <OverriddenMarker key={conflict.id} conflict={conflict} context={context} about={about(conflict.field)} />
      ))}
    </div>
  );
}

function OverriddenMarker({ conflict, context, about }: { conflict: Conflict; context: MarkerContext; about: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { colleagues } = context;
  const restore = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('conflicts.restore', { id: conflict.id });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const by = conflict.keptBy === null ? 'someone else' : whoLabel(conflict.keptBy, context.myId, colleagues);
  return (
    <div className="marker marker-overridden" role="note" data-testid={`overridden-${conflict.field}`}>
      <span>
        {about}Your value {showValue(conflict.field, conflict.myValue, colleagues)} was replaced by{' '}
        {showValue(conflict.field, conflict.keptValue, colleagues)} ({ruleLabel(conflict.rule)}, by {by},{' '}
        <time dateTime={conflict.at}>{formatWhen(conflict.at)}</time>)
      </span>{' '}
      <button type="button" onClick={() => void restore()} disabled={busy}>
        Restore
      </button>
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}
