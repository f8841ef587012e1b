/**
 * `npm run -s bench -- [--json] [--quick] [--only SECTION]`: speed and memory figures
 * as one flat JSON object, each the median of several runs (this machine is shared).
 */
import { parseArgs } from 'node:util';
import { coreHostRun } from './core-host';
import { duplicatesRun } from './duplicates';
import { importRun } from './import';
import { localStoreRun, type BenchOptions } from './local-store';
import { reportsRun } from './reports';
import { serverRun } from './server';
import { syncRun } from './sync';
import { uiRun } from './ui';
import { median } from './stats';

type Section = (options: BenchOptions, run: number) => Record<string, number> | Promise<Record<string, number>>;

const SECTIONS: Record<string, Section> = {
  'local-store': localStoreRun,
  server: serverRun,
  sync: syncRun,
  'core-host': coreHostRun,
  ui: uiRun,
  import: importRun,
  reports: reportsRun,
  duplicates: duplicatesRun,
};

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { json: { type: 'boolean' }, quick: { type: 'boolean' }, only: { type: 'string' }, runs: { type: 'string' } },
    }));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message.split('\n')[0]}\n`);
    process.exit(2);
  }
  const quick = Boolean(values.quick);
  const runs = values.runs ? Number(values.runs) : quick ? 1 : 3;
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write('bench: --runs must be a whole number of at least 1\n');
    process.exit(2);
  }
  const chosen = values.only ? [values.only] : Object.keys(SECTIONS);
  const figures: Record<string, number> = {};
  for (const name of chosen) {
    const section = SECTIONS[name];
    if (!section) {
      process.stderr.write(`bench: no section "${name}" (have: ${Object.keys(SECTIONS).join(', ')})\n`);
      process.exit(2);
    }
    const results: Record<string, number>[] = [];
    for (let run = 0; run < runs; run++) {
      const started = Date.now();
      results.push(await section({ quick }, run));
      if (!values.json) process.stderr.write(`bench: ${name} run ${run + 1}/${runs} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
    for (const key of Object.keys(results[0] ?? {})) figures[key] = median(results.map((r) => r[key]!));
  }
  process.stdout.write(values.json ? JSON.stringify(figures) + '\n' : JSON.stringify(figures, null, 2) + '\n');
}

await main();
// Sections leave helper processes (the UI bench's sync server) that end when our pipes close.
process.exit(0);
