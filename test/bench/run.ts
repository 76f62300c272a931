/**
 * Tværblik benchmark. Prints figures and ratios; asserts nothing.
 *   npm run bench [-- --scale copenhagen,stress] [-- --runs N] [-- --no-baseline]
 *
 * Per scale, on the demo generator's fictitious municipality:
 *  1. the import pipeline the app runs (importExtract per file: decrypt, parse + validate, load),
 *     then the screening index (the snapshot): medians of N runs with peak RSS;
 *  2. preview latency (counts only) and full evaluation (with explanations) for every preset;
 *  3. the app itself: import.file per file through the engine (a save after each, as in the app),
 *     screening.preview through the engine (logging included), workspace save and open;
 *  4. the native baselines on the same plaintext, in the same run, and the ratios.
 */
import { JOURNAL_EFFECTS, SCHEMA } from '../../electron/engine/schema';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { CriteriaSchema } from '../../shared/criteria';
import { PRESETS } from '../../shared/presets';
import { encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { openDatabase, setMeta } from '../../electron/engine/base/database';
import { generateMunicipality, type Scale } from '../../electron/engine/demo/generate';
import { call, createEngine } from '../../electron/engine/engine';
import { decodeText, detectSeparator, parseCsv } from '../../electron/engine/base/files/csv';
import { importExtract, type ImportPhase } from '../../electron/engine/import/import-extract';
import { bundledWorkers, loadSqlJs, nodeDeps } from '../../electron/engine/base/node-host';
import { extractParser } from '../../electron/engine/import/parse';
import { currentSnapshot } from '../../electron/engine/screening/current';
import { evaluate } from '../../electron/engine/screening/evaluate';
import { closeWorkspace, openWorkspace, saveWorkspace } from '../../electron/engine/base/workspace/store';
import { baselinesAvailable, duckDbCsv, nativeRowInserts, type PlainCsv } from './baselines';
import { fmt, measure, median, p95 } from './measure';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const scales = arg('scale', 'copenhagen,stress').split(',') as Scale[];
const runs = Math.max(1, Number(arg('runs', '3')));
const withBaselines = !process.argv.includes('--no-baseline');
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const line = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);

interface EncryptedFile {
  name: string;
  bytes: Uint8Array;
}

/** The app's import pipeline into a fresh database, phase by phase. */
async function importAll(files: EncryptedFile[], identity: string, recipient: string, now: Date) {
  const db = openDatabase(await loadSqlJs(), SCHEMA);
  setMeta(db, 'unit_identity', identity);
  setMeta(db, 'unit_recipient', recipient);
  const phases: Record<ImportPhase, number> = { decrypt: 0, 'parse-validate': 0, load: 0 };
  for (const f of files) {
    const out = await importExtract(
      { db, demo: true, user: 'bench', now, progress: () => undefined, cancelled: () => false, parse: extractParser(bundledWorkers()), phase: (p, ms) => (phases[p] += ms) },
      f.name,
      f.bytes,
      { acceptRejected: true, confirmEmpty: false },
    );
    if (out.status !== 'imported') throw new Error(`${f.name}: ${out.status}`);
  }
  return { db, phases };
}

/** Latency of one call repeated: median and 95th percentile. */
function latency(n: number, fn: () => unknown): { median: number; p95: number } {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return { median: median(times), p95: p95(times) };
}

async function latencyAsync(n: number, fn: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return { median: median(times), p95: p95(times) };
}

function screeningFigures(db: Database) {
  const built = measure(() => currentSnapshot(db, null));
  return built.then(({ value: current, ms, peakRssMb }) => {
    console.log(`screening index (snapshot of ${current.info.persons.toLocaleString('en')} persons, ${current.info.families.toLocaleString('en')} families): ${fmt(ms)}, peak RSS ${peakRssMb.toFixed(0)} MB`);
    console.log('preview (counts, funnel, sectors) and full evaluation (with explanations) per preset:');
    for (const p of PRESETS) {
      const c = CriteriaSchema.parse(p.criteria);
      const preview = latency(30, () => evaluate(current.snap, c, { explain: false }));
      const full = latency(10, () => evaluate(current.snap, c));
      const n = evaluate(current.snap, c, { explain: false }).candidates.length;
      line(p.id, `preview median ${fmt(preview.median)}, p95 ${fmt(preview.p95)} · full ${fmt(full.median)} · ${n.toLocaleString('en')} found`);
    }
  });
}

/** The app's own path: engine, workspace file on disk, production key derivation. */
async function appFigures(plain: readonly { name: string; bytes: Uint8Array }[], dir: string) {
  const path = join(dir, 'workspace.tvaerblik');
  const deps = { schema: SCHEMA, journalEffects: JOURNAL_EFFECTS, ...(await nodeDeps(path)) };
  const engine = createEngine(deps);
  // The demo workspace: the generator's CPR numbers are fictitious, which only a demo accepts.
  const screener = { username: 'demo.udsoeger', passphrase: 'demo-udsoeger-fiktiv' };
  await call(engine, 'workspace.createDemo', {});
  await call(engine, 'session.login', { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' });
  // The extracts as the source systems would send them: encrypted to this workspace's unit key.
  const { recipient } = await call(engine, 'unit.recipient', {});
  const files: EncryptedFile[] = [];
  for (const f of plain) files.push({ name: `${f.name}.age`, bytes: await encryptTo([recipient], f.bytes) });
  await call(engine, 'session.login', screener);
  const imported = await measure(async () => {
    for (const f of files) {
      writeFileSync(join(dir, f.name), f.bytes);
      const out = await call(engine, 'import.file', { path: join(dir, f.name), acceptRejected: true });
      if (out.status !== 'imported') throw new Error(`${f.name}: ${out.status}`);
    }
  });
  console.log(`app: import.file for each extract (a workspace save after each):  ${fmt(imported.ms)}, peak RSS ${imported.peakRssMb.toFixed(0)} MB`);
  await call(engine, 'screening.preview', { criteria: { version: 1 } }); // builds the index once
  for (const p of PRESETS.slice(0, 3)) {
    const l = await latencyAsync(20, () => call(engine, 'screening.preview', { criteria: p.criteria }));
    line(`app screening.preview ${p.id}`, `median ${fmt(l.median)}, p95 ${fmt(l.p95)} (validation, access log and journal included)`);
  }
  await engine.dispose();
  const opened = [];
  const saved = [];
  let size = 0;
  for (let i = 0; i < runs; i++) {
    const o = await measure(() => openWorkspace(deps, screener.username, screener.passphrase));
    opened.push(o);
    const s = await measure(() => saveWorkspace(deps, o.value));
    saved.push(s);
    size = (await deps.fs.stat(path)).size;
    closeWorkspace(o.value);
  }
  console.log(`workspace (${mb(size)} encrypted): open median ${fmt(median(opened.map((x) => x.ms)))} (scrypt 2^17 included), save median ${fmt(median(saved.map((x) => x.ms)))}, peak RSS ${Math.max(...opened.map((x) => x.peakRssMb), ...saved.map((x) => x.peakRssMb)).toFixed(0)} MB`);
}

console.log(`Tværblik benchmark · Node ${process.version} · ${runs} run(s) per figure · baselines: ${withBaselines ? JSON.stringify(baselinesAvailable()) : 'off'}`);
for (const scale of scales) {
  const now = new Date();
  const gen = await measure(() => generateMunicipality(scale, 2026, now));
  const m = gen.value;
  const { identity, recipient } = await newIdentity();
  const files: EncryptedFile[] = [];
  for (const f of m.files) files.push({ name: `${f.name}.age`, bytes: await encryptTo([recipient], f.bytes) });
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  console.log(`\n=== ${scale}: ${m.persons.toLocaleString('en')} persons, ${m.serviceRows.toLocaleString('en')} service rows, ${files.length} extracts, ${mb(total)} encrypted (generated in ${fmt(gen.ms)})`);

  const results: Awaited<ReturnType<typeof measure<Awaited<ReturnType<typeof importAll>>>>>[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await measure(() => importAll(files, identity, recipient, now));
    if (i < runs - 1) r.value.db.close();
    results.push(r);
  }
  const phase = (k: ImportPhase) => fmt(median(results.map((r) => r.value.phases[k])));
  const importMs = median(results.map((r) => r.ms));
  console.log(`import pipeline, all extracts (median of ${runs}): ${fmt(importMs)}, peak RSS ${Math.max(...results.map((r) => r.peakRssMb)).toFixed(0)} MB`);
  line('decrypt (native ChaCha20-Poly1305 STREAM)', phase('decrypt'));
  line('parse + validate + minimise', phase('parse-validate'));
  line('load (compact schema, batched inserts)', phase('load'));
  const db = results.at(-1)!.value.db;
  const dbBytes = db.export().length;
  line('database', mb(dbBytes));
  await screeningFigures(db);
  db.close();

  const dir = join('/dev/shm', `tvaerblik-bench-${process.pid}`); // tmpfs: the fictitious plaintext never reaches a disk
  mkdirSync(dir, { recursive: true });
  try {
    await appFigures(m.files, dir);
    if (withBaselines) {
      const csvDir = join(dir, 'plain');
      mkdirSync(csvDir);
      const serviceFiles = m.files.filter((f) => f.sector !== 'relations');
      const plainFiles: PlainCsv[] = [];
      const rows: string[][] = [];
      let header: string[] = [];
      for (const f of serviceFiles) {
        const { text, encoding } = decodeText(f.bytes);
        const separator = detectSeparator(text);
        plainFiles.push({ path: join(csvDir, f.name), separator, latin1: encoding === 'windows-1252' });
        writeFileSync(join(csvDir, f.name), f.bytes);
        const [h, ...body] = parseCsv(text, separator);
        header = h!;
        for (const r of body) rows.push(r);
      }
      const duck = [];
      for (let i = 0; i < runs; i++) duck.push(await duckDbCsv(plainFiles));
      const native = [];
      for (let i = 0; i < runs; i++) native.push(nativeRowInserts(header, rows));
      console.log('native baselines on the same plaintext (same run):');
      if (duck[0]) {
        const ms = median(duck.map((d) => d!.ms));
        line(`DuckDB read_csv, ${duck[0].rows.toLocaleString('en')} rows`, `${fmt(ms)}   ratio import / DuckDB ${(importMs / ms).toFixed(1)}×`);
      } else line('DuckDB', 'not available');
      if (native[0] !== null) {
        const ms = median(native as number[]);
        line('better-sqlite3: wide text rows, then indexes', `${fmt(ms)}   ratio import / native build ${(importMs / ms).toFixed(2)}×`);
      } else line('better-sqlite3', 'not available');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
