/**
 * Tværblik benchmark. Prints figures and ratios; asserts nothing.
 *   npm run bench [-- --scale copenhagen,stress] [-- --runs N]
 * Import is split into its phases (decrypt + read, validate, load), each a median of several runs,
 * with the process's peak RSS. The baseline, measured in the same run on the same records, is the
 * straightforward build: one wide text table, one INSERT per row, then indexes.
 */
import type { Database } from 'sql.js';
import { encryptTo, newIdentity } from '../../electron/engine/crypto/age';
import { generateMunicipality, type Scale } from '../../electron/engine/demo/generate';
import { openDatabase, setMeta } from '../../electron/engine/db/database';
import { loadCatalogue, seedCatalogue } from '../../electron/engine/import/catalogue';
import { dayOfDate } from '../../electron/engine/import/dates';
import { loadRelations, loadServices } from '../../electron/engine/import/load';
import { readExtract } from '../../electron/engine/import/read-extract';
import { validateTable, type ServiceRecord } from '../../electron/engine/import/validate';
import { loadSqlJs } from '../../electron/engine/node-host';
import { fmt, measure, median, p95 } from './measure';
import { CriteriaSchema } from '../../shared/criteria';
import { evaluate } from '../../electron/engine/screening/evaluate';
import { buildSnapshot } from '../../electron/engine/screening/snapshot';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const scales = arg('scale', 'copenhagen,stress').split(',') as Scale[];
const runs = Number(arg('runs', '3'));
/** --no-baseline skips the baselines (for profiling the import alone). */
const baselines = !process.argv.includes('--no-baseline');

interface EncryptedFile {
  name: string;
  bytes: Uint8Array;
}

async function importOnce(files: EncryptedFile[], identity: string, recipient: string, today: Date) {
  const db = openDatabase(await loadSqlJs());
  seedCatalogue(db);
  setMeta(db, 'unit_identity', identity);
  const catalogue = loadCatalogue(db);
  const phase = { read: 0, validate: 0, load: 0 };
  const services: ServiceRecord[] = [];
  for (const [i, f] of files.entries()) {
    let t = performance.now();
    const read = await readExtract(f.bytes, identity, recipient);
    phase.read += performance.now() - t;
    t = performance.now();
    const v = validateTable(read.table, { catalogue, today: dayOfDate(today), demo: true });
    phase.validate += performance.now() - t;
    t = performance.now();
    db.exec('SAVEPOINT extract'); // as the engine loads: inside a savepoint
    db.run('INSERT INTO receipt (kind, sector, file_name, file_sha256, imported_by, imported_at, body) VALUES (?,?,?,?,?,?,?)', [v.kind, null, f.name, read.contentSha256, 'bench', today.toISOString(), '{}']);
    if (v.kind === 'services') {
      loadServices(db, v.sector, v.batch, i + 1, dayOfDate(today));
      for (const r of v.batch.records()) services.push(r);
    } else loadRelations(db, v.records, i + 1);
    db.exec('RELEASE extract');
    phase.load += performance.now() - t;
  }
  const rows = Number(db.exec('SELECT count(*) FROM service')[0]!.values[0]![0]);
  const bytes = db.export().length;
  return { phase, rows, bytes, services, db };
}



const SAMPLE_CRITERIA: [string, unknown][] = [
  ['3+ services, 2+ sectors', { version: 1, minServices: 3, minSectors: 2 }],
  ['cash/education benefit + housing support + mentor', { version: 1, allOf: [{ code: 'SEL85' }, { code: 'LAB_MENTOR' }], anyOf: [{ code: 'LAS_KH' }, { code: 'LAS_UH' }] }],
  ['families: child and adult, 2+ sectors', { version: 1, unit: 'family', minSectors: 2, requireChildAndAdult: true }],
];

/** Snapshot build and full evaluation (with explanations) per sample criteria: medians of 7 runs. */
function screeningFigures(db: Database, today: number) {
  const t = performance.now();
  const snap = buildSnapshot(db, today);
  const build = performance.now() - t;
  const evals = SAMPLE_CRITERIA.map(([name, raw]) => {
    const c = CriteriaSchema.parse(raw);
    const times: number[] = [];
    let n = 0;
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      n = evaluate(snap, c).candidates.length;
      times.push(performance.now() - t0);
    }
    return { name, ms: median(times), p95: p95(times), candidates: n };
  });
  return { build, evals };
}

/** The straightforward build the issue measured: wide text rows, one INSERT each, then indexes. */
async function naiveLoad(records: readonly ServiceRecord[]): Promise<number> {
  const db: Database = new (await loadSqlJs()).Database();
  db.exec(`CREATE TABLE wide (cpr TEXT, name TEXT, code TEXT, department TEXT, service_name TEXT, legal_basis TEXT, start TEXT, end TEXT,
           goal TEXT, cw_name TEXT, cw_phone TEXT, cw_email TEXT, cw_unit TEXT, cost TEXT)`);
  const stmt = db.prepare('INSERT INTO wide VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)');
  db.exec('BEGIN');
  for (const r of records) {
    stmt.run([r.cpr, r.name, String(r.catalogueId), r.department, r.serviceName, r.legalBasis, String(r.startDay), String(r.endDay ?? ''), r.goal, r.caseworker.name, r.caseworker.phone, r.caseworker.email, r.caseworker.unit, String(r.yearlyCost ?? '')]);
  }
  db.exec('COMMIT');
  stmt.free();
  db.exec('CREATE INDEX wide_cpr ON wide (cpr); CREATE INDEX wide_code ON wide (code)');
  const size = db.export().length;
  db.close();
  return size;
}

for (const scale of scales) {
  const today = new Date();
  const gen = await measure(() => generateMunicipality(scale, 2026, today));
  const m = gen.value;
  const { identity, recipient } = await newIdentity();
  const files: EncryptedFile[] = [];
  for (const f of m.files) files.push({ name: f.name, bytes: await encryptTo([recipient], f.bytes) });
  const mb = files.reduce((n, f) => n + f.bytes.length, 0) / 1048576;
  console.log(`\n=== scale ${scale}: ${m.persons.toLocaleString('en')} persons, ${m.serviceRows.toLocaleString('en')} service rows, ${mb.toFixed(0)} MiB encrypted (generated in ${fmt(gen.ms)})`);
  const results: Awaited<ReturnType<typeof measure<Awaited<ReturnType<typeof importOnce>>>>>[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await measure(() => importOnce(files, identity, recipient, today));
    if (i < runs - 1) r.value.db.close();
    results.push(r);
  }
  const last = results.at(-1)!.value;
  const screening = screeningFigures(last.db, dayOfDate(today)); // after the import's clock has stopped
  last.db.close();
  const med = (k: 'read' | 'validate' | 'load') => median(results.map((r) => r.value.phase[k]));
  const first = results[0]!.value;
  console.log(`import total            ${fmt(median(results.map((r) => r.ms)))}   peak RSS ${Math.max(...results.map((r) => r.peakRssMb)).toFixed(0)} MB`);
  console.log(`  decrypt + read        ${fmt(med('read'))}`);
  console.log(`  validate + minimise   ${fmt(med('validate'))}`);
  console.log(`  load (compact schema) ${fmt(med('load'))}   ${first.rows.toLocaleString('en')} rows, ${(first.bytes / 1048576).toFixed(0)} MB exported`);
  const naive = [];
  let naiveBytes = 0;
  for (let i = 0; i < (baselines ? runs : 0); i++) {
    const r = await measure(() => naiveLoad(first.services));
    naive.push(r.ms);
    naiveBytes = r.value;
  }
  const naiveMs = median(naive);
  console.log(`baseline: wide text table, row inserts, then indexes: ${fmt(naiveMs)}, ${(naiveBytes / 1048576).toFixed(0)} MB exported`);
  console.log(`  ratio load / baseline: ${(med('load') / naiveMs).toFixed(2)}   size ratio: ${(first.bytes / naiveBytes).toFixed(2)}`);
  console.log(`screening snapshot build ${fmt(screening.build)}`);
  for (const e of screening.evals) console.log(`  evaluate "${e.name}": median ${fmt(e.ms)}, p95 ${fmt(e.p95)}, ${e.candidates.toLocaleString('en')} candidates`);
}
