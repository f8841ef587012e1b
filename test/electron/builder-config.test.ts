import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, test } from 'vitest';
import { filePatterns, loadBuilderConfig, ROOT } from './packaging-config';

const require = createRequire(import.meta.url);
// The schema electron-builder validates every configuration against before it builds.
const schema = require('app-builder-lib/scheme.json') as object;

/** Validated like electron-builder does (allErrors, non-strict schema), minus type coercion: stricter. */
function validator() {
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');

describe('electron-builder.yml', () => {
  test('is a configuration electron-builder 26 accepts (its own JSON schema)', async () => {
    const validate = validator();
    const config = await loadBuilderConfig();
    const valid = validate(config);
    expect(valid, describeErrors(validate.errors)).toBe(true);
    // The schema is strict enough to catch a misplaced key: electron-builder 26 moved the
    // Windows publisher name under signtoolOptions, and the old place is refused.
    expect(validate({ ...config, win: { publisherName: 'Fieldline' } })).toBe(false);
  });

  test('the packaged binary cannot be turned into Node, fed NODE_OPTIONS or debugged, and loads only its signed asar', async () => {
    const config = await loadBuilderConfig();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  test('the native SQLite module is unpacked beside the asar, rebuilt for Electron, and checked after packing', async () => {
    const config = await loadBuilderConfig();
    expect(config.asarUnpack).toEqual(['**/node_modules/better-sqlite3/**/*.node']);
    expect(config.npmRebuild).toBe(true);
    expect(config.afterPack).toBe('main/electron/build-resources/after-pack.mjs');
  });

  test('the app holds the built bundles only: no tests, sources, source maps or native build files', async () => {
    const patterns = filePatterns(await loadBuilderConfig());
    const includes = patterns.filter((p) => !p.startsWith('!'));
    expect(includes.sort()).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']);
    expect(patterns).toEqual(
      expect.arrayContaining([
        '!**/*.map',
        '!**/*.{ts,tsx,mts,cts}',
        '!{main,preload,shared,server,test,renderer/src}{,/**/*}',
        '!**/node_modules/better-sqlite3/{deps,src}{,/**/*}',
        '!**/*.{gyp,gypi,c,cc,cpp,h,hpp,o,a,mk}',
      ]),
    );
  });

  test('Windows installs per user without an administrator and never deletes local data on uninstall', async () => {
    const config = await loadBuilderConfig();
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false, deleteAppDataOnUninstall: false });
    expect(config.win?.target).toEqual(['nsis']);
    // electron-updater checks each update's signature against this name.
    expect(config.win?.signtoolOptions?.publisherName).toBeTruthy();
  });

  test('macOS builds are hardened, notarized, and ask for no entitlement beyond JIT', async () => {
    const config = await loadBuilderConfig();
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true, target: ['dmg', 'zip'] });
    const plists = [config.mac?.entitlements, config.mac?.entitlementsInherit];
    for (const plist of plists) {
      expect(plist).toBeTruthy();
      const xml = fs.readFileSync(path.join(ROOT, plist!), 'utf8');
      const keys = [...xml.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
      expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
    }
  });

  test('updates come from the office feed set at packaging time, and artifact names carry the version', async () => {
    const config = await loadBuilderConfig();
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.FIELDLINE_UPDATE_URL}', channel: 'latest' });
    expect(config.artifactName).toBe('${productName}-${version}-${os}-${arch}.${ext}');
    expect(config.productName).toBe('Fieldline');
    expect(config.directories?.output).toBe('dist');
  });
});
