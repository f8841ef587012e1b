// Builds the renderer with Vite when any of its sources (or shared/) is newer than the
// last build, so `npm run dev:web` and the end-to-end tests never need a separate step.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const built = join(root, 'out', 'renderer', 'index.html');

function newest(dir) {
  let time = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    time = Math.max(time, item.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

export async function buildRendererIfStale() {
  const sources = Math.max(newest(join(root, 'renderer')), newest(join(root, 'shared')), statSync(join(root, 'package-lock.json')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return false;
  const { build } = await import('vite');
  await build({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildRendererIfStale();
}
