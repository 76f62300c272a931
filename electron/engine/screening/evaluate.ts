/**
 * Evaluates criteria on a snapshot: the candidates, each with every rule's value and threshold,
 * and a funnel of how many remain after each rule in order. Deterministic: the same criteria on
 * the same snapshot give the same list, sorted by CPR number (persons) or family name.
 */
import type { Criteria, RuleResult, ServiceRef } from '../../../shared/criteria';
import { SECTORS } from '../../../shared/extract-format';
import { normaliseCode } from '../import/catalogue';
import type { Snapshot } from './snapshot';

export interface Candidate {
  key: string;
  members: string[];
  rules: RuleResult[];
}

export interface Evaluation {
  candidates: Candidate[];
  /** Units considered (with at least one counted service), then those left after each rule. */
  funnel: { rule: string; remaining: number }[];
  /** Candidates per sector they receive services from. */
  perSector: Record<string, number>;
  /** Candidates per combination of sectors ("boern+jobcenter"). */
  combinations: Record<string, number>;
}

const normPara = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/** The catalogue ids a reference matches: its code, or a paragraph equal to the old or new numbering. */
export function resolveRefs(snap: Snapshot, refs: readonly ServiceRef[]): Set<number>[] {
  return refs.map((ref) => {
    const ids = new Set<number>();
    for (const [id, c] of snap.catalogue) {
      if ('code' in ref ? normaliseCode(c.code) === normaliseCode(ref.code) : c.paragraphs.some((p) => normPara(p) === normPara(ref.paragraph))) ids.add(id);
    }
    return ids;
  });
}

interface Metrics {
  services: number;
  sectors: number; // bit mask
  departments: number;
  caseworkers: number;
  cost: number;
  recentStart: number; // days since the most recent start of a watched service, or -1
  endingIn: number; // days to the nearest end of a counted service, or -1
  childWithService: boolean;
  adultWithService: boolean;
  ageInBand: boolean;
  ages: number[];
}

export function evaluate(snap: Snapshot, c: Criteria, opts: { explain?: boolean } = {}): Evaluation {
  const explain = opts.explain ?? true;
  // Each allOf element (a service, or a group of which one is enough) as the catalogue ids it accepts.
  const allOf = c.allOf.map((el) => resolveRefs(snap, Array.isArray(el) ? el : [el]).reduce((u, s) => new Set([...u, ...s]), new Set<number>()));
  const anyOf = resolveRefs(snap, c.anyOf).reduce((u, s) => new Set([...u, ...s]), new Set<number>());
  const noneOf = resolveRefs(snap, c.noneOf).reduce((u, s) => new Set([...u, ...s]), new Set<number>());
  const watched = c.excludeRecentStart ? resolveRefs(snap, c.excludeRecentStart.services).reduce((u, s) => new Set([...u, ...s]), new Set<number>()) : new Set<number>();

  // Stamp arrays count distinct departments, caseworkers and codes without a Set per unit:
  // stamp[i] === u means unit u has i already.
  const deptStamp = new Int32Array(snap.departmentCount).fill(-1);
  const cwStamp = new Int32Array(snap.caseworkerCount).fill(-1);
  const codeStamp = new Int32Array(snap.codeLimit).fill(-1);

  const units: { key: string; members: number[] }[] =
    c.unit === 'person'
      ? Array.from({ length: snap.cpr.length }, (_, p) => ({ key: snap.cpr[p]!, members: [p] }))
      : [...snap.families].map(([key, members]) => ({ key, members }));

  const rulesInOrder: string[] = [];
  const active = {
    services: c.minServices > 0,
    sectors: c.minSectors > 0,
    departments: c.minDepartments > 0,
    caseworkers: c.minCaseworkers > 0,
    allOf: allOf.length > 0,
    anyOf: c.anyOf.length > 0,
    noneOf: c.noneOf.length > 0,
    age: c.age !== undefined && (c.age.min !== undefined || c.age.max !== undefined),
    cost: c.minYearlyCost !== undefined,
    childAndAdult: c.unit === 'family' && c.requireChildAndAdult,
    recentStart: c.excludeRecentStart !== undefined,
    ending: c.excludeEndingWithin !== undefined,
  };
  for (const [k, on] of Object.entries(active)) if (on) rulesInOrder.push(k);
  const funnel = new Map<string, number>([['considered', 0], ...rulesInOrder.map((r) => [r, 0] as [string, number])]);
  const candidates: Candidate[] = [];
  const perSector: Record<string, number> = {};
  const combinations: Record<string, number> = {};
  const ageMin = c.age?.min ?? 0;
  const ageMax = c.age?.max ?? 255;

  units.forEach((unit, u) => {
    const m: Metrics = { services: 0, sectors: 0, departments: 0, caseworkers: 0, cost: 0, recentStart: -1, endingIn: -1, childWithService: false, adultWithService: false, ageInBand: false, ages: [] };
    for (const p of unit.members) {
      let counted = 0;
      for (let s = snap.start[p]!; s < snap.start[p + 1]!; s++) {
        const code = snap.code[s]!;
        codeStamp[code] = u;
        if (watched.has(code)) {
          const since = snap.today - snap.startDay[s]!;
          if (since >= 0 && (m.recentStart < 0 || since < m.recentStart)) m.recentStart = since;
        }
        if (!c.countUniversal && snap.universal[s]) continue;
        counted++;
        m.services++;
        m.sectors |= 1 << snap.sector[s]!;
        const d = snap.department[s]!;
        if (deptStamp[d] !== u) {
          deptStamp[d] = u;
          m.departments++;
        }
        const w = snap.caseworker[s]!;
        if (cwStamp[w] !== u) {
          cwStamp[w] = u;
          m.caseworkers++;
        }
        m.cost += snap.cost[s]!;
        const end = snap.endDay[s]!;
        if (end >= 0) {
          const until = end - snap.today;
          if (until >= 0 && (m.endingIn < 0 || until < m.endingIn)) m.endingIn = until;
        }
      }
      if (counted > 0) {
        const age = snap.age[p]!;
        m.ages.push(age);
        if (age < 18) m.childWithService = true;
        else m.adultWithService = true;
        if (age >= ageMin && age <= ageMax) m.ageInBand = true;
      }
    }
    if (m.services === 0) return; // only units that receive a counted service are screened
    funnel.set('considered', funnel.get('considered')! + 1);

    const results: RuleResult[] = [];
    const check = (rule: string, value: number | string, threshold: number | string, passed: boolean) => {
      if (explain) results.push({ rule, value, threshold, passed });
      return passed;
    };
    const sectorCount = popcount(m.sectors);
    const has = (id: number) => codeStamp[id] === u;
    const tests: Record<string, () => boolean> = {
      services: () => check('minServices', m.services, c.minServices, m.services >= c.minServices),
      sectors: () => check('minSectors', sectorCount, c.minSectors, sectorCount >= c.minSectors),
      departments: () => check('minDepartments', m.departments, c.minDepartments, m.departments >= c.minDepartments),
      caseworkers: () => check('minCaseworkers', m.caseworkers, c.minCaseworkers, m.caseworkers >= c.minCaseworkers),
      allOf: () => {
        const found = allOf.filter((ids) => [...ids].some(has)).length;
        return check('allOf', found, allOf.length, found === allOf.length);
      },
      anyOf: () => {
        const found = [...anyOf].filter(has).length;
        return check('anyOf', found, 1, found >= 1);
      },
      noneOf: () => {
        const found = [...noneOf].filter(has).length;
        return check('noneOf', found, 0, found === 0);
      },
      age: () => check('age', c.unit === 'person' ? (m.ages[0] ?? -1) : m.ages.join(','), `${ageMin}–${ageMax}`, m.ageInBand),
      cost: () => check('minYearlyCost', Math.round(m.cost), c.minYearlyCost!, m.cost >= c.minYearlyCost!),
      childAndAdult: () => check('requireChildAndAdult', `${m.childWithService ? 'barn' : '-'}+${m.adultWithService ? 'voksen' : '-'}`, 'barn+voksen', m.childWithService && m.adultWithService),
      recentStart: () => {
        const n = c.excludeRecentStart!.days;
        return check('excludeRecentStart', m.recentStart, n, !(m.recentStart >= 0 && m.recentStart <= n));
      },
      ending: () => {
        const n = c.excludeEndingWithin!.days;
        return check('excludeEndingWithin', m.endingIn, n, !(m.endingIn >= 0 && m.endingIn <= n));
      },
    };
    let alive = true;
    for (const rule of rulesInOrder) {
      const ok = tests[rule]!();
      if (ok && alive) funnel.set(rule, funnel.get(rule)! + 1);
      if (!ok) {
        alive = false;
        break; // a unit that fails is not listed, so its remaining rules need no explanation
      }
    }
    if (!alive) return;
    const sectorNames = SECTORS.filter((_, i) => m.sectors & (1 << i));
    for (const s of sectorNames) perSector[s] = (perSector[s] ?? 0) + 1;
    const combo = sectorNames.join('+');
    combinations[combo] = (combinations[combo] ?? 0) + 1;
    candidates.push({ key: unit.key, members: unit.members.map((p) => snap.cpr[p]!).sort(), rules: results });
  });
  candidates.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { candidates, funnel: [...funnel].map(([rule, remaining]) => ({ rule, remaining })), perSector, combinations };
}

function popcount(x: number): number {
  let n = 0;
  while (x) {
    n += x & 1;
    x >>>= 1;
  }
  return n;
}
