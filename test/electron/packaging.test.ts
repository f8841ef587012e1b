import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import asar from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkNativeAbi, electronAbi, nativeAbiOf } from '../../main/electron/build-resources/after-pack.mjs';
import { loadBuilderConfig, ROOT } from './packaging-config';

/**
 * A packaging dry run, offline: a copy of the project (sources, tests and server included,
 * so leaving them out is proven), its bundles built by the project's own scripts, then
 * `electron-builder --linux --dir` with a stand-in Electron distribution. The stand-in
 * binary is never run; it carries Electron's fuse wire so the fuses the config sets are
 * flipped in it for real. Native modules are not rebuilt (that needs Electron's headers), so
 * the afterPack ABI check runs through a wrapper that records its verdict instead of failing.
 */

const run = promisify(execFile);
const FEED = 'https://updates.fieldline.test/desktop';
const LEFT_OUT = new Set(['node_modules', '.git', 'dist', 'out', '.tsbuild', 'test-results', 'playwright-report', '.fieldline-data']);
const BUILDS = ['main/browser-host/build-renderer.mjs', 'main/electron/build-main.mjs', 'main/electron/build-preload.mjs'];
const SQLITE_BINARY = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';

/** Electron's own defaults on the fuse wire (version 1), each the opposite of what we ask for. */
const SHIPPED_WIRE: Record<FuseV1Options, FuseState> = {
  [FuseV1Options.RunAsNode]: FuseState.ENABLE,
  [FuseV1Options.EnableCookieEncryption]: FuseState.DISABLE,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: FuseState.ENABLE,
  [FuseV1Options.EnableNodeCliInspectArguments]: FuseState.ENABLE,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: FuseState.DISABLE,
  [FuseV1Options.OnlyLoadAppFromAsar]: FuseState.DISABLE,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: FuseState.DISABLE,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: FuseState.ENABLE,
};

/** A folder electron-builder accepts as an unpacked Electron for Linux: the `electron` executable. */
function standInElectron(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const wire = Object.keys(SHIPPED_WIRE).map((option) => SHIPPED_WIRE[Number(option) as FuseV1Options]);
  const binary = Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in for Electron"\nexit 1\n'), Buffer.from(SENTINEL), Buffer.from([1, wire.length, ...wire])]);
  fs.writeFileSync(path.join(dir, 'electron'), binary, { mode: 0o755 });
}

function copyProject(to: string): void {
  fs.cpSync(ROOT, to, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(ROOT, src);
      return rel === '' || (!LEFT_OUT.has(rel.split(path.sep)[0]!) && path.basename(src) !== 'node_modules');
    },
  });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(to, 'node_modules'), 'dir');
}

async function node(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  try {
    await run(process.execPath, args, { cwd, env: { ...process.env, ...env }, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`node ${args.join(' ')} failed:\n${stdout}\n${stderr}`, { cause: error });
  }
}

describe('packaging dry run (electron-builder --dir, Linux)', () => {
  let work: string;
  let project: string;
  let appOut: string;
  let archive: string;
  let entries: string[];

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldline-pack-'));
    project = path.join(work, 'project');
    copyProject(project);
    // The app's bundles, built from this copy's sources by the scripts the release uses.
    // A missing or failing script fails the test: there is nothing to package without it.
    for (const script of BUILDS) await node(project, [script]);
    standInElectron(path.join(work, 'electron-dist'));
    // The project's afterPack hook, run by electron-builder as configured, with its verdict
    // recorded: natives are not rebuilt here, so it must refuse them (see the last test).
    fs.writeFileSync(
      path.join(work, 'after-pack.mjs'),
      [
        `import fs from 'node:fs';`,
        `import afterPack from ${JSON.stringify(path.join(project, 'main/electron/build-resources/after-pack.mjs'))};`,
        `export default async function (context) {`,
        `  let verdict = 'accepted';`,
        `  try { await afterPack(context); } catch (error) { verdict = error.message; }`,
        `  fs.writeFileSync(${JSON.stringify(path.join(work, 'after-pack-verdict.txt'))}, verdict);`,
        `}`,
      ].join('\n'),
    );
    await node(
      project,
      [
        path.join(ROOT, 'node_modules/electron-builder/cli.js'),
        '--linux',
        '--dir',
        `-c.electronDist=${path.join(work, 'electron-dist')}`,
        '-c.npmRebuild=false',
        `-c.afterPack=${path.join(work, 'after-pack.mjs')}`,
      ],
      { FIELDLINE_UPDATE_URL: FEED, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
    );
    appOut = path.join(project, 'dist', 'linux-unpacked');
    archive = path.join(appOut, 'resources', 'app.asar');
    entries = asar.listPackage(archive, { isPack: false }).map((entry) => entry.replace(/^[\\/]/, '').split(path.sep).join('/'));
  }, 150_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('the asar holds the main process, preload, renderer and the modules they load at run time', () => {
    const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString()) as { main?: string };
    expect(manifest.main, 'package.json "main"').toBeTruthy();
    const bundles = fs.readdirSync(path.join(project, 'out', 'main')).filter((name) => name.endsWith('.cjs'));
    expect(entries).toEqual(
      expect.arrayContaining([
        'package.json',
        path.posix.normalize(manifest.main!),
        ...bundles.map((name) => `out/main/${name}`),
        'out/preload/preload.cjs',
        'out/renderer/index.html',
        'node_modules/better-sqlite3/lib/index.js',
        'node_modules/electron-updater/package.json',
        'node_modules/electron-log/package.json',
      ]),
    );
    // Each script and stylesheet the page asks for is inside.
    const page = asar.extractFile(archive, 'out/renderer/index.html').toString();
    const assets = [...page.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => `out/renderer/${m[1]}`);
    expect(assets.length).toBeGreaterThan(0);
    expect(entries).toEqual(expect.arrayContaining(assets));
  });

  test('no tests, sources, source maps or native build files are packed', () => {
    const forbidden = [
      /^(test|server|main|preload|shared|renderer\/src)\//,
      /\.(ts|tsx|mts|cts|map)$/,
      /node_modules\/better-sqlite3\/(deps|src)\//,
      /\.(gyp|gypi|c|cc|cpp|h|hpp|a|o|mk)$/,
      /\/(obj|obj\.target|\.deps)\//,
      /Makefile$/,
      /test_extension\.node$/,
      /^electron-builder\.yml$/,
    ];
    // The copy really had them, so their absence is the config's doing.
    for (const present of ['test', 'server', 'renderer/src', 'main/dispatch.ts']) expect(fs.existsSync(path.join(project, present)), present).toBe(true);
    expect(entries.filter((entry) => forbidden.some((pattern) => pattern.test(entry)))).toEqual([]);
  });

  test('the SQLite binary sits unpacked beside the asar, where it can be loaded', () => {
    const stat = asar.statFile(archive, SQLITE_BINARY) as { unpacked?: boolean };
    expect(stat.unpacked).toBe(true);
    const unpacked = path.join(`${archive}.unpacked`, SQLITE_BINARY);
    expect(fs.statSync(unpacked).size).toBe(fs.statSync(path.join(ROOT, SQLITE_BINARY)).size);
    // No native library is left inside the archive, where dlopen cannot reach it.
    const packedNative = entries.filter((entry) => entry.endsWith('.node') && !(asar.statFile(archive, entry) as { unpacked?: boolean }).unpacked);
    expect(packedNative).toEqual([]);
  });

  test('the packaged executable carries the fuses the config sets', async () => {
    const fuses = (await loadBuilderConfig(project)).electronFuses!;
    const wire = await getCurrentFuseWire(path.join(appOut, 'fieldline'));
    const expected = { ...SHIPPED_WIRE };
    for (const [name, on] of Object.entries(fuses)) {
      const option = FuseV1Options[(name[0]!.toUpperCase() + name.slice(1)) as keyof typeof FuseV1Options];
      expect(option, `fuse ${name}`).toBeDefined();
      expected[option] = on ? FuseState.ENABLE : FuseState.DISABLE;
    }
    const { version, ...states } = wire;
    expect(version).toBe('1');
    expect(states).toEqual(expected);
    expect(states[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
  });

  test('the packaged updater reads the feed given when packaging', () => {
    const feed = fs.readFileSync(path.join(appOut, 'resources', 'app-update.yml'), 'utf8');
    expect(feed).toMatch(/^provider: generic$/m);
    expect(feed).toContain(`url: ${FEED}`);
  });

  test('packaging refuses a native module still built for Node instead of Electron', () => {
    const verdict = fs.readFileSync(path.join(work, 'after-pack-verdict.txt'), 'utf8');
    const electron = electronAbi(project);
    const node = Number(process.versions.modules);
    expect(electron).not.toBe(node);
    expect(nativeAbiOf(path.join(ROOT, SQLITE_BINARY))).toBe(node);
    expect(verdict).toContain(`Native modules built for another runtime than Electron (ABI ${electron})`);
    expect(verdict).toContain(`better_sqlite3.node (ABI ${node})`);
    // The same tree passes once its binary fits: the check is about the ABI, nothing else.
    expect(checkNativeAbi(path.join(appOut, 'resources'), node)).toBe(1);
  });
});
