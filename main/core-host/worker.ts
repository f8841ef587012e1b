/**
 * The core's thread: the workspace (databases, sync engine and scheduler) runs here so
 * that a 100,000-lead pull or a big transaction never stalls the thread that paints the
 * window. It answers `invoke` messages with the contract's result envelope and forwards
 * every contract event. Started by core-host.ts; serves as soon as it is loaded.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { EVENT_NAMES } from '../../shared/contract';
import { AppError } from '../../shared/result';
import { dispatch } from '../dispatch';
import type { ConnectivitySignal } from '../sync/sync-scheduler';
import { fileSecretStore, type SecretStore } from '../workspace/secret-store';
import { Workspace } from '../workspace/workspace';
import type { CoreWorkerData, FromCoreWorker, ToCoreWorker } from './messages';
import { topUpSampleLeads } from './sample-seed';

if (parentPort) serveCore(parentPort, workerData as CoreWorkerData);

/** For main/cli/launch.mjs, which calls `main` after loading a bundle: serving began at load. */
export async function main(): Promise<number> {
  return 0;
}

function serveCore(port: MessagePort, data: CoreWorkerData): void {
  const send = (message: FromCoreWorker) => port.postMessage(message);
  const connectivity = hostConnectivity(data.online);
  let workspace: Workspace;
  try {
    workspace = new Workspace({
      dataRoot: data.dataRoot,
      connectivity: connectivity.signal,
      secrets: data.secrets.kind === 'host' ? hostSecretStore(data.secrets.tokens, data.secrets.refusal, send) : fileSecretStore,
      ...(data.periodicSyncMs !== undefined ? { periodicSyncMs: data.periodicSyncMs } : {}),
      ...(data.probeCapMs !== undefined ? { probeCapMs: data.probeCapMs } : {}),
      ...(data.writeDebounceMs !== undefined ? { writeDebounceMs: data.writeDebounceMs } : {}),
    });
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    port.close();
    return;
  }
  for (const name of EVENT_NAMES) {
    workspace.events.on(name, (payload) => send({ type: 'event', name, payload } as FromCoreWorker));
  }
  const seed = data.seed;
  if (seed) {
    // After the forwarding above, so the page hears of the sign-in before seeding starts.
    const topUp = () => workspace.core && topUpSampleLeads(workspace.core, seed);
    topUp();
    workspace.events.on('sessionChanged', (session) => session.signedIn && topUp());
  }
  const log = (message: string, error: unknown) =>
    send({ type: 'log', message, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });

  port.on('message', (message: ToCoreWorker) => {
    switch (message.type) {
      case 'invoke':
        void dispatch(workspace.handlers, message.channel, message.payload, log).then((result) =>
          send({ type: 'result', id: message.id, result }),
        );
        return;
      case 'online':
        connectivity.set(message.online);
        return;
      case 'close':
        workspace.close();
        send({ type: 'closed' });
        port.close();
        return;
      case 'crash':
        if (data.allowCrashForTest) {
          setImmediate(() => {
            throw new Error('The core worker was crashed by a test.');
          });
        }
        return;
    }
  });
  send({ type: 'ready' });
}

/** The hosting thread's OS network signal, as it last told us. */
function hostConnectivity(initial: boolean): { signal: ConnectivitySignal; set(online: boolean): void } {
  let online = initial;
  const listeners = new Set<(online: boolean) => void>();
  return {
    signal: {
      isOnline: () => online,
      onChange: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    set(next) {
      if (next === online) return;
      online = next;
      for (const listener of [...listeners]) listener(next);
    },
  };
}

/**
 * Tokens kept by the hosting thread (Electron's safeStorage exists only there). The
 * workspace reads synchronously, so reads are answered from the tokens the host sent at
 * start; writes and removals change that copy at once and are sent to the host, which
 * applies them to its store in order.
 */
function hostSecretStore(tokens: Record<string, string>, refusal: string | null, send: (message: FromCoreWorker) => void): SecretStore {
  const known = new Map(Object.entries(tokens));
  return {
    read: (profileDir) => known.get(profileDir) ?? null,
    refusal: () => refusal,
    write(profileDir, token) {
      // Refused before anything is kept: the user learns now, not at the next start.
      if (refusal) throw new AppError('not_allowed', refusal);
      known.set(profileDir, token);
      send({ type: 'secret', action: 'write', profileDir, token });
    },
    remove(profileDir) {
      known.delete(profileDir);
      send({ type: 'secret', action: 'remove', profileDir });
    },
  };
}
