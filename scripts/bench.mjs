// `npm run bench`: bundles the benchmark (TypeScript) with esbuild and runs it in plain Node with
// --expose-gc, so figures are not distorted by a test runner. A benchmark, not a test: it prints.
//
// The native baselines (better-sqlite3, DuckDB) are installed here, for the benchmark only, into
// .tmp/bench-deps: never dependencies of the product. better-sqlite3 builds from source (about a
// minute, once); DuckDB's package carries its binary. Without them the benchmark says so and
// prints everything else.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const BENCH_DEPS = { 'better-sqlite3': '12.11.1', '@duckdb/node-api': '1.5.6-r.1' };
const depsDir = resolve('.tmp/bench-deps');
const installed = () => Object.keys(BENCH_DEPS).every((d) => existsSync(`${depsDir}/node_modules/${d}/package.json`)) && existsSync(`${depsDir}/node_modules/better-sqlite3/build/Release/better_sqlite3.node`);
if (!installed()) {
  mkdirSync(depsDir, { recursive: true });
  writeFileSync(`${depsDir}/package.json`, JSON.stringify({ private: true, allowScripts: { 'better-sqlite3': true } }));
  process.stdout.write('Installing the native baselines for the benchmark only (better-sqlite3 builds from source, about a minute) …\n');
  spawnSync('npm', ['install', '--no-audit', '--no-fund', ...Object.entries(BENCH_DEPS).map(([n, v]) => `${n}@${v}`)], { cwd: depsDir, stdio: 'inherit' });
  if (!installed()) process.stdout.write('The native baselines could not be installed; the benchmark runs without them.\n');
}

await build({
  entryPoints: ['test/bench/run.ts'],
  outfile: '.tmp/bench.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['sql.js', 'age-encryption', 'zod', 'fflate', '@scure/base'],
  logLevel: 'warning',
});
// The extract worker beside the benchmark's bundle, where bundledWorkers() looks for it.
await build({ entryPoints: ['electron/engine/import/extract-worker.ts'], outfile: '.tmp/extract-worker.cjs', bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
// Each scale in a process of its own, so one scale's peak memory is not the garbage another left
// behind; then one table of all of them (and the --json file) from what each wrote.
const args = process.argv.slice(2);
const option = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const passed = args.filter((a, i) => !['--scale', '--json'].includes(a) && !['--scale', '--json'].includes(args[i - 1]));
const parts = [];
let status = 0;
for (const scale of option('scale', 'copenhagen,stress').split(',')) {
  const part = resolve(`.tmp/bench-${scale}.json`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '.tmp/bench.mjs', ...passed, '--scale', scale, '--json', part, '--quiet-table'], {
    stdio: 'inherit',
    env: { ...process.env, TVAERBLIK_BENCH_DEPS: depsDir },
  });
  if (r.status !== 0) status = r.status ?? 1;
  else parts.push(part);
}
const summary = spawnSync(process.execPath, ['.tmp/bench.mjs', '--summary', parts.join(','), ...(option('json', '') ? ['--json', option('json', '')] : [])], { stdio: 'inherit' });
process.exit(status || (summary.status ?? 1));
