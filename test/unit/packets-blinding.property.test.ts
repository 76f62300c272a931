/**
 * The blinding of sector packets as a property: for random small municipalities (hand-built
 * extracts in which every sector has its own canary values: departments, service names, goals,
 * caseworkers with their phone numbers, e-mails and units, yearly amounts, and citizens only it
 * serves), random criteria, random include/exclude decisions approved by a second user, and
 * packets locked with sector keys or one-time passphrases, per sector or per caseworker, every
 * packet
 *  - opens with Debian's age CLI and that sector's key or passphrase, and with no other sector's;
 *  - holds, in the PDF's text (pdftotext) and metadata (pdfinfo), in every cell of every sheet of
 *    the spreadsheet (hidden ones and drop-down lists included, and its raw XML), in the names of
 *    the files in the zip and in the packet's own file name, no value that belongs only to
 *    another sector;
 *  - lists exactly the included citizens that sector serves;
 *  - has a fresh file key: no two packets (in a round or across rounds) share a header stanza.
 * The runs are few (each builds a whole workspace); the seed is printed on failure, and
 * FC_SEED=<seed> reproduces a run.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { all } from '../../electron/engine/base/database';
import { newIdentity } from '../../electron/engine/base/crypto/age';
import { closeWorkspace, openWorkspace } from '../../electron/engine/base/workspace/store';
import { bundledCatalogue } from '../../electron/engine/catalogue/catalogue';
import { Random } from '../../electron/engine/demo/random';
import type { Engine } from '../../electron/engine/engine';
import { normaliseCpr } from '../../shared/cpr';
import { SECTOR_NAMES, SECTORS, type Sector } from '../../shared/extract-format';
import { call, DEMO, demoWorkspace, testDeps } from '../support/engine';
import { csv, encryptedFile, row } from '../support/extracts';
import { openWithCli, readBytes, unpack } from '../support/packets';
import { decideAll, login } from '../support/rounds';

const run = promisify(execFile);

/** Words that occur nowhere else, six per sector, for that sector's canary values. */
const WORDS: Record<Sector, string[]> = {
  jobcenter: ['Abildgaard', 'Bregnhøj', 'Cederfeld', 'Dybkjær', 'Egholm', 'Fjeldsø'],
  ydelse: ['Gyldenstjerne', 'Hvidkilde', 'Ibsgaard', 'Jernved', 'Kløvermark', 'Lindholt'],
  voksen: ['Mosbæk', 'Nørrelund', 'Overgaard', 'Pilekær', 'Quistorp', 'Rævehøj'],
  boern: ['Skovsbøl', 'Tranekær', 'Ulvsborg', 'Vibeholm', 'Wedellsborg', 'Ydergaard'],
  aeldre_sundhed: ['Zealandia', 'Ærøskov', 'Ørnebjerg', 'Ålykke', 'Bøgeskov', 'Damsholte'],
  skole_dagtilbud: ['Eskildstrup', 'Frijsenborg', 'Gammelkjær', 'Højriis', 'Iselinge', 'Juelsberg'],
};
const PEOPLE_WORDS = ['Agerskov', 'Birkelse', 'Dalsgaard', 'Engelsholm', 'Fuglsang', 'Gisselfeld', 'Hesselagergaard', 'Krenkerup', 'Lerchenborg', 'Nakkebølle', 'Rosenfeldt', 'Sanderumgaard', 'Tølløse', 'Vedbygaard'];

/** Services a sector may send: its own, counted (not universal), not dropped on import. */
const CODES = new Map(SECTORS.map((s) => [s, bundledCatalogue().filter((c) => c.sector === s && !c.excluded && !c.universal)]));

interface Municipality {
  /** The sectors serving each citizen (the first SECTORS.length citizens are each served by one sector only). */
  people: Sector[][];
  caseworkers: number;
  minSectors: number;
  exclude: boolean[];
  passphrase: boolean;
  split: 'sector' | 'caseworker';
  seed: number;
}

interface Person {
  cpr: string;
  name: string;
  sectors: Sector[];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dkAmount = (kr: number, ore: number) => `${String(kr).replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${pad(ore)}`;

/**
 * The extracts of a municipality, one per sector, and every value each sector's rows hold (the
 * forms a document might print them in), to tell what belongs only to other sectors.
 */
function build(m: Municipality) {
  const rnd = new Random(m.seed);
  const salt = rnd.int(100, 999);
  const persons: Person[] = m.people.map((sectors, i) => {
    const dd = 61 + i; // fictitious: day + 60
    const cpr = `${dd}${pad(rnd.int(1, 12))}${pad(rnd.int(60, 99))}${rnd.int(0, 3)}${pad(rnd.int(0, 99))}${rnd.int(0, 9)}`;
    return { cpr, name: `Borger ${PEOPLE_WORDS[i]!} Kanariesen`, sectors: [...new Set(sectors)] };
  });
  const values = new Map<Sector, Set<string>>(SECTORS.map((s) => [s, new Set()]));
  const rows = new Map<Sector, string[][]>(SECTORS.map((s) => [s, []]));
  SECTORS.forEach((sector, k) => {
    const words = WORDS[sector];
    const add = (...vs: string[]) => vs.forEach((v) => values.get(sector)!.add(v));
    const caseworkers = Array.from({ length: m.caseworkers }, (_, c) => {
      const w = words[c]!;
      const phone = [`${k + 2}${c}`, pad(rnd.int(10, 99)), pad(rnd.int(10, 99)), pad(rnd.int(10, 99))];
      const cw = { name: `Sagsbehandler ${w}`, phone: phone.join(' '), email: `${w.toLowerCase().replace(/[^a-z]/g, 'x')}.${salt}@${sector.replace(/_/g, '-')}.kanarie.example`, unit: `Team ${words[c + 3]!} ${salt}` };
      add(cw.name, cw.phone, phone.join(''), cw.email, cw.unit);
      return cw;
    });
    const departments = [`Afdeling ${words[4]!} ${salt}`, `Afdeling ${words[5]!} ${salt}`];
    add(...departments);
    for (const p of persons.filter((x) => x.sectors.includes(sector))) {
      add(p.name, p.cpr, `${p.cpr.slice(0, 6)}-${p.cpr.slice(6)}`);
      const cw = caseworkers[rnd.int(0, caseworkers.length - 1)]!;
      for (let n = rnd.int(1, 2); n > 0; n--) {
        const code = rnd.pick(CODES.get(sector)!);
        const serviceName = `Kanarieydelse ${words[rnd.int(0, 5)]!} ${code.code}`;
        const goal = `Kanariemål ${words[rnd.int(0, 5)]!} ${salt}-${k}`;
        const kr = (k + 1) * 100_000 + rnd.int(1000, 99_999);
        const ore = rnd.int(1, 99);
        const department = departments[rnd.int(0, 1)]!;
        add(code.code, serviceName, goal, dkAmount(kr, ore), `${kr}.${pad(ore)}`, `${kr},${pad(ore)}`, department);
        rows.get(sector)!.push(
          row({
            'CPR-nr': `${p.cpr.slice(0, 6)}-${p.cpr.slice(6)}`,
            Navn: p.name,
            Sektor: SECTOR_NAMES[sector].da,
            Afdeling: department,
            Ydelseskode: code.code,
            Ydelse: serviceName,
            Paragraf: code.paragraphNew,
            Startdato: `${pad(rnd.int(1, 28))}-${pad(rnd.int(1, 12))}-2025`,
            Mål: goal,
            Sagsbehandler: cw.name,
            Telefon: cw.phone,
            'E-mail': cw.email,
            Enhed: cw.unit,
            'Årlig udgift': dkAmount(kr, ore),
          }),
        );
      }
    }
  });
  /** Values of other sectors that this one does not hold itself (short ones would match by chance). */
  const onlyOthers = (sector: Sector) => {
    const mine = values.get(sector)!;
    return [...new Set(SECTORS.filter((s) => s !== sector).flatMap((s) => [...values.get(s)!]))].filter((v) => !mine.has(v) && v.length >= 4);
  };
  return { persons, rows, values, onlyOthers };
}

const municipality: fc.Arbitrary<Municipality> = fc
  .record({
    extra: fc.array(fc.subarray([...SECTORS], { minLength: 1 }), { minLength: 2, maxLength: 7 }),
    caseworkers: fc.integer({ min: 1, max: 3 }),
    minSectors: fc.integer({ min: 1, max: 3 }),
    exclude: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
    passphrase: fc.boolean(),
    split: fc.constantFrom('sector' as const, 'caseworker' as const),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
  })
  // Every sector has a citizen of its own, so every extract has rows and every sector has values only it holds.
  .map(({ extra, ...m }) => ({ ...m, people: [...SECTORS.map((s) => [s]), ...extra] }));

/** A whole word or code in the text (so "Afdeling Egholm 1" is not found inside "Afdeling Egholm 12"). */
const holds = (text: string, value: string) => new RegExp(`(?<![\\p{L}\\p{N}_])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'iu').test(text);
const oneLine = (t: string) => t.replace(/\s+/g, ' ');
const xmlText = (t: string) =>
  t
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Every text the spreadsheet holds, read with ExcelJS: each sheet's name and cells (hidden sheets too), drop-down lists, defined names, properties. */
async function sheetTexts(xlsx: Uint8Array): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer);
  const texts: string[] = [wb.creator ?? '', wb.lastModifiedBy ?? '', wb.title ?? '', wb.subject ?? '', wb.keywords ?? '', wb.description ?? '', wb.company ?? '', wb.manager ?? '', wb.category ?? ''];
  texts.push(JSON.stringify(wb.definedNames.model));
  for (const ws of wb.worksheets) {
    texts.push(ws.name, ws.state);
    ws.eachRow({ includeEmpty: true }, (r) =>
      r.eachCell({ includeEmpty: true }, (c) => {
        texts.push(c.text, JSON.stringify(c.value ?? ''));
        if (c.dataValidation) texts.push(JSON.stringify(c.dataValidation));
        if (c.note) texts.push(JSON.stringify(c.note));
      }),
    );
    texts.push(JSON.stringify((ws as unknown as { dataValidations?: { model?: unknown } }).dataValidations?.model ?? {}));
    texts.push(JSON.stringify(ws.headerFooter ?? {}));
  }
  return texts;
}

/** Opens a passphrase packet with Debian's age CLI, which reads a passphrase only from a terminal (script gives it one); null when it does not fit. */
async function openWithPassphrase(path: string, passphrase: string, out: string): Promise<Uint8Array | null> {
  try {
    await run('sh', ['-c', `printf '%s\\n' "$PASS" | script -qec "age -d -o '${out}' '${path}'" /dev/null`], { env: { ...process.env, PASS: passphrase } });
    return await readBytes(out);
  } catch {
    return null;
  }
}

/** Runs `fns` at most two at a time (the machine has two cores; each scrypt takes a moment). */
async function twoAtATime<T>(fns: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(fns.length);
  let next = 0;
  const worker = async () => {
    while (next < fns.length) {
      const i = next++;
      results[i] = await fns[i]!();
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/** The CPR numbers on the round's included candidates, from the saved workspace (the round shows pseudonyms only). */
async function includedCprs(dir: string, roundId: number): Promise<{ included: Set<string>; listed: Set<string> }> {
  const ws = await openWorkspace(await testDeps(dir), DEMO.screener.username, DEMO.screener.passphrase);
  try {
    const listed = new Set<string>();
    const included = new Set<string>();
    for (const r of all(
      ws.db,
      `SELECT m.cpr, d.decision FROM round o JOIN run_candidate c ON c.run_id = o.run_id
       JOIN round_decision d ON d.round_id = o.id AND d.pseudonym = c.pseudonym
       JOIN run_candidate_member m ON m.run_id = c.run_id AND m.pos = c.pos WHERE o.id = ?`,
      [roundId],
    )) {
      listed.add(String(r.cpr));
      if (r.decision === 'include') included.add(String(r.cpr));
    }
    return { included, listed };
  } finally {
    closeWorkspace(ws);
  }
}

/** The demo workspace with the municipality's extracts in place of the demo's, a sector key each, and an approved round. */
async function approvedRoundOf(m: Municipality, world: ReturnType<typeof build>) {
  const { dir, engine } = await demoWorkspace();
  await login(engine, DEMO.admin);
  await call(engine, 'users.update', { username: DEMO.screener.username, roles: ['screener', 'supervisor'] });
  const { recipient } = await call(engine, 'unit.recipient', {});
  const keys = new Map<Sector, { identity: string; recipient: string; file: string }>();
  await mkdir(join(dir, 'keys'));
  for (const sector of SECTORS) {
    const id = await newIdentity();
    const file = join(dir, 'keys', `${sector}.txt`);
    await writeFile(file, `${id.identity}\n`, { mode: 0o600 });
    keys.set(sector, { ...id, file });
    await call(engine, 'recipients.register', { sector, recipient: id.recipient });
  }
  await login(engine, DEMO.dpo);
  const [grant] = await call(engine, 'users.grants', {});
  await call(engine, 'users.approveGrant', { id: grant!.id });
  await login(engine, DEMO.screener);
  const files = await Promise.all(SECTORS.map((s) => encryptedFile(dir, `${s}.csv.age`, csv(world.rows.get(s)!), recipient)));
  const imported = await call(engine, 'import.files', { files: files.map((path) => ({ path })) });
  expect(imported.status, JSON.stringify(imported.files.map((f) => [f.fileName, f.status, f.error]))).toBe('imported');
  const v = await call(engine, 'criteria.save', { name: 'Flere sektorer', criteria: { version: 1, minSectors: m.minSectors } });
  const runInfo = await call(engine, 'runs.create', { setId: v.setId, version: v.version });
  const created = await call(engine, 'rounds.create', { runId: runInfo.id });
  const round = await call(engine, 'rounds.get', { id: created.id });
  const pseudonyms = round.candidates.map((c) => c.pseudonym);
  let excluded = pseudonyms.filter((_, i) => m.exclude[i % m.exclude.length]);
  if (excluded.length === pseudonyms.length) excluded = excluded.slice(1); // at least one citizen goes on
  await decideAll(engine, round, excluded);
  await call(engine, 'rounds.submit', { id: round.id });
  await login(engine, DEMO.supervisor);
  await call(engine, 'rounds.approve', { id: round.id });
  await login(engine, DEMO.screener);
  const folder = join(dir, 'out');
  await mkdir(folder);
  return { dir, engine: engine as Engine, round, keys, folder };
}

/** Every header stanza seen so far, across rounds: a file key wrapped twice would show up here. */
const stanzas = new Set<string>();

async function check(m: Municipality): Promise<void> {
  const world = build(m);
  const { dir, engine, round, keys, folder } = await approvedRoundOf(m, world);
  const out = await call(engine, 'packets.export', { roundId: round.id, folder, split: m.split, passphrase: m.passphrase, contact: 'Udsøgningsenheden, tlf. 11 22 33 44' });
  expect((await readdir(folder)).sort()).toEqual(out.packets.map((p) => p.file).sort());

  // The list is what the criteria select from the model, and the packets go to exactly the sectors serving an included citizen.
  const { included, listed } = await includedCprs(dir, round.id);
  expect(listed).toEqual(new Set(world.persons.filter((p) => p.sectors.length >= m.minSectors).map((p) => p.cpr)));
  const served = (s: Sector) => new Set(world.persons.filter((p) => p.sectors.includes(s) && included.has(p.cpr)).map((p) => p.cpr));
  expect(new Set(out.packets.map((p) => p.sector))).toEqual(new Set(SECTORS.filter((s) => served(s).size > 0)));
  if (m.split === 'sector') expect(out.packets.length).toBe(new Set(out.packets.map((p) => p.sector)).size);

  const bySector = new Map<Sector, string[]>();
  let opened = 0;
  for (const p of out.packets) {
    const path = join(folder, p.file);
    const bytes = await readBytes(path);
    const header = new TextDecoder().decode(bytes.subarray(0, 400)).split('\n---')[0]!.split('\n');
    expect(header[0]).toBe('age-encryption.org/v1');
    // Fresh file keys: one stanza per packet, its line and wrapped key never seen before.
    const stanza = header.slice(1).join('\n');
    expect(header.filter((l) => l.startsWith('-> ')).length, `${p.file}: one stanza`).toBe(1);
    expect(stanzas.has(stanza), `${p.file} shares a header stanza`).toBe(false);
    stanzas.add(stanza);

    // Only this sector's key or passphrase opens it, with Debian's age CLI.
    let zip: Uint8Array | null;
    for (const other of SECTORS.filter((s) => s !== p.sector)) expect(openWithCli(path, keys.get(other)!.file), `${other}'s key opens ${p.sector}'s packet`).toBeNull();
    if (m.passphrase) {
      expect(p.passphrase).toBeTruthy();
      expect(header[1]).toMatch(/^-> scrypt /);
      expect(openWithCli(path, keys.get(p.sector)!.file), 'a passphrase packet opens with a key').toBeNull();
      // Each other sector's passphrase (of its first part: every scrypt attempt takes a second).
      const others = [...new Map(out.packets.filter((q) => q.sector !== p.sector).reverse().map((q) => [q.sector, q.passphrase!]))];
      const tries = await twoAtATime([p.passphrase!, ...others.map(([, pass]) => pass)].map((pass, i) => () => openWithPassphrase(path, pass, join(dir, `open-${opened}-${i}.zip`))));
      opened++;
      zip = tries[0]!;
      tries.slice(1).forEach((t, i) => expect(t, `${others[i]![0]}'s passphrase opens ${p.sector}'s packet`).toBeNull());
    } else {
      expect(p.passphrase).toBeNull();
      zip = openWithCli(path, keys.get(p.sector)!.file);
    }
    expect(zip, `${p.sector} opens its own packet`).not.toBeNull();

    const u = await unpack(zip!, dir);
    expect(u.names.sort()).toEqual(['laeseark.pdf', 'svarark.xlsx']);
    const pdfPath = join(dir, `plain-${opened}-${p.file}.pdf`);
    await writeFile(pdfPath, unzipSync(zip!)['laeseark.pdf']!);
    const rawText = execFileSync('pdftotext', ['-raw', pdfPath, '-'], { encoding: 'utf8' });
    const xmp = execFileSync('pdfinfo', ['-meta', pdfPath], { encoding: 'utf8' });
    const sheet = await sheetTexts(u.xlsx);

    // Exactly the included citizens this sector serves, in the sheet and in the PDF.
    const cprs = u.sheet.slice(1).map((r) => normaliseCpr(r[1]!.value)!);
    expect(cprs.length, 'each citizen once').toBe(new Set(cprs).size);
    const pdfCprs = new Set([...u.text.matchAll(/\b\d{6}-[0-9A-Z]{4}\b/g)].map((x) => normaliseCpr(x[0])));
    expect(pdfCprs).toEqual(new Set(cprs));
    expect(p.candidates).toBe(cprs.length);
    bySector.set(p.sector, [...(bySector.get(p.sector) ?? []), ...cprs]);

    // The extraction sees what the packet holds: this sector's own values are found (a leak would be too).
    const everything = oneLine([u.text, rawText, u.info, xmp, xmlText(u.xml), ...sheet, p.file, ...u.names].join('\n'));
    const mine = world.persons.filter((x) => cprs.includes(x.cpr));
    for (const x of mine) expect(holds(everything, x.name), `${x.name} in ${p.sector}'s packet`).toBe(true);

    // Canaries: nothing that belongs only to another sector, anywhere in the packet.
    const leaks = world.onlyOthers(p.sector).filter((v) => holds(everything, oneLine(v)));
    expect(leaks, `${p.sector}${p.part === null ? '' : ` part ${p.part}`}: values of other sectors`).toEqual([]);
    // And not even a word of them (a value a table wraps over two lines is still found by its words).
    const words = SECTORS.filter((s) => s !== p.sector).flatMap((s) => WORDS[s].filter((w) => holds(everything, w)));
    expect(words, `${p.sector}${p.part === null ? '' : ` part ${p.part}`}: words of other sectors`).toEqual([]);
  }
  for (const [sector, cprs] of bySector) {
    expect(cprs.length, `${sector}: each citizen in one part`).toBe(new Set(cprs).size);
    expect(new Set(cprs), `${sector}: its included citizens`).toEqual(served(sector));
  }
}

describe('blinded packets, for random rounds', () => {
  it('each packet opens only with its sector’s key or passphrase, holds only its sector’s included citizens and nothing only other sectors know, and has a fresh file key', async () => {
    const seed = Number(process.env.FC_SEED ?? 20261201);
    try {
      await fc.assert(fc.asyncProperty(municipality, check), { numRuns: 5, seed, endOnFailure: true });
    } catch (err) {
      // The seed to reproduce it with, and what failed (an expectation's message names the packet and the values).
      const cause = err instanceof Error && err.cause instanceof Error ? `\n${err.cause.message}` : '';
      throw new Error(`packet blinding failed; reproduce with FC_SEED=${seed}\n${String(err)}${cause}`, { cause: err });
    }
  }, 600_000);
});
