/**
 * A citizen's request for the log about them, tested against a model: random sequences of imports,
 * previews, lists shown, runs saved, shown and compared, reveals, locks and logins run on the real
 * engine, while a model keeps which citizens each call stored or disclosed. Then, for every
 * citizen, the data-protection officer's search by CPR number (and the per-citizen export) must
 * list exactly those calls, in order, and nothing else. The model's truth comes from a second,
 * independent database that imports the same extracts and screens with the same criteria.
 */
import fc from 'fast-check';
import type { Database } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { formatCpr } from '../../shared/cpr';
import { PRESETS } from '../../shared/presets';
import { CriteriaSchema } from '../../shared/criteria';
import { decryptWith, encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { all, openDatabase, setMeta } from '../../electron/engine/base/database';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { closeWorkspace, openWorkspace } from '../../electron/engine/base/workspace/store';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { DEMO_SEED } from '../../electron/engine/demo/demo-workspace';
import { generateMunicipality } from '../../electron/engine/demo/generate';
import { verifyExport } from '../../electron/engine/audit/export';
import { extractParser } from '../../electron/engine/import/parse';
import { importExtract } from '../../electron/engine/import/import-extract';
import { SCHEMA } from '../../electron/engine/schema';
import { currentSnapshot } from '../../electron/engine/screening/current';
import { evaluate, type Candidate } from '../../electron/engine/screening/evaluate';
import { call, tempDir, testDeps } from '../support/engine';
import { csv, encryptedFile, row } from '../support/extracts';

const NOW = new Date('2026-11-16T10:00:00Z');
const SCREENER = { username: 'demo.udsoeger', passphrase: 'demo-udsoeger-fiktiv' };
const DPO = { username: 'demo.dpo', passphrase: 'demo-dpo-fiktiv-adgang' };
const PRESETS_USED = PRESETS.slice(0, 3);

/** The model: per citizen, the logged actions that stored or disclosed their data, in order. */
class Model {
  readonly actions = new Map<string, string[]>();
  /** Each saved run's list as the oracle computed it: unit keys and members, in list order. */
  readonly runs: { id: number; setId: number; list: Candidate[]; pseudonyms: string[] | null }[] = [];
  readonly setIds = new Map<number, number>();
  imports = 0;

  record(action: string, cprs: Iterable<string>): void {
    for (const cpr of new Set(cprs)) {
      if (!this.actions.has(cpr)) this.actions.set(cpr, []);
      this.actions.get(cpr)!.push(action);
    }
  }
}

/** The independent database: the same extracts, imported the same way, screened on demand. */
class Oracle {
  private constructor(
    readonly db: Database,
    private readonly recipient: string,
  ) {}

  static async create(): Promise<Oracle> {
    const db = openDatabase(await loadSqlJs(), SCHEMA);
    const { identity, recipient } = await newIdentity();
    setMeta(db, 'unit_identity', identity);
    setMeta(db, 'unit_recipient', recipient);
    return new Oracle(db, recipient);
  }

  async import(name: string, plain: Uint8Array): Promise<{ status: string; stored: string[] }> {
    return importExtract({ db: this.db, demo: true, user: 'oracle', now: NOW, progress: () => undefined, cancelled: () => false, parse: extractParser('same-thread') }, name, await encryptTo([this.recipient], plain), { acceptRejected: true, confirmEmpty: false });
  }

  list(presetIndex: number): Candidate[] {
    return evaluate(currentSnapshot(this.db, null).snap, CriteriaSchema.parse(PRESETS_USED[presetIndex]!.criteria)).candidates;
  }
}

interface Real {
  engine: Engine;
  dir: string;
  recipient: string;
  oracle: Oracle;
  /** CPR numbers of the demo data, for the imports the commands make. */
  people: string[];
}

type Cmd = fc.AsyncCommand<Model, Real>;

const members = (list: readonly Candidate[]) => list.flatMap((c) => c.members);

class Evaluate implements Cmd {
  constructor(
    readonly preset: number,
    readonly limit: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    await call(r.engine, 'screening.evaluate', { criteria: PRESETS_USED[this.preset]!.criteria, limit: this.limit });
    m.record('screening.evaluate', members(r.oracle.list(this.preset).slice(0, this.limit)));
  }
  toString = () => `evaluate(${this.preset}, ${this.limit})`;
}

class Preview implements Cmd {
  constructor(readonly preset: number) {}
  check = () => true;
  async run(_m: Model, r: Real) {
    await call(r.engine, 'screening.preview', { criteria: PRESETS_USED[this.preset]!.criteria }); // counts only: nobody
  }
  toString = () => `preview(${this.preset})`;
}

class SaveRun implements Cmd {
  constructor(readonly preset: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    let setId = m.setIds.get(this.preset);
    if (setId === undefined) {
      const v = await call(r.engine, 'criteria.save', { name: `Sæt ${this.preset}`, criteria: PRESETS_USED[this.preset]!.criteria });
      setId = v.setId;
      m.setIds.set(this.preset, setId);
    }
    const run = await call(r.engine, 'runs.create', { setId, version: 1 });
    const list = r.oracle.list(this.preset);
    expect(run.count).toBe(list.length);
    m.runs.push({ id: run.id, setId, list, pseudonyms: null });
    m.record('runs.create', members(list));
  }
  toString = () => `saveRun(${this.preset})`;
}

class ShowRun implements Cmd {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.runs.length > 0;
  async run(m: Model, r: Real) {
    const run = m.runs[this.pick % m.runs.length]!;
    const shown = await call(r.engine, 'runs.get', { id: run.id });
    run.pseudonyms = shown.candidates.map((c) => c.pseudonym);
    m.record('runs.get', members(run.list));
  }
  toString = () => `showRun(${this.pick})`;
}

class Compare implements Cmd {
  constructor(
    readonly a: number,
    readonly b: number,
  ) {}
  check = (m: Readonly<Model>) => m.runs.length > 1;
  async run(m: Model, r: Real) {
    const [i, j] = [this.a % m.runs.length, this.b % m.runs.length].sort((x, y) => x - y) as [number, number];
    if (i === j) return;
    const [from, to] = [m.runs[i]!, m.runs[j]!];
    await call(r.engine, 'runs.compare', { fromId: from.id, toId: to.id });
    const before = new Set(from.list.map((c) => c.key));
    const after = new Set(to.list.map((c) => c.key));
    m.record('runs.compare', [...members(to.list.filter((c) => !before.has(c.key))), ...members(from.list.filter((c) => !after.has(c.key)))]);
  }
  toString = () => `compare(${this.a}, ${this.b})`;
}

class Reveal implements Cmd {
  constructor(
    readonly pick: number,
    readonly candidate: number,
  ) {}
  check = (m: Readonly<Model>) => m.runs.some((r) => r.pseudonyms !== null && r.pseudonyms.length > 0);
  async run(m: Model, r: Real) {
    const shown = m.runs.filter((x) => x.pseudonyms !== null && x.pseudonyms.length > 0);
    const run = shown[this.pick % shown.length]!;
    const i = this.candidate % run.pseudonyms!.length;
    const out = await call(r.engine, 'candidates.reveal', { runId: run.id, pseudonym: run.pseudonyms![i]!, purpose: 'review', reason: 'model test' });
    // The list is in the same order as the oracle's: the revealed people are that candidate's members.
    expect(out.members.map((x) => x.cpr)).toEqual(run.list[i]!.members.map(formatCpr));
    m.record('candidates.reveal', run.list[i]!.members);
  }
  toString = () => `reveal(${this.pick}, ${this.candidate})`;
}

class Import implements Cmd {
  constructor(
    readonly who: number[],
    readonly code: string,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const people = [...new Set(this.who.map((i) => r.people[i % r.people.length]!))];
    const bytes = csv(people.map((cpr) => row({ 'CPR-nr': formatCpr(cpr), Ydelseskode: this.code })));
    const name = `jobcenter-${++m.imports}.csv.age`;
    const path = await encryptedFile(r.dir, name, bytes, r.recipient);
    const real = await call(r.engine, 'import.file', { path, acceptRejected: true });
    const expected = await r.oracle.import(name, bytes);
    expect(real.status).toBe(expected.status);
    m.record('import.file', expected.stored);
  }
  toString = () => `import(${this.who.length} people, ${this.code})`;
}

class LockAndLogin implements Cmd {
  check = () => true;
  async run(_m: Model, r: Real) {
    await call(r.engine, 'session.lock', {});
    await call(r.engine, 'session.login', SCREENER);
  }
  toString = () => 'lock+login';
}

const commands = [
  fc.tuple(fc.nat(PRESETS_USED.length - 1), fc.integer({ min: 1, max: 40 })).map(([p, l]) => new Evaluate(p, l)),
  fc.nat(PRESETS_USED.length - 1).map((p) => new Preview(p)),
  fc.nat(PRESETS_USED.length - 1).map((p) => new SaveRun(p)),
  fc.nat(20).map((p) => new ShowRun(p)),
  fc.tuple(fc.nat(20), fc.nat(20)).map(([a, b]) => new Compare(a, b)),
  fc.tuple(fc.nat(20), fc.nat(200)).map(([p, c]) => new Reveal(p, c)),
  fc.tuple(fc.array(fc.nat(5000), { minLength: 1, maxLength: 4 }), fc.constantFrom('LAB_MENTOR', 'LAB_PRAKTIK')).map(([w, c]) => new Import(w, c)),
  fc.constant(new LockAndLogin()),
];

async function setUp(): Promise<{ model: Model; real: Real }> {
  const dir = await tempDir();
  const engine = createEngine(await testDeps(dir, { now: () => NOW }));
  await call(engine, 'workspace.createDemo', {});
  const model = new Model();
  const oracle = await Oracle.create();
  for (const f of generateMunicipality('small', DEMO_SEED, NOW).files) {
    const out = await oracle.import(f.name, f.bytes);
    model.record('import.file', out.stored);
  }
  await call(engine, 'session.login', { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' });
  const { recipient } = await call(engine, 'unit.recipient', {});
  await call(engine, 'session.login', SCREENER);
  const people = all(oracle.db, 'SELECT cpr FROM person ORDER BY cpr').map((p) => String(p.cpr));
  return { model, real: { engine, dir, recipient, oracle, people } };
}

describe('a citizen’s log request (model-based)', () => {
  it('finds exactly the calls that stored or disclosed each citizen’s data, and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 12 }), fc.nat(), async (cmds, sampleSeed) => {
        const { model, real } = await setUp();
        await fc.asyncModelRun(() => ({ model, real }), cmds);

        // The DPO asks, for a sample of citizens: those the model names and some it never does.
        await call(real.engine, 'session.login', DPO);
        const named = [...model.actions.keys()].sort();
        const sample = new Set<string>();
        for (let i = 0; i < 12; i++) sample.add(named[(sampleSeed + i * 7919) % named.length]!);
        // And, for every kind of call the sequence made, a few of the citizens it concerned.
        const byAction = new Map<string, string[]>();
        for (const [cpr, actions] of model.actions) for (const a of new Set(actions)) byAction.set(a, [...(byAction.get(a) ?? []), cpr]);
        for (const cprs of byAction.values()) for (let i = 0; i < 3; i++) sample.add(cprs[(sampleSeed + i * 104729) % cprs.length]!);
        sample.add('0101001234'); // nobody's data
        for (const cpr of sample) {
          const expected = model.actions.get(cpr) ?? [];
          const query = Number(cpr.slice(-1)) % 2 ? formatCpr(cpr) : cpr; // with and without the hyphen
          const found = await call(real.engine, 'audit.list', { subject: query, limit: 5000 });
          expect(found.entries.map((e) => e.action).reverse(), `${cpr} ${cmds.toString()}`).toEqual(expected);
        }
        await real.engine.dispose();
      }),
      { numRuns: 10 },
    );
  }, 300_000);

  it('the per-citizen export lists the same calls, verifies on its own, and names no one else', async () => {
    const { model, real } = await setUp();
    await new SaveRun(0).run(model, real);
    await new ShowRun(0).run(model, real);
    await new Reveal(0, 1).run(model, real);
    await call(real.engine, 'session.login', DPO);
    const cpr = model.runs[0]!.list[1]!.members[0]!;
    const { identity, recipient } = await newIdentity();
    const out = await call(real.engine, 'audit.export', { subject: formatCpr(cpr), recipient });
    const text = new TextDecoder().decode(await decryptWith({ identities: [identity] }, Buffer.from(out.base64, 'base64')));
    const { parseKeyFile } = await import('../../electron/engine/base/audit-log/log-key');
    const key = parseKeyFile((await call(real.engine, 'audit.integrity', {})).key!.fileText)!;
    expect(verifyExport(text, { trusted: [key] })).toMatchObject({ ok: true });
    const entries = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; action?: string; cprs?: string[] })
      .filter((l) => l.type === 'entry');
    expect(entries.map((e) => e.action)).toEqual(model.actions.get(cpr));
    // Other people on the same list are not in a citizen's export.
    const others = new Set(members(model.runs[0]!.list).filter((c) => c !== cpr));
    expect([...others].some((o) => text.includes(o) || text.includes(formatCpr(o)))).toBe(false);
    await real.engine.dispose();
  }, 60_000);

  it('altering, adding or removing one citizen of an entry fails verification at that entry', async () => {
    const { model, real } = await setUp();
    await new SaveRun(0).run(model, real);
    await real.engine.dispose(); // saved, with the run's entry and its subject rows
    const deps = await testDeps(real.dir, { now: () => NOW });
    const tamper = async (sql: string) => {
      const ws = await openWorkspace(deps, SCREENER.username, SCREENER.passphrase);
      try {
        const seq = Number(all(ws.db, "SELECT seq FROM audit_log WHERE action = 'runs.create'")[0]!.seq);
        const victim = String(all(ws.db, 'SELECT cpr FROM audit_subject WHERE seq = ? LIMIT 1', [seq])[0]!.cpr);
        expect(ws.audit.verify()).toMatchObject({ ok: true });
        ws.db.exec('DROP TRIGGER audit_subject_no_update; DROP TRIGGER audit_subject_no_delete;');
        ws.db.run(sql, [seq, victim]);
        return { seq, report: ws.audit.verify() };
      } finally {
        closeWorkspace(ws);
      }
    };
    for (const sql of [
      "UPDATE audit_subject SET cpr = '0101001234' WHERE seq = ? AND cpr = ?",
      'DELETE FROM audit_subject WHERE seq = ? AND cpr = ?',
      "INSERT INTO audit_subject (seq, cpr) SELECT ?, '0101001234' WHERE ? IS NOT NULL",
    ]) {
      const { seq, report } = await tamper(sql);
      expect(report, sql).toMatchObject({ ok: false, position: seq });
    }
  }, 60_000);

  it('an entry that keeps its citizens as one list (an import) fails verification when the list is altered', async () => {
    const { real } = await setUp();
    await real.engine.dispose();
    const deps = await testDeps(real.dir, { now: () => NOW });
    const tamper = async (sql: string) => {
      const ws = await openWorkspace(deps, SCREENER.username, SCREENER.passphrase);
      try {
        // The demo's import names its 3,000 citizens in a list (log.ts LIST_FROM).
        const seq = Number(all(ws.db, "SELECT l.seq FROM audit_subject_list l JOIN audit_log a USING (seq) WHERE a.action = 'import.file'")[0]!.seq);
        expect(ws.audit.subjectsOf(seq).length).toBeGreaterThan(1000);
        expect(ws.audit.verify()).toMatchObject({ ok: true });
        ws.db.exec('DROP TRIGGER audit_subject_list_no_update; DROP TRIGGER audit_subject_list_no_delete;');
        ws.db.run(sql, [seq]);
        return { seq, report: ws.audit.verify() };
      } finally {
        closeWorkspace(ws);
      }
    };
    for (const sql of [
      'UPDATE audit_subject_list SET cprs = substr(cprs, 11) WHERE seq = ?', // the first citizen removed
      "UPDATE audit_subject_list SET cprs = CAST(cprs || '9912999999' AS BLOB) WHERE seq = ?", // one added
      "UPDATE audit_subject_list SET cprs = CAST(cprs || '9' AS BLOB) WHERE seq = ?", // a stray byte
      'DELETE FROM audit_subject_list WHERE seq = ?',
      "INSERT INTO audit_subject (seq, cpr) VALUES (?, '9912999999')", // a row beside the list
    ]) {
      const { seq, report } = await tamper(sql);
      expect(report, sql).toMatchObject({ ok: false, position: seq });
    }
  }, 60_000);
});
