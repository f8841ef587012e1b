// `npm run test:electron`: the desktop app itself, driven by Playwright. It needs the
// Electron binary, which the `electron` package downloads; where that binary is missing
// and cannot be downloaded, this says so and fails rather than letting Playwright (or
// `require('electron')`) try and hang on it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const electronPackage = dirname(createRequire(import.meta.url).resolve('electron/package.json'));

/** The Electron executable if it is on disk, found the way the package finds it (without downloading). */
function installedElectron() {
  const pathFile = join(electronPackage, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(binary) ? binary : null;
  }
  if (!relative) return null;
  const binary = join(electronPackage, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

let electron = installedElectron();
if (!electron) {
  // The package's own installer: downloads (or takes from its cache) the binary for this platform.
  spawnSync(process.execPath, [join(electronPackage, 'install.js')], { stdio: 'inherit' });
  electron = installedElectron();
}
if (!electron) {
  console.error('Electron is not installed on this machine (the binary could not be downloaded); npm run test:electron needs it.');
  process.exit(1);
}

const playwright = join(root, 'node_modules', '@playwright', 'test', 'cli.js');
const args = [playwright, 'test', '-c', join(root, 'test', 'electron-app', 'playwright.config.ts'), ...process.argv.slice(2)];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
