import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ContractEvents, EventName } from '../../shared/contract';
import { fail, type Result } from '../../shared/result';
import type { Logger } from '../dispatch';
import { EventHub } from '../events';
import { Profiles } from '../workspace/profiles';
import type { SecretStore } from '../workspace/secret-store';
import type { CoreWorkerData, FromCoreWorker, ToCoreWorker } from './messages';

/** What a host (the browser host, Electron's IPC) needs from the core: the contract, and its events. */
export interface CoreConnection {
  /** Validates and runs one contract call; always resolves with the result envelope. */
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void;
}

export interface CoreHostClient extends CoreConnection {
  /** The OS's network signal (Electron's net.isOnline); the server's /v1/health stays the final word. */
  setOnline(online: boolean): void;
  /** Closes the databases and ends the core's thread. */
  close(): Promise<void>;
}

export interface CoreHost extends CoreHostClient {
  /** Makes the core's thread throw; resolves once it has gone. Only with `allowCrashForTest`. */
  _crashForTest(): Promise<void>;
}

export interface CoreHostOptions {
  /** Holds every user's data folder (the app's user-data folder). */
  dataRoot: string;
  /**
   * The worker to run: `sourceCoreWorker(root)` from the TypeScript sources (tests,
   * bench, dev:web; bundled on first use by main/cli/launch.mjs), or
   * `bundledCoreWorker(dir)` in the packaged app.
   */
  workerUrl: URL;
  periodicSyncMs?: number;
  probeCapMs?: number;
  writeDebounceMs?: number;
  /** The OS's network signal at start (default: online, and the health probe decides). */
  online?: boolean;
  /**
   * Where sign-in tokens live. `file` (default): a mode-600 file in each user's folder,
   * written by the worker. A `SecretStore`: kept by this thread (Electron's safeStorage
   * exists only in the main process). The worker's reads are answered from the current
   * user's token, read once here at start; its writes and removals come back here as
   * messages and go to the store in order.
   */
  secrets?: 'file' | SecretStore;
  /** Development: top the signed-in user's leads up to this many sample leads. */
  seed?: number;
  /** Where failures inside the core are reported (the app's log). */
  log?: Logger;
  /** Tests only: lets `_crashForTest` crash the worker. */
  allowCrashForTest?: boolean;
}

/** The worker's bundle name beside the Electron main bundle (out/main/core-worker.cjs). */
export const CORE_WORKER_BUNDLE = 'core-worker.cjs';

/** The bundled worker in `dir` (the folder of the Electron main bundle). */
export function bundledCoreWorker(dir: string): URL {
  return pathToFileURL(path.join(dir, CORE_WORKER_BUNDLE));
}

/** The worker's TypeScript source in the project at `root`. */
export function sourceCoreWorker(root: string): URL {
  return pathToFileURL(path.join(root, 'main', 'core-host', 'worker.ts'));
}

const CRASHED =
  "Fieldline's data engine stopped unexpectedly and is restarting. Check that your last change is there; details are in the log.";
const CLOSING = 'Fieldline is closing; this was not done.';

/**
 * Runs the core (the workspace: databases and sync) in a worker thread behind the same
 * async contract, so no query or sync ever blocks the thread that hosts the window.
 * Resolves once the workspace is open; rejects when it cannot open (the message says why).
 *
 * A crash inside the worker answers the calls in flight with an `internal` error and
 * the worker starts again at once; if the new one also crashes before answering
 * anything, the next call starts it, so a worker that cannot run never spins.
 */
export async function startCoreHost(options: CoreHostOptions): Promise<CoreHost> {
  const host = new ThreadedCore(options);
  await host.started();
  return {
    invoke: (channel, payload) => host.invoke(channel, payload),
    on: (event, listener) => host.events.on(event, listener),
    setOnline: (online) => host.setOnline(online),
    close: () => host.close(),
    _crashForTest: () => host.crashForTest(),
  };
}

class ThreadedCore {
  readonly events = new EventHub();
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private readonly dataRoot: string;
  private readonly log: Logger;
  /** The tokens the worker may read (host-kept secrets only), kept current across restarts. */
  private readonly tokens: Map<string, string> | null;
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private online: boolean;
  private nextId = 1;
  private closing: Promise<void> | null = null;
  private crashesSinceAnswer = 0;

  constructor(private readonly options: CoreHostOptions) {
    this.dataRoot = path.resolve(options.dataRoot);
    this.log = options.log ?? (() => {});
    this.online = options.online ?? true;
    this.tokens = typeof options.secrets === 'object' ? this.currentToken(options.secrets) : null;
  }

  started(): Promise<Worker> {
    return (this.ready ??= this.spawn());
  }

  async invoke(channel: string, payload: unknown): Promise<Result<unknown>> {
    if (this.closing) return fail('internal', CLOSING);
    let worker: Worker;
    try {
      worker = await this.started();
    } catch (error) {
      return fail('internal', `Fieldline could not open its data: ${(error as Error).message}`);
    }
    // It may have crashed while we waited; its exit answered what was pending then.
    if (this.closing) return fail('internal', CLOSING);
    if (this.worker !== worker) return fail('internal', CRASHED);
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, resolve);
      try {
        worker.postMessage({ type: 'invoke', id, channel, payload } satisfies ToCoreWorker);
      } catch (error) {
        this.pending.delete(id);
        resolve(fail('invalid_input', `This request cannot be sent: ${(error as Error).message}`));
      }
    });
  }

  setOnline(online: boolean): void {
    this.online = online;
    this.worker?.postMessage({ type: 'online', online } satisfies ToCoreWorker);
  }

  async crashForTest(): Promise<void> {
    if (!this.options.allowCrashForTest) throw new Error('Start the core host with allowCrashForTest to crash it.');
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'crash' } satisfies ToCoreWorker);
    await exited;
  }

  close(): Promise<void> {
    return (this.closing ??= this.stop());
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies ToCoreWorker);
    // A core stuck in a long transaction still ends; SQLite's journal keeps the file whole.
    const deadline = setTimeout(() => void worker.terminate(), 10_000);
    await exited;
    clearTimeout(deadline);
  }

  private spawn(): Promise<Worker> {
    const data: CoreWorkerData = {
      dataRoot: this.dataRoot,
      online: this.online,
      secrets: this.tokens
        ? { kind: 'host', tokens: Object.fromEntries(this.tokens), refusal: (this.options.secrets as SecretStore).refusal?.() ?? null }
        : { kind: 'file' },
      ...(this.options.periodicSyncMs !== undefined ? { periodicSyncMs: this.options.periodicSyncMs } : {}),
      ...(this.options.probeCapMs !== undefined ? { probeCapMs: this.options.probeCapMs } : {}),
      ...(this.options.writeDebounceMs !== undefined ? { writeDebounceMs: this.options.writeDebounceMs } : {}),
      ...(this.options.seed ? { seed: this.options.seed } : {}),
      ...(this.options.allowCrashForTest ? { allowCrashForTest: true } : {}),
    };
    const { url, argv } = workerEntry(this.options.workerUrl);
    const worker = new Worker(url, { workerData: data, argv });
    this.worker = worker;
    let wasReady = false;
    let failure: Error | null = null;
    return new Promise((resolve, reject) => {
      worker.on('message', (message: FromCoreWorker) => {
        if (message.type === 'ready') {
          wasReady = true;
          resolve(worker);
        } else if (message.type === 'failed') {
          failure = new Error(message.message);
          void worker.terminate();
        } else this.received(worker, message);
      });
      worker.on('error', (error) => {
        failure ??= error;
        this.log(wasReady ? 'the core worker crashed' : 'the core worker did not start', error);
      });
      worker.on('exit', () => {
        reject(failure ?? new Error('the core stopped before it was ready'));
        this.exited(worker, wasReady);
      });
    });
  }

  private received(worker: Worker, message: Exclude<FromCoreWorker, { type: 'ready' | 'failed' }>): void {
    switch (message.type) {
      case 'result': {
        this.crashesSinceAnswer = 0;
        const resolve = this.pending.get(message.id);
        this.pending.delete(message.id);
        resolve?.(message.result);
        return;
      }
      case 'event':
        this.events.emit(message.name, message.payload);
        return;
      case 'secret':
        return this.keepSecret(message);
      case 'log':
        return this.log(message.message, message.error);
      case 'closed':
        void worker.terminate();
        return;
    }
  }

  private exited(worker: Worker, wasReady: boolean): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.ready = null;
    const answer = fail('internal', this.closing ? CLOSING : CRASHED);
    for (const resolve of this.pending.values()) resolve(answer);
    this.pending.clear();
    // Restart at once so sync goes on; a second crash with no answer between waits for a call.
    if (!this.closing && wasReady && ++this.crashesSinceAnswer === 1) void this.started().catch(() => {});
  }

  private keepSecret(message: Extract<FromCoreWorker, { type: 'secret' }>): void {
    const store = this.options.secrets as SecretStore;
    try {
      if (message.action === 'write') {
        this.tokens?.set(message.profileDir, message.token);
        store.write(message.profileDir, message.token);
      } else {
        this.tokens?.delete(message.profileDir);
        store.remove(message.profileDir);
      }
    } catch (error) {
      // The session goes on with the token in memory; the next start asks to sign in.
      this.log('could not keep the sign-in token', error);
    }
  }

  /** The workspace reads only the resumed user's token at start; sign-ins write theirs. */
  private currentToken(store: SecretStore): Map<string, string> {
    const profiles = new Profiles(this.dataRoot);
    const current = profiles.current;
    if (!current) return new Map();
    const dir = profiles.dirOf(current);
    try {
      const token = store.read(dir);
      return new Map(token ? [[dir, token]] : []);
    } catch (error) {
      this.log('could not read the sign-in token', error);
      return new Map();
    }
  }
}

/** TypeScript sources run through the project's launcher, which bundles them once and reuses the bundle. */
function workerEntry(workerUrl: URL): { url: URL; argv: string[] } {
  if (!workerUrl.pathname.endsWith('.ts')) return { url: workerUrl, argv: [] };
  return { url: new URL('../cli/launch.mjs', workerUrl), argv: [fileURLToPath(workerUrl)] };
}
