import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from './packaging-config';

/**
 * Electronegativity, Doyensec's static audit of Electron apps, over what ships: the main
 * process, the preload, the renderer, shared/ and package.json. Any HIGH or MEDIUM finding
 * fails, except PRELOAD_JS_CHECK (it only asks that the preload be reviewed: it is, see
 * preload/). A finding that is accepted on purpose carries, on its own line,
 * `// eng-disable CHECK_ID: why` — the last test holds each such comment to that form.
 */

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  sample?: string;
  description: string;
  severity: { name: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL' };
  confidence: { name: string };
  manualReview: boolean;
}
interface AuditResult {
  issues: Finding[];
  errors: { file: string; message: string; tolerable: boolean }[];
}
type Run = (options: Record<string, unknown>) => Promise<AuditResult>;

const require = createRequire(import.meta.url);
const PACKAGE = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const audit = require('@doyensec/electronegativity') as Run;
const electronVersion = (require('electron/package.json') as { version: string }).version;

/** Folders that end up in the app (their sources), audited together so global checks see all. */
const SCANNED = ['main', 'preload', 'renderer', 'shared'];
const ACCEPTED_FOR_REVIEW = new Set(['PRELOAD_JS_CHECK']);
const SOURCE = /\.(ts|tsx|js|mjs|cjs|html)$/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) return item.name === 'node_modules' ? [] : sourceFiles(full);
    return SOURCE.test(item.name) ? [full] : [];
  });
}

/** Every check id Electronegativity knows, read from its own check modules. */
function knownCheckIds(): Set<string> {
  const ids = new Set<string>();
  const walk = (dir: string) => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) walk(full);
      else if (item.name.endsWith('.js')) for (const m of fs.readFileSync(full, 'utf8').matchAll(/this\.id\s*=\s*["']([A-Z0-9_]+)["']/g)) ids.add(m[1]!);
    }
  };
  walk(path.join(PACKAGE, 'dist', 'finder', 'checks'));
  return ids;
}

const CHECK_IDS = knownCheckIds();

/**
 * What is wrong with an `eng-disable` comment on this line (none: fine). It must sit on the
 * flagged line (on line 1 it would silence the check for the whole file), name checks
 * Electronegativity has, and then say why: `// eng-disable CHECK_ID: why`.
 */
function engDisableProblems(line: string, lineNumber: number): string[] {
  const match = /eng-disable\b(.*)$/.exec(line);
  if (!match) return [];
  const problems: string[] = [];
  if (lineNumber === 1) problems.push('file-wide eng-disable');
  const [, named = '', reason = ''] = /^\s+((?:[A-Z0-9_]+_CHECK[\s,]*)+)[:—-]?\s*(.*?)\s*(?:\*\/|-->)?\s*$/.exec(match[1]!) ?? [];
  const unknown = named.split(/[\s,]+/).filter((id) => id && !CHECK_IDS.has(id));
  if (!named) problems.push('names no check');
  if (unknown.length) problems.push(`unknown check ${unknown.join(', ')}`);
  if (reason.split(/\s+/).filter(Boolean).length < 3) problems.push('give the reason in a few words');
  return problems;
}

const format = (f: Finding) => `${f.id} ${f.severity.name} ${f.file}:${f.location.line} ${f.sample ?? ''}\n    ${f.description}`;

describe('Electronegativity audit', () => {
  let copy: string;
  let result: AuditResult;

  beforeAll(async () => {
    // A copy of exactly what is audited, so paths in findings read like the repository's.
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldline-audit-'));
    for (const folder of SCANNED) {
      fs.cpSync(path.join(ROOT, folder), path.join(copy, folder), { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });
    }
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(copy, 'package.json'));
    result = await audit({
      input: copy,
      isRelative: true,
      // The installed Electron, so checks judge defaults by this version (not by Electron 0.1).
      electronVersionOverride: electronVersion,
      // It asks the network which Electron releases carry security fixes: not here, and not
      // deterministic anywhere. Keeping Electron current is the dependency updates' job.
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    });
  }, 60_000);

  afterAll(() => {
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });

  test('finds nothing of high or medium severity', () => {
    const blocking = result.issues.filter((f) => ['HIGH', 'MEDIUM'].includes(f.severity.name) && !ACCEPTED_FOR_REVIEW.has(f.id));
    expect(blocking.map(format), 'fix these, or accept one with // eng-disable CHECK_ID: why').toEqual([]);
  });

  test('read every source file it was given, and saw the window the main process opens', () => {
    const unreadable = result.errors.filter((e) => !e.tolerable);
    expect(unreadable.map((e) => `${e.file}: ${e.message}`)).toEqual([]);
    // PRELOAD_JS_CHECK fires on `new BrowserWindow({ webPreferences: { preload } })`:
    // without it the audit never looked at the window's settings.
    const preload = result.issues.filter((f) => f.id === 'PRELOAD_JS_CHECK');
    expect(preload.map((f) => f.file)).toEqual([expect.stringMatching(/^main\/electron\//)]);
  });

  test('each accepted finding names a real check and says why, on its own line', () => {
    const problems: string[] = [];
    for (const folder of SCANNED) {
      for (const file of sourceFiles(path.join(ROOT, folder))) {
        fs.readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, index) => {
            for (const problem of engDisableProblems(line, index + 1)) problems.push(`${path.relative(ROOT, file)}:${index + 1}: ${problem}`);
          });
      }
    }
    expect(problems).toEqual([]);
  });

  test('the eng-disable rule itself refuses comments without a known check or a reason', () => {
    expect(CHECK_IDS.size).toBeGreaterThan(30);
    expect(CHECK_IDS.has('OPEN_EXTERNAL_JS_CHECK')).toBe(true);
    expect(engDisableProblems('  shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK: url passed the allow-list above', 12)).toEqual([]);
    expect(engDisableProblems('  shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK', 12)).toEqual(['give the reason in a few words']);
    expect(engDisableProblems('  x(); // eng-disable NO_SUCH_JS_CHECK: it was in the way of the build', 12)).toEqual(['unknown check NO_SUCH_JS_CHECK']);
    expect(engDisableProblems('  x(); // eng-disable because it was noisy', 12)).toEqual(['names no check', 'give the reason in a few words']);
    expect(engDisableProblems('/* eng-disable OPEN_EXTERNAL_JS_CHECK: every link in this file is fine */', 1)).toEqual(['file-wide eng-disable']);
  });
});
