import { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type ContractEvents, type EventName, type RequestOf, type ResponseOf } from './contract';
import type { Result } from './result';

type Namespace = ChannelName extends `${infer N}.${string}` ? N : never;
type MethodOf<N extends Namespace> = Extract<ChannelName, `${N}.${string}`> extends `${N}.${infer M}` ? M : never;

/**
 * `window.crm`, derived from the contract: `crm.leads.moveToStage({...})` calls the
 * `leads.moveToStage` channel and resolves to its result envelope. The preload and the
 * browser host both build it with `buildCrmApi`, so neither keeps a channel list of its own.
 */
export type CrmApi = {
  [N in Namespace]: {
    [M in MethodOf<N>]: (request: RequestOf<`${N}.${M}` & ChannelName>) => Promise<Result<ResponseOf<`${N}.${M}` & ChannelName>>>;
  };
} & {
  /** Subscribes to a core event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void;
};

export type Invoke = (channel: ChannelName, request: unknown) => Promise<Result<unknown>>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

export function buildCrmApi(invoke: Invoke, subscribe: Subscribe): CrmApi {
  const api: Record<string, Record<string, (request: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of CHANNEL_NAMES) {
    const [namespace, method] = channel.split('.') as [string, string];
    (api[namespace] ??= {})[method] = (request) => invoke(channel, request);
  }
  const on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`Unknown event "${event}"`);
    return subscribe(event, listener);
  };
  return Object.freeze({ ...api, on }) as unknown as CrmApi;
}
