// Bundles the preload into one CommonJS file: a sandboxed preload may require only
// `electron` (and a few Node-less built-ins), never a local file, so shared/crm-api.ts
// and the contract it derives from must be inside it.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds into `outRoot`/preload (the app's out/ folder unless a test gives another). */
export async function buildPreload(outRoot = join(root, 'out')) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'preload', 'preload.ts')],
    outfile: join(outRoot, 'preload', 'preload.cjs'),
    bundle: true,
    // The sandboxed preload runs in the page's renderer: browser APIs, no Node.
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['electron'],
    define: { 'process.env.NODE_ENV': '"production"' },
    // Parsed on every page load; its errors are rare and name contract channels anyway.
    minify: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildPreload();
}
