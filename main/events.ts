import type { ContractEvents, EventName } from '../shared/contract';

type Listener<E extends EventName> = (payload: ContractEvents[E]) => void;

/** The core's outgoing events. Each adapter (IPC, browser host, CLI) subscribes here. */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  emit<E extends EventName>(name: E, payload: ContractEvents[E]): void {
    for (const listener of this.listeners.get(name) ?? []) listener(payload);
  }
}
