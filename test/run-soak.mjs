// npm run test:soak — the long proofs: many more convergence runs and crash points
// than `npm test` affords. Override with FIELDLINE_SOAK_RUNS / FIELDLINE_CRASH_KILLS.
import { spawnSync } from 'node:child_process';

const env = {
  ...process.env,
  FIELDLINE_SOAK_RUNS: process.env.FIELDLINE_SOAK_RUNS ?? '400',
  FIELDLINE_CRASH_KILLS: process.env.FIELDLINE_CRASH_KILLS ?? '500',
};
const seed = process.env.FIELDLINE_SEED ?? String(Date.now() % 1_000_000);
env.FIELDLINE_SEED = seed;
console.log(`soak: seed ${seed} (replay with FIELDLINE_SEED=${seed})`);
const result = spawnSync('npx', ['vitest', 'run', 'test/sync', '--testTimeout', '3600000'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
