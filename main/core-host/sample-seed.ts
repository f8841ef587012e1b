import type { Core } from '../core';
import { generateLeads } from '../dev/sample-leads';

/** Tops the user's leads up to `count` with sample leads (they sync like any new lead). For development. */
export function topUpSampleLeads(core: Core, count: number): void {
  const missing = count - core.status().leads;
  if (missing <= 0) return;
  const drafts = generateLeads(missing, count);
  for (let i = 0; i < drafts.length; i += 5_000) core.leads.createMany(drafts.slice(i, i + 5_000));
}
