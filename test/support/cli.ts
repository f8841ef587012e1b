import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  json: () => unknown;
}

/** Runs `crm` exactly as `npm run -s crm` does (the fast launcher), in a child process. */
export function crm(dataDir: string, ...args: string[]): CliRun {
  const result = spawnSync(process.execPath, [path.join(root, 'main/cli/launch.mjs'), 'main/cli/crm.ts', '--data', dataDir, ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    json: () => JSON.parse(result.stdout),
  };
}

/**
 * The same, without blocking this process: needed when the test process itself serves
 * the HTTP the CLI talks to (spawnSync would freeze that server until the CLI times out).
 */
export function crmAsync(dataDir: string, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'main/cli/launch.mjs'), 'main/cli/crm.ts', '--data', dataDir, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, json: () => JSON.parse(stdout) }));
  });
}
