import type { ContractEvents, EventName } from '../shared/contract';

type Listener<E extends EventName> = (payload: ContractEvents[E]) => void;

/** The core's outgoing events. Each adapter (IPC, browser host, CLI) subscribes here. */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  /** Lead ids whose `leadsChanged` is held back while a bulk writer runs (see `holdLeadsChanged`). */
  private heldLeadIds: Set<string> | null = null;

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  emit<E extends EventName>(name: E, payload: ContractEvents[E]): void {
    if (name === 'leadsChanged' && this.heldLeadIds) {
      for (const id of (payload as ContractEvents['leadsChanged']).ids) this.heldLeadIds.add(id);
      return;
    }
    for (const listener of this.listeners.get(name) ?? []) listener(payload);
  }

  /**
   * Runs `work` with `leadsChanged` held back, then says it once for every lead it
   * touched: a bulk action over 500 leads is one event to the window, not 500, and
   * nothing is announced before the chunk's transaction has committed.
   */
  holdLeadsChanged<T>(work: () => T): T {
    if (this.heldLeadIds) return work();
    const held = (this.heldLeadIds = new Set());
    try {
      return work();
    } finally {
      this.heldLeadIds = null;
      if (held.size) this.emit('leadsChanged', { ids: [...held] });
    }
  }
}
