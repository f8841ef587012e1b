import { lazy, Suspense, useState } from 'react';
import type { Lead } from '../../../shared/model';
import { call, messageOf, useCrmQuery } from '../api';
import { openLead } from '../router';
import { useSession } from '../session';

// The merge dialog pulls in the phone rules; like the duplicates view, it loads when first opened.
const MergeDialog = lazy(() => import('../duplicates/MergeDialog').then((m) => ({ default: m.MergeDialog })));

/**
 * Says, on the lead itself, that another live lead in its branch may be the same person
 * (same phone or email, or a similar name: the shared rule), so whoever works the lead
 * can compare and merge them, or say they are two people.
 */
export function PossibleDuplicateBanner({ lead }: { lead: Lead }) {
  const { can, user } = useSession();
  const [merging, setMerging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const request = {
    phones: lead.phones.map((p) => p.raw),
    email: lead.email,
    name: lead.name,
    branchId: lead.branchId,
    excludeId: lead.id,
  };
  // Other leads change too (a sync brings a colleague's new lead): look again then.
  const matches = useCrmQuery('leads.findDuplicates', request, [lead.id, lead.updatedAt], { reloadOn: ['leadsChanged'] });
  const other = matches.data?.[0];
  if (!other || lead.deleted) return null;
  const mine = (l: Lead) => l.ownerId === null || l.ownerId === user?.id;
  // Merging is for managers and for the owner of both leads (the server's rule).
  const mayMerge = can.reassign || (mine(lead) && mine(other));
  const notDuplicates = async () => {
    setError(null);
    try {
      await call('leads.dismissDuplicate', { leadId: lead.id, otherId: other.id });
      matches.reload();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return (
    <div className="duplicate-banner" role="status">
      <span>
        Possibly the same person as <strong dir="auto">{other.name}</strong>.
      </span>
      <button type="button" onClick={() => openLead(other.id)}>
        Open “{other.name}”
      </button>
      {mayMerge && (
        <button type="button" onClick={() => setMerging(true)}>
          Compare and merge…
        </button>
      )}
      <button type="button" onClick={() => void notDuplicates()}>
        Not the same person
      </button>
      {error && <span className="field-error">{error}</span>}
      {merging && (
        <Suspense fallback={null}>
          <MergeDialog
            pair={[lead, other]}
            onClose={() => setMerging(false)}
            onMerged={(survivor) => {
              setMerging(false);
              if (survivor.id !== lead.id) openLead(survivor.id);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
