import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'electron-builder';
import { getConfig } from 'app-builder-lib/out/util/config/config';

export const ROOT = path.resolve(fileURLToPath(import.meta.url), '../../..');

/**
 * The packaging configuration exactly as electron-builder reads it: electron-builder.yml
 * merged with any "build" key of package.json, file patterns normalised.
 */
export function loadBuilderConfig(projectDir = ROOT): Promise<Configuration> {
  return getConfig(projectDir, path.join(projectDir, 'electron-builder.yml'), null);
}

/** The include/exclude patterns of `files`, flattened (electron-builder wraps them in file sets). */
export function filePatterns(config: Configuration): string[] {
  const sets = Array.isArray(config.files) ? config.files : config.files == null ? [] : [config.files];
  return sets.flatMap((set) => (typeof set === 'string' ? [set] : set.filter == null ? [] : Array.isArray(set.filter) ? set.filter : [set.filter]));
}
