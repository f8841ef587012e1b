import type { CrmApi } from '../../shared/crm-api';

declare global {
  interface Window {
    /** The contract, exposed by the preload (desktop) or the browser host (tests). */
    crm: CrmApi;
  }
}
