import type { ContractEvents, EventName } from '../../shared/contract';
import type { Result } from '../../shared/result';

/**
 * What crosses between the hosting thread and the core's worker thread. Every message
 * is structured-cloned, so it holds plain data only: results are the contract's JSON
 * envelopes, errors travel as text.
 */

/** Given to the worker at start (`workerData`). */
export interface CoreWorkerData {
  dataRoot: string;
  periodicSyncMs?: number;
  probeCapMs?: number;
  writeDebounceMs?: number;
  /** The OS's network signal at start; later changes come as `online` messages. */
  online: boolean;
  /**
   * `file`: the worker keeps tokens in mode-600 files itself. `host`: the hosting thread
   * keeps them (Electron's safeStorage lives only there); `tokens` is what it holds now,
   * by profile folder.
   */
  /** `refusal`: why the host cannot keep a token (no keychain); sign-in then fails with it. */
  secrets: { kind: 'file' } | { kind: 'host'; tokens: Record<string, string>; refusal: string | null };
  /** Development: top the signed-in user's leads up to this many sample leads. */
  seed?: number;
  /** Tests only: honour `crash` messages. */
  allowCrashForTest?: boolean;
}

export type ToCoreWorker =
  | { type: 'invoke'; id: number; channel: string; payload: unknown }
  | { type: 'online'; online: boolean }
  | { type: 'close' }
  | { type: 'crash' };

export type FromCoreWorker =
  | { type: 'ready' }
  /** The workspace could not open (e.g. a database written by a newer Fieldline). */
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { [E in EventName]: { type: 'event'; name: E; payload: ContractEvents[E] } }[EventName]
  | { type: 'secret'; action: 'write'; profileDir: string; token: string }
  | { type: 'secret'; action: 'remove'; profileDir: string }
  | { type: 'log'; message: string; error: string }
  | { type: 'closed' };
