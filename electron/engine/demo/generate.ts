/**
 * The synthetic municipality: one CSV extract per source system plus the family-relations file,
 * deterministic from a seed. Everyone in it is fictitious: every CPR number has day + 60, which no
 * real person can have. Each source writes in its own dialect (separator, encoding, dates, header
 * names) as real systems do, and a sprinkling of rows must be dropped or rejected on import.
 */
import type { Sector } from '../../../shared/extract-format';
import { bundledCatalogue } from '../catalogue/catalogue';
import { toCsv } from '../base/files/csv';
import { FEMALE, MALE, SURNAMES } from './names';
import { Random } from './random';
import { BASE_COST, DEPARTMENTS, GOALS, SEGMENTS, type Segment } from './segments';

export const SCALES = { small: 3_000, city: 70_000, copenhagen: 250_000, stress: 375_000 } as const;
export type Scale = keyof typeof SCALES;

interface Person {
  cpr: string;
  name: string;
  birth: Date;
}

interface Row {
  person: Person;
  code: string;
  serviceName: string;
  paragraph: string;
  status: string;
  start: Date;
  end: Date | null;
  goal: string;
  department: string;
  caseworker: [string, string, string, string];
  cost: number | null;
}

export interface DemoFile {
  name: string;
  bytes: Uint8Array;
  sector: Sector | 'relations';
  rows: number;
}

export interface DemoMunicipality {
  files: DemoFile[];
  persons: number;
  serviceRows: number;
}

const DAY = 86_400_000;
const SECTOR_ORDER: Sector[] = ['jobcenter', 'ydelse', 'voksen', 'boern', 'aeldre_sundhed', 'skole_dagtilbud'];

function catalogue() {
  return new Map(bundledCatalogue().map((c) => [c.code, { name: c.nameDa, paragraph: c.paragraphNew, sector: c.sector, excluded: c.excluded }]));
}

export function generateMunicipality(scale: Scale, seed: number, today: Date): DemoMunicipality {
  const rnd = new Random(seed);
  const cat = catalogue();
  const target = SCALES[scale];
  const usedCpr = new Set<string>();
  const rows = new Map<Sector, Row[]>(SECTOR_ORDER.map((s) => [s, []]));
  const relations: [string, string, string][] = [];
  const workers = new Map<Sector, [string, string, string, string][]>();
  const workerOf = new Map<string, [string, string, string, string]>();
  let persons = 0;
  let householdNo = 0;

  const newPerson = (ageLo: number, ageHi: number, surname?: string): Person => {
    for (;;) {
      const age = rnd.int(ageLo, ageHi);
      const birth = new Date(Date.UTC(today.getUTCFullYear() - age, rnd.int(0, 11), rnd.int(1, 28)));
      // Born later in the year than today would be born in the future (a CPR number the importer
      // refuses): a year earlier, the age it was meant to have.
      if (birth > today) birth.setUTCFullYear(birth.getUTCFullYear() - 1);
      const female = rnd.chance(0.5);
      const y = birth.getUTCFullYear();
      const digit7 = y < 2000 ? rnd.int(0, 3) : rnd.pick([4, 5, 6, 7, 8, 9]);
      const serial = `${digit7}${rnd.int(0, 9)}${rnd.int(0, 9)}`;
      let last = rnd.int(0, 9);
      if ((last % 2 === 0) === !female) last = (last + 1) % 10;
      const dd = String(birth.getUTCDate() + 60);
      const cpr = `${dd}${String(birth.getUTCMonth() + 1).padStart(2, '0')}${String(y % 100).padStart(2, '0')}${serial}${last}`;
      if (usedCpr.has(cpr)) continue;
      usedCpr.add(cpr);
      const first = rnd.pick(female ? FEMALE : MALE);
      return { cpr, birth, name: `${first} ${surname ?? rnd.pick(SURNAMES)}` };
    }
  };

  /** A service's yearly cost: up to its typical cost for ordinary services; a heavy tail (to 2.5×) for the costliest measures. Calibrated so the top 1% hold ≈ 30% of service costs. */
  const yearlyCost = (code: string): number | null => {
    const base = BASE_COST[code];
    if (base === undefined) return null;
    return Math.round(base >= 300_000 ? Math.min(rnd.pareto(base * 0.6), base * 2.5) : base * (0.25 + rnd.next() * 0.75));
  };

  const caseworkerFor = (p: Person, sector: Sector) => {
    const key = `${p.cpr}|${sector}`;
    let w = workerOf.get(key);
    if (!w) {
      let pool = workers.get(sector);
      if (!pool) {
        pool = Array.from({ length: Math.max(4, Math.round(target / 120 / 6)) }, (_, i) => {
          const first = rnd.pick(rnd.chance(0.7) ? FEMALE : MALE);
          const last = rnd.pick(SURNAMES);
          const unit = rnd.pick(DEPARTMENTS[sector]!);
          return [`${first} ${last}`, `33 ${String(10 + (i % 90)).padStart(2, '0')} ${String(rnd.int(10, 99))} ${String(rnd.int(10, 99))}`, ascii(`${first}.${last}.${i}@demo-kommune.example`.toLowerCase()), unit];
        });
        workers.set(sector, pool);
      }
      w = rnd.pick(pool);
      workerOf.set(key, w);
    }
    return w;
  };

  /** One grant line; `share` is this line's part of the service's yearly cost. */
  const addService = (p: Person, code: string, grantNo = 0, forceRecent = false, yearly?: number | null, share = 1) => {
    const c = cat.get(code)!;
    const sector = c.sector;
    const start = new Date(today.getTime() - (forceRecent ? rnd.int(1, 60) : rnd.int(1, 1500) + grantNo * 3) * DAY);
    const end = rnd.chance(0.6) ? new Date(today.getTime() + rnd.int(7, 540) * DAY) : null;
    const cost = yearly === undefined ? yearlyCost(code) : yearly === null ? null : Math.round(yearly * share);
    const w = caseworkerFor(p, sector);
    rows.get(sector)!.push({
      person: p,
      code,
      serviceName: grantNo ? `${c.name} (bevilling ${grantNo + 1})` : c.name,
      paragraph: c.paragraph,
      status: 'Igangværende',
      start,
      end,
      goal: GOALS[code] ? rnd.pick(GOALS[code]!) : '',
      department: w[3],
      caseworker: w,
      cost,
    });
  };

  const giveServices = (p: Person, seg: Segment) => {
    let any = false;
    for (const [code, chance, grants] of seg.codes) {
      if (!rnd.chance(chance)) continue;
      // Interventions are often several grant lines in the source system (morning care, evening
      // care, practical help …); cash benefits and the daycare place are one line.
      const oneLine = /^(LAS_|SDP|FOP|DTL)/.test(code);
      const n = grants ? rnd.int(grants[0], grants[1] + 2) : oneLine ? 1 : rnd.int(1, 7);
      const yearly = yearlyCost(code);
      const recent = seg.id === 'child-placed' && rnd.chance(0.05);
      for (let g = 0; g < n; g++) addService(p, code, g, recent, yearly, 1 / n);
      any = true;
    }
    if (!any) addService(p, seg.codes[0]![0]);
    // The trial's own examples, made sure of:
    if (seg.id === 'young-benefit' && rnd.chance(0.12)) {
      addService(p, 'SEL85', 3);
      addService(p, 'LAB_MENTOR', 3);
    }
    if (seg.id === 'job-clarification' && rnd.chance(0.2)) {
      addService(p, 'SEL83', 5);
      addService(p, 'SUL140A', 2);
    }
  };

  const pickSegment = (pred: (s: Segment) => boolean) => {
    const segs = SEGMENTS.filter(pred);
    let x = rnd.next() * segs.reduce((s, g) => s + g.weight, 0);
    for (const s of segs) if ((x -= s.weight) < 0) return s;
    return segs[segs.length - 1]!;
  };

  while (persons < target) {
    const seg = pickSegment(() => true);
    const isChild = seg.age[1] <= 18;
    if (isChild && seg.family && rnd.chance(seg.family)) {
      // A family: one or two parents, one to three children; parents may receive services too.
      const surname = rnd.pick(SURNAMES);
      const household = `H${String(++householdNo).padStart(6, '0')}`;
      const parents = Array.from({ length: rnd.chance(0.6) ? 2 : 1 }, () => newPerson(24, 52, surname));
      const kids = Array.from({ length: rnd.int(1, 3) }, (_, i) => (i === 0 ? newPerson(seg.age[0], seg.age[1], surname) : newPerson(0, 17, surname)));
      giveServices(kids[0]!, seg);
      persons++;
      for (const k of kids.slice(1)) {
        if (rnd.chance(0.5)) {
          giveServices(k, pickSegment((s) => s.age[1] <= 18));
          persons++;
        }
      }
      for (const par of parents) {
        if (rnd.chance(seg.id === 'daycare' ? 0.15 : 0.55)) {
          giveServices(par, pickSegment((s) => ['cash', 'sick', 'adult-social', 'job-clarification', 'flex', 'resource'].includes(s.id)));
          persons++;
        }
        for (const k of kids) relations.push([par.cpr, k.cpr, household]);
      }
    } else {
      giveServices(newPerson(seg.age[0], seg.age[1]), seg);
      persons++;
    }
  }

  const noise = addNoise(rnd, rows, cat, today);
  const files = SECTOR_ORDER.map((s) => writeSector(s, rows.get(s)!, noise.get(s) ?? []));
  files.push({
    name: 'familierelationer.csv',
    sector: 'relations',
    rows: relations.length,
    bytes: new TextEncoder().encode(toCsv([['Forælder_CPR', 'Barn_CPR', 'Husstand'], ...relations], ';')),
  });
  return { files, persons, serviceRows: [...rows.values()].reduce((n, r) => n + r.length, 0) };
}

/** Rows that must not survive an import: excluded, not ongoing, or wrong. Returned as raw fields. */
function addNoise(rnd: Random, rows: Map<Sector, Row[]>, cat: ReturnType<typeof catalogue>, today: Date): Map<Sector, string[][]> {
  const out = new Map<Sector, string[][]>();
  const excludedBySector = new Map<Sector, string[]>();
  for (const [code, c] of cat) if (c.excluded) excludedBySector.set(c.sector, [...(excludedBySector.get(c.sector) ?? []), code]);
  for (const [sector, list] of rows) {
    if (!list.length) continue;
    const extra: string[][] = [];
    const n = Math.max(6, Math.round(list.length * 0.02));
    for (let i = 0; i < n; i++) {
      const base = { ...rnd.pick(list) };
      const kind = rnd.int(0, 9);
      if (kind <= 2 && excludedBySector.get(sector)) {
        const code = rnd.pick(excludedBySector.get(sector)!);
        Object.assign(base, { code, serviceName: cat.get(code)!.name, paragraph: cat.get(code)!.paragraph, goal: '' });
      } else if (kind === 3) base.status = 'Afsluttet';
      else if (kind === 4) base.status = rnd.pick(['Afslået', 'Afventer', 'Tidligere']);
      else if (kind === 5) base.end = new Date(today.getTime() - rnd.int(1, 200) * DAY);
      else if (kind === 6) base.code = 'UKENDT_KODE';
      else if (kind === 7) base.caseworker = ['', base.caseworker[1], base.caseworker[2], base.caseworker[3]];
      else if (kind === 8) base.person = { ...base.person, cpr: `3${base.person.cpr.slice(1, 2)}13${base.person.cpr.slice(4)}` }; // month 13
      else base.start = new Date(base.start.getTime() + rnd.int(1, 30) * DAY); // a genuine duplicate below
      extra.push(kind === 9 ? ['DUP'] : fields(base));
    }
    out.set(sector, extra);
  }
  return out;
}

const fields = (r: Row): string[] => [
  r.person.cpr,
  r.person.name,
  r.code,
  r.serviceName,
  r.paragraph,
  r.status,
  iso(r.start),
  r.end ? iso(r.end) : '',
  r.goal,
  r.department,
  ...r.caseworker,
  r.cost === null ? '' : String(r.cost),
];
const iso = (d: Date) => d.toISOString().slice(0, 10);
const ascii = (s: string) => s.replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa');

/** Each source system writes its own dialect. */
const DIALECTS: Record<Sector, { sep: ';' | ','; encoding: 'utf-8' | 'utf-8-bom' | 'latin1'; date: 'iso' | 'dmy-' | 'dmy.'; headers: 'da' | 'en'; hyphen: boolean; extra?: [string, string] }> = {
  jobcenter: { sep: ';', encoding: 'utf-8-bom', date: 'dmy-', headers: 'da', hyphen: true },
  ydelse: { sep: ',', encoding: 'utf-8', date: 'iso', headers: 'en', hyphen: false },
  voksen: { sep: ';', encoding: 'latin1', date: 'dmy.', headers: 'da', hyphen: true, extra: ['Journalnotat', 'Se fagsystemets journal'] },
  boern: { sep: ';', encoding: 'utf-8', date: 'iso', headers: 'da', hyphen: false, extra: ['Adresse', 'Fiktivvej 1'] },
  aeldre_sundhed: { sep: ';', encoding: 'utf-8-bom', date: 'dmy-', headers: 'da', hyphen: true },
  skole_dagtilbud: { sep: ',', encoding: 'utf-8', date: 'dmy.', headers: 'da', hyphen: false },
};

const SECTOR_LABEL: Record<Sector, string> = {
  jobcenter: 'Jobcenter', ydelse: 'Ydelse', voksen: 'Voksen social', boern: 'Børn og familie', aeldre_sundhed: 'Ældre og sundhed', skole_dagtilbud: 'Skole og dagtilbud',
};

function writeSector(sector: Sector, list: Row[], noise: string[][]): DemoFile {
  const d = DIALECTS[sector];
  const header =
    d.headers === 'da'
      ? ['CPR-nr', 'Navn', 'Sektor', 'Afdeling', 'Ydelseskode', 'Ydelse', 'Paragraf', 'Status', 'Startdato', 'Slutdato', 'Mål', 'Sagsbehandler', 'Telefon', 'E-mail', 'Enhed', 'Årlig udgift']
      : ['cpr', 'name', 'sector', 'department', 'service_code', 'service_name', 'legal_basis', 'status', 'start_date', 'end_date', 'goal', 'caseworker_name', 'caseworker_phone', 'caseworker_email', 'caseworker_unit', 'yearly_cost'];
  const date = (s: string) => (!s ? '' : d.date === 'iso' ? s : `${s.slice(8, 10)}${d.date === 'dmy-' ? '-' : '.'}${s.slice(5, 7)}${d.date === 'dmy-' ? '-' : '.'}${s.slice(0, 4)}`);
  const cost = (s: string) => (s && d.sep === ';' ? `${Number(s).toLocaleString('da-DK')},00` : s);
  const line = (f: string[]) => {
    const [cpr, name, code, serviceName, paragraph, status, start, end, goal, department, cwName, cwPhone, cwMail, cwUnit, c] = f as [string, ...string[]];
    const out = [d.hyphen ? `${cpr.slice(0, 6)}-${cpr.slice(6)}` : cpr, name!, SECTOR_LABEL[sector], department!, code!, serviceName!, paragraph!, status!, date(start!), date(end!), goal!, cwName!, cwPhone!, cwMail!, cwUnit!, cost(c!)];
    return d.extra ? [...out, d.extra[1]] : out;
  };
  const body = list.map((r) => line(fields(r)));
  for (const n of noise) body.push(n[0] === 'DUP' ? body[0]! : line(n));
  const text = toCsv([d.extra ? [...header, d.extra[0]] : header, ...body], d.sep);
  const bytes =
    d.encoding === 'latin1'
      ? new Uint8Array(Buffer.from(text, 'latin1'))
      : d.encoding === 'utf-8-bom'
        ? new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))
        : new TextEncoder().encode(text);
  return { name: `${sector}.csv`, bytes, sector, rows: body.length };
}
