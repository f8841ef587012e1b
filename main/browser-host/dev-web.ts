/**
 * `npm run dev:web -- [--data DIR] [--seed N] [--server URL --token T] [--port P]`:
 * the browser host for development and end-to-end tests. Prints one JSON line
 * `{"url": …}` when ready (the URL carries the per-run key) and runs until SIGTERM.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RequestOf, Session } from '../../shared/contract';
import { sourceCoreWorker, startCoreHost, type CoreHost } from '../core-host/core-host';
import { startBrowserHost } from './host';

const USAGE = `usage: dev:web [--data DIR] [--seed N] [--server URL --token T] [--port P]
               [--sync-interval-ms MS] [--probe-cap-ms MS] [--exit-on-stdin-close]`;

class UsageError extends Error {}

const OPTIONS = {
  data: { type: 'string' },
  seed: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  port: { type: 'string' },
  static: { type: 'string' },
  'sync-interval-ms': { type: 'string' },
  'probe-cap-ms': { type: 'string' },
  'exit-on-stdin-close': { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

function wholeNumber(flag: string, text: string | undefined, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > max) throw new UsageError(`--${flag} must be a whole number from 0 to ${max}`);
  return Number(text);
}

export async function main(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: false; strict: true }>>['values'];
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }));
    if (values.help) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if ((values.server === undefined) !== (values.token === undefined)) throw new UsageError('--server and --token go together');
  } catch (error) {
    process.stderr.write(`dev:web: ${(error as Error).message.split('\n')[0]} (run with --help for usage)\n`);
    return 2;
  }
  const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
  let core: CoreHost | null = null;
  try {
    const seed = wholeNumber('seed', values.seed, 1_000_000);
    const port = wholeNumber('port', values.port, 65_535);
    const periodicSyncMs = wholeNumber('sync-interval-ms', values['sync-interval-ms'], 86_400_000);
    const probeCapMs = wholeNumber('probe-cap-ms', values['probe-cap-ms'], 3_600_000);
    // A browser has no trustworthy OS network signal to give us: the health probe decides.
    core = await startCoreHost({
      dataRoot: path.resolve(values.data ?? path.join(root, '.fieldline-data', 'web')),
      workerUrl: sourceCoreWorker(root),
      ...(periodicSyncMs !== undefined ? { periodicSyncMs } : {}),
      ...(probeCapMs !== undefined ? { probeCapMs } : {}),
      // The worker tops the leads up whenever someone is signed in (now, or at sign-in).
      ...(seed ? { seed } : {}),
      log: (message, error) => process.stderr.write(`${message}: ${(error as Error)?.stack ?? String(error)}\n`),
    });
    let session = await call(core, 'session.current', {});
    if (values.server && values.token && !session.signedIn) {
      session = await call(core, 'session.signIn', { serverUrl: values.server, token: values.token });
    }
    if (seed && !session.signedIn) throw new UsageError('--seed needs someone signed in: pass --server URL --token T the first time');
    const host = await startBrowserHost({
      core,
      staticDir: path.resolve(values.static ?? path.join(root, 'out', 'renderer')),
      ...(port !== undefined ? { port } : {}),
    });
    process.stdout.write(JSON.stringify({ url: host.url }) + '\n');
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      // Test runners pass a pipe: when they die, the pipe closes and the host goes too.
      if (values['exit-on-stdin-close']) {
        process.stdin.on('end', stop).on('close', stop).resume();
      }
    });
    // A still-open stdin would keep the process alive after shutdown.
    if (values['exit-on-stdin-close']) process.stdin.destroy();
    await host.close();
    await core.close();
    return 0;
  } catch (error) {
    await core?.close();
    if (error instanceof UsageError) {
      process.stderr.write(`dev:web: ${error.message} (run with --help for usage)\n`);
      return 2;
    }
    process.stderr.write(`dev:web: ${(error as Error).message.split('\n')[0]}\n`);
    return 1;
  }
}

/** One contract call; a refusal ends the start with its message. */
async function call<C extends 'session.current' | 'session.signIn'>(core: CoreHost, channel: C, request: RequestOf<C>): Promise<Session> {
  const result = await core.invoke(channel, request);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as Session;
}
