import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(fileURLToPath(import.meta.url), '../../../..');
const LAUNCH = path.join(ROOT, 'main/cli/launch.mjs');

/**
 * Starts one of the project's CLIs (through its bundling launcher) and waits for the
 * JSON line it prints when ready. The child gets a stdin pipe and the
 * `--exit-on-stdin-close` flag: if this test process dies, the pipe closes and the
 * child stops by itself.
 */
export async function startReady(entry: string, args: string[], readyKey: string): Promise<{ child: ChildProcess; ready: string }> {
  const child = spawn(process.execPath, [LAUNCH, entry, ...args, '--exit-on-stdin-close'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`${entry} did not start within 60 s: ${stderr}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (!line.trim().startsWith('{')) continue;
        const value = (JSON.parse(line) as Record<string, string>)[readyKey];
        if (value) {
          clearTimeout(timer);
          resolve(value);
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}: ${stderr}`));
    });
  });
  return { child, ready };
}

/** SIGTERM, then wait for the exit (both CLIs finish in-flight work first). */
export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Runs a CLI to completion and returns its stdout. */
export function runCli(entry: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCH, entry, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${entry} ${args.join(' ')} failed: ${err}`))));
  });
}

export interface SyncUser {
  id: string;
  token: string;
  name: string;
}

/** The real sync server on an SQLite file, on a port the OS picks (kept across restarts). */
export class SyncServerProcess {
  private child: ChildProcess | null = null;
  url = '';

  constructor(readonly dbFile: string) {}

  async start(): Promise<void> {
    const port = this.url ? new URL(this.url).port : '0';
    const { child, ready } = await startReady('server/cli.ts', ['serve', '--db', this.dbFile, '--port', port], 'listening');
    this.child = child;
    this.url = ready;
  }

  /** Takes the office offline: the server stops answering. */
  async stop(): Promise<void> {
    if (this.child) await stop(this.child);
    this.child = null;
  }

  async addUser(name: string, role: 'agent' | 'manager', branches: string[]): Promise<SyncUser> {
    const out = await runCli('server/cli.ts', ['user', 'add', '--db', this.dbFile, '--name', name, '--role', role, ...branches.flatMap((b) => ['--branch', b])]);
    return { ...(JSON.parse(out) as { id: string; token: string }), name };
  }
}

/** The browser host over one computer's data folder. */
export class BrowserHostProcess {
  private child: ChildProcess | null = null;
  url = '';

  constructor(
    readonly dataRoot: string,
    private readonly options: { server?: string; token?: string; seed?: number } = {},
  ) {}

  async start(): Promise<void> {
    const args = ['--data', this.dataRoot, '--sync-interval-ms', '3000', '--probe-cap-ms', '1000'];
    if (this.options.server && this.options.token) args.push('--server', this.options.server, '--token', this.options.token);
    if (this.options.seed) args.push('--seed', String(this.options.seed));
    const { child, ready } = await startReady('main/browser-host/dev-web.ts', args, 'url');
    this.child = child;
    this.url = ready;
  }

  async stop(): Promise<void> {
    if (this.child) await stop(this.child);
    this.child = null;
  }
}
