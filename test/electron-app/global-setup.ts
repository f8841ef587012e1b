import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildRendererIfStale } from '../../main/browser-host/build-renderer.mjs';
import { ROOT, runCli } from '../e2e/support/processes';

/** Builds what the app runs from (renderer, main process, preload) and the sync server's bundle. */
export default async function globalSetup(): Promise<void> {
  await buildRendererIfStale();
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'main/electron/build-main.mjs')], { cwd: ROOT });
  await runCli('server/cli.ts', ['--help']);
}
