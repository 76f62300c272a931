// `npm run bench`: bundles the benchmark (TypeScript) with esbuild and runs it in plain Node with
// --expose-gc, so figures are not distorted by a test runner. A benchmark, not a test: it prints.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

await build({
  entryPoints: ['test/bench/run.ts'],
  outfile: '.tmp/bench.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['sql.js', 'age-encryption', 'zod', 'fflate', '@scure/base', 'better-sqlite3', '@duckdb/node-api'],
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '.tmp/bench.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
