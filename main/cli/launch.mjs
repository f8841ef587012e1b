// Starts a TypeScript CLI fast: the entry is bundled once with esbuild into
// .tsbuild/cli/ and reused until a source file changes, so every later call is
// plain Node (scripts call the CLI many times; tsx's loader alone costs ~0.8 s).
// Usage: node main/cli/launch.mjs <entry.ts> [args…]
import { readdirSync, statSync, existsSync, readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve, basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [entryArg, ...args] = process.argv.slice(2);
const entry = resolve(root, entryArg);
const outDir = join(root, '.tsbuild', 'cli');
const outFile = join(outDir, basename(entry).replace(/\.ts$/, '.mjs'));
const stampFile = outFile + '.stamp';

function newestSourceTime() {
  let newest = Math.max(
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
    statSync(entry).mtimeMs,
    statSync(join(root, 'package-lock.json'), { throwIfNoEntry: false })?.mtimeMs ?? 0,
  );
  const walk = (dir) => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, item.name);
      if (item.isDirectory()) walk(path);
      else if (item.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of ['main', 'shared', 'server']) if (existsSync(join(root, dir))) walk(join(root, dir));
  return String(newest);
}

const stamp = newestSourceTime();
if (!existsSync(outFile) || !existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
  const { build } = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  const temp = `${outFile}.${process.pid}.tmp.mjs`;
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: temp,
    // Native modules stay in node_modules; the rest is bundled and tree-shaken.
    external: ['better-sqlite3', 'pg', 'pg-native', 'esbuild'],
    logLevel: 'error',
    // CommonJS packages bundled into this ES module (fastify and its plugins) call
    // require() for Node built-ins at load time; give the bundle a real one.
    banner: { js: "import { createRequire as __fieldlineRequire } from 'node:module'; const require = __fieldlineRequire(import.meta.url);" },
  });
  // Rename is atomic: concurrent first runs never read a half-written bundle.
  renameSync(temp, outFile);
  writeFileSync(stampFile, stamp);
}

const { main } = await import(pathToFileURL(outFile).href);
process.exitCode = await main(args);
