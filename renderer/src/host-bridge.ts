import { buildCrmApi, type CrmApi } from '../../shared/crm-api';
import { EVENT_NAMES, type EventName } from '../../shared/contract';
import type { Result } from '../../shared/result';

const KEY_STORAGE = 'fieldline.hostKey';

/**
 * `window.crm` for the browser host (development and end-to-end tests): the same
 * contract as the preload, carried over HTTP to the host process on 127.0.0.1. The host
 * prints a URL with a per-run key; the key is kept for this tab and taken out of the
 * address bar.
 */
export function connectToBrowserHost(): CrmApi {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('key');
  if (fromUrl) {
    sessionStorage.setItem(KEY_STORAGE, fromUrl);
    url.searchParams.delete('key');
    window.history.replaceState(null, '', url.toString());
  }
  const key = fromUrl ?? sessionStorage.getItem(KEY_STORAGE) ?? '';

  const invoke = async (channel: string, request: unknown): Promise<Result<unknown>> => {
    try {
      const response = await fetch(`/crm/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-fieldline-key': key },
        body: JSON.stringify(request ?? null),
      });
      return (await response.json()) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'internal', message: 'The Fieldline host is not running.' } };
    }
  };

  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const source = new EventSource(`/crm/events?key=${encodeURIComponent(key)}`);
  for (const event of EVENT_NAMES) {
    source.addEventListener(event, (message) => {
      const payload: unknown = JSON.parse((message as MessageEvent<string>).data);
      for (const listener of listeners.get(event) ?? []) listener(payload);
    });
  }
  const subscribe = (event: EventName, listener: (payload: unknown) => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  };
  return buildCrmApi(invoke as never, subscribe);
}
