// Bundles the Electron main process (and the core's worker thread) into CommonJS files
// under out/main/, then the preload. Native and Electron-only packages stay outside the
// bundle: electron-builder ships them in node_modules (better-sqlite3 rebuilt for
// Electron's ABI).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPreload } from './build-preload.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Entry → bundle in out/main. The worker's name must be CORE_WORKER_BUNDLE (main/core-host/core-host.ts). */
const MAIN_BUNDLES = {
  [join(root, 'main', 'electron', 'main.ts')]: 'main.cjs',
  [join(root, 'main', 'core-host', 'worker.ts')]: 'core-worker.cjs',
};

/** Builds into `outRoot` (the app's out/ folder unless a test gives another). */
export async function buildMain(outRoot = join(root, 'out')) {
  const { build } = await import('esbuild');
  await Promise.all(
    Object.entries(MAIN_BUNDLES).map(([entry, name]) =>
      build({
        entryPoints: [entry],
        outfile: join(outRoot, 'main', name),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        // Electron 45 runs Node 22.
        target: 'node22',
        external: ['electron', 'better-sqlite3', 'electron-updater', 'electron-log', 'electron-log/main'],
        sourcemap: 'linked',
        logLevel: 'warning',
      }),
    ),
  );
  await buildPreload(outRoot);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildMain();
}
