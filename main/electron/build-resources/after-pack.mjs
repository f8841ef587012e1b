// electron-builder's afterPack hook (electron-builder.yml): refuses a package whose native
// modules were compiled for another ABI than the Electron it ships. A rebuild against
// Node's headers (npm's `nodedir` set, or Electron's headers unreachable) still reports
// success, and the app would only fail when a user starts it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The ABI a compiled Node module was built for, read from the registration symbol its
 * build exports (`node_register_module_v<ABI>`, present in ELF, Mach-O and PE files
 * alike); 'node-api' for an ABI-stable Node-API module; null if neither is found.
 */
export function nativeAbiOf(file) {
  const text = readFileSync(file).toString('latin1');
  const match = /node_register_module_v(\d+)/.exec(text);
  if (match) return Number(match[1]);
  return /napi_register_module_v\d+/.test(text) ? 'node-api' : null;
}

function nodeFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const full = join(dir, item.name);
    if (item.isDirectory()) return nodeFiles(full);
    return item.name.endsWith('.node') ? [full] : [];
  });
}

/** Throws unless every .node beside the asar fits `expectedAbi`; returns how many were checked. */
export function checkNativeAbi(resourcesDir, expectedAbi) {
  const unpacked = join(resourcesDir, 'app.asar.unpacked');
  const files = existsSync(unpacked) ? nodeFiles(unpacked) : [];
  const wrong = files
    .map((file) => ({ file, abi: nativeAbiOf(file) }))
    .filter(({ abi }) => abi !== 'node-api' && abi !== expectedAbi);
  if (wrong.length > 0) {
    const list = wrong.map(({ file, abi }) => `${file} (ABI ${abi ?? 'unknown'})`).join(', ');
    throw new Error(`Native modules built for another runtime than Electron (ABI ${expectedAbi}): ${list}. Rebuild them for Electron (README "Desktop app").`);
  }
  return files.length;
}

/** The ABI of the Electron being packaged: the `electron` package's own abi_version file. */
export function electronAbi(projectDir) {
  const require = createRequire(join(projectDir, 'package.json'));
  return Number(readFileSync(require.resolve('electron/abi_version'), 'utf8').trim());
}

export default async function afterPack(context) {
  const resourcesDir = context.packager.getResourcesDir(context.appOutDir);
  checkNativeAbi(resourcesDir, electronAbi(context.packager.projectDir));
}
