/** Runs `server` CLI commands in child processes, exactly as `npm run -s server -- …` does. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const launch = [path.join(root, 'main/cli/launch.mjs'), 'server/cli.ts'];

export function serverCli(...args: string[]) {
  const result = spawnSync(process.execPath, [...launch, ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const running: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((child) => stopServer(child)));
});

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** `serve … --port 0` in a child; resolves once it printed its address. */
export async function serveProcess(...args: string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...launch, 'serve', '--host', '127.0.0.1', '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n')) resolve((JSON.parse(line!) as { listening: string }).listening);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code} before listening: ${stderr}`)));
  });
  return { child, url, exited };
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await done;
}
