import { spawnSync } from 'node:child_process';
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
