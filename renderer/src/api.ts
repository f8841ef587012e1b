import { useEffect, useRef, useState } from 'react';
import type { ChannelName, ContractEvents, EventName, RequestOf, ResponseOf } from '../../shared/contract';
import type { CrmApi } from '../../shared/crm-api';
import type { AppErrorShape, Result } from '../../shared/result';

/** A failure the core reported; `message` is written for the user and shown as is. */
export class CrmError extends Error {
  readonly code: AppErrorShape['code'];
  constructor(error: AppErrorShape) {
    super(error.message);
    this.code = error.code;
  }
}

export function crm(): CrmApi {
  return window.crm;
}

/**
 * Calls one contract channel and unwraps the result envelope: resolves to the value,
 * rejects with a CrmError whose message the UI shows. `call('leads.moveToStage', {...})`.
 */
export async function call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const [namespace, method] = channel.split('.') as [string, string];
  const api = window.crm as unknown as Record<string, Record<string, (r: unknown) => Promise<Result<unknown>>>>;
  const result = await api[namespace]![method]!(request);
  if (!result.ok) throw new CrmError(result.error);
  return result.value as ResponseOf<C>;
}

/** Subscribes to a core event for the component's lifetime. */
export function useCrmEvent<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => window.crm.on(event, (payload) => latest.current(payload)), [event]);
}

/**
 * Loads a channel's answer and reloads it whenever `deps` change or leads change
 * (a local write, or sync bringing others' work). Keeps the last value while reloading,
 * so views never flash empty.
 */
export function useCrmQuery<C extends ChannelName>(
  channel: C,
  request: RequestOf<C>,
  deps: readonly unknown[],
  options: { reloadOn?: EventName[] } = {},
): { data: ResponseOf<C> | undefined; error: CrmError | null; reload: () => void } {
  const [data, setData] = useState<ResponseOf<C>>();
  const [error, setError] = useState<CrmError | null>(null);
  const [tick, setTick] = useState(0);
  const requestRef = useRef(request);
  requestRef.current = request;
  useEffect(() => {
    let live = true;
    call(channel, requestRef.current).then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(null);
      },
      (failure: unknown) => {
        if (live) setError(failure instanceof CrmError ? failure : new CrmError({ code: 'internal', message: String(failure) }));
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [channel, tick, ...deps]);
  const reloadOn = options.reloadOn ?? ['leadsChanged'];
  useEffect(() => {
    const offs = reloadOn.map((event) => window.crm.on(event, () => setTick((t) => t + 1)));
    return () => offs.forEach((off) => off());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reloadOn.join()]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}

/** The message to show for any failure. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
