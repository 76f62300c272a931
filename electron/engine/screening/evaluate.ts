/**
 * Evaluates criteria on a snapshot: the candidates, each with every rule's value and threshold,
 * and a funnel of how many remain after each rule in order. Deterministic: the same criteria on
 * the same snapshot give the same list, sorted by CPR number (persons) or family name.
 *
 * Built for a live preview at 250,000 persons: the criteria are compiled once into per-code flag
 * arrays, one pass over the typed arrays fills a reused set of counters per unit, and objects are
 * made only for candidates (and only when explanations are asked for).
 */
import { FUNNEL_RULES, type Criteria, type FunnelRule, type RuleResult, type ServiceRef } from '../../../shared/criteria';
import { SECTORS } from '../../../shared/extract-format';
import { resolveRef } from '../../../shared/codes';
import type { Snapshot } from './snapshot';

/**
 * A candidate inside the engine: the unit's key (a CPR number, or a family name built from one)
 * and its members' CPR numbers never leave the engine; what the screen sees is made from this by
 * the candidates domain, behind pseudonyms.
 */
export interface Candidate {
  key: string;
  /** Members' CPR numbers, sorted, with their ages on the reference date. */
  members: string[];
  ages: number[];
  /** Sectors the unit receives counted services from, and the unit's counts. */
  sectors: string[];
  counts: { services: number; sectors: number; departments: number; caseworkers: number };
  rules: RuleResult[];
}

export interface Evaluation {
  /** How many units the criteria find; `candidates` lists them unless only counts were asked for. */
  count: number;
  candidates: Candidate[];
  /** Units considered (with at least one counted service), then those left after each rule. */
  funnel: { rule: string; remaining: number }[];
  /** Candidates per sector they receive services from. */
  perSector: Record<string, number>;
  /** Candidates per combination of sectors ("boern+jobcenter"). */
  combinations: Record<string, number>;
}

const RULE_ORDER = Object.keys(FUNNEL_RULES) as FunnelRule[];
type Rule = FunnelRule;

/** The catalogue ids each reference names (shared/codes.ts decides what a reference matches). */
export function resolveRefs(snap: Snapshot, refs: readonly ServiceRef[]): Set<number>[] {
  const byCode = new Map([...snap.catalogue].map(([id, c]) => [c.code, id]));
  const entries = [...snap.catalogue.values()];
  return refs.map((ref) => new Set(resolveRef(entries, ref).map((code) => byCode.get(code)!)));
}

const ANY = 1;
const NONE = 2;
const WATCHED = 4;

/** The criteria as arrays indexed by catalogue id, so the scan asks one array per service. */
function compile(snap: Snapshot, c: Criteria) {
  const flags = new Uint8Array(snap.codeLimit);
  const allOfBits = new Int32Array(snap.codeLimit); // bit i: this code satisfies allOf element i
  const mark = (refs: readonly ServiceRef[], bit: number) => {
    for (const ids of resolveRefs(snap, refs)) for (const id of ids) flags[id]! |= bit;
  };
  mark(c.anyOf, ANY);
  mark(c.noneOf, NONE);
  if (c.excludeRecentStart) mark(c.excludeRecentStart.services, WATCHED);
  c.allOf.forEach((el, i) => {
    for (const ids of resolveRefs(snap, Array.isArray(el) ? el : [el])) for (const id of ids) allOfBits[id]! |= 1 << i;
  });
  const active: Record<Rule, boolean> = {
    services: c.minServices > 0,
    sectors: c.minSectors > 0,
    departments: c.minDepartments > 0,
    caseworkers: c.minCaseworkers > 0,
    allOf: c.allOf.length > 0,
    anyOf: c.anyOf.length > 0,
    noneOf: c.noneOf.length > 0,
    age: c.age !== undefined && (c.age.min !== undefined || c.age.max !== undefined),
    cost: c.minYearlyCost !== undefined,
    childAndAdult: c.unit === 'family' && c.requireChildAndAdult,
    recentStart: c.excludeRecentStart !== undefined,
    ending: c.excludeEndingWithin !== undefined,
  };
  return {
    flags,
    allOfBits,
    allOfFull: c.allOf.length ? (2 ** c.allOf.length - 1) | 0 : 0,
    rules: RULE_ORDER.filter((r) => active[r]),
    ageMin: c.age?.min ?? 0,
    ageMax: c.age?.max ?? 255,
  };
}

/** What one scan of a unit's services found; one instance is reused for every unit. */
class Metrics {
  services = 0;
  sectors = 0; // bit mask
  departments = 0;
  caseworkers = 0;
  cost = 0;
  allOfMask = 0;
  anyFound = 0; // distinct anyOf codes received
  noneFound = 0; // distinct noneOf codes received
  recentStart = -1; // days since the most recent start of a watched service, or -1
  endingIn = -1; // days to the nearest end of a counted service, or -1
  child = false; // a member under 18 with a counted service
  adult = false;
  ageInBand = false;
  reset() {
    this.services = this.sectors = this.departments = this.caseworkers = this.cost = this.allOfMask = this.anyFound = this.noneFound = 0;
    this.recentStart = this.endingIn = -1;
    this.child = this.adult = this.ageInBand = false;
  }
}

function popcount(x: number): number {
  let n = 0;
  while (x) {
    n += x & 1;
    x >>>= 1;
  }
  return n;
}

/** A scanner bound to one snapshot and one set of criteria. */
function scanner(snap: Snapshot, c: Criteria) {
  const k = compile(snap, c);
  // Stamp arrays count distinct departments, caseworkers and codes without a Set per unit:
  // stamp[i] === u means unit u has i already.
  const deptStamp = new Int32Array(snap.departmentCount).fill(-1);
  const cwStamp = new Int32Array(snap.caseworkerCount).fill(-1);
  const codeStamp = new Int32Array(snap.codeLimit).fill(-1);
  const m = new Metrics();
  const { start, code, sector, department, caseworker, startDay, endDay, cost, universal, age, today } = snap;
  const { flags, allOfBits, ageMin, ageMax } = k;
  const countUniversal = c.countUniversal;

  function scan(members: readonly number[] | number, u: number): Metrics {
    m.reset();
    const n = typeof members === 'number' ? 1 : members.length;
    for (let i = 0; i < n; i++) {
      const p = typeof members === 'number' ? members : members[i]!;
      let counted = 0;
      for (let s = start[p]!, end = start[p + 1]!; s < end; s++) {
        const id = code[s]!;
        m.allOfMask |= allOfBits[id]!;
        const f = flags[id]!;
        if (f !== 0) {
          if (f & WATCHED) {
            const since = today - startDay[s]!;
            if (since >= 0 && (m.recentStart < 0 || since < m.recentStart)) m.recentStart = since;
          }
          if (codeStamp[id] !== u) {
            codeStamp[id] = u;
            if (f & ANY) m.anyFound++;
            if (f & NONE) m.noneFound++;
          }
        }
        if (!countUniversal && universal[s]) continue;
        counted++;
        m.sectors |= 1 << sector[s]!;
        const d = department[s]!;
        if (deptStamp[d] !== u) {
          deptStamp[d] = u;
          m.departments++;
        }
        const w = caseworker[s]!;
        if (cwStamp[w] !== u) {
          cwStamp[w] = u;
          m.caseworkers++;
        }
        m.cost += cost[s]!;
        const e = endDay[s]!;
        if (e >= 0) {
          const until = e - today;
          if (until >= 0 && (m.endingIn < 0 || until < m.endingIn)) m.endingIn = until;
        }
      }
      if (counted > 0) {
        m.services += counted;
        const a = age[p]!;
        if (a < 18) m.child = true;
        else m.adult = true;
        if (a >= ageMin && a <= ageMax) m.ageInBand = true;
      }
    }
    return m;
  }

  /** Whether the unit just scanned passes one rule. The one place each rule is decided. */
  function passes(rule: Rule): boolean {
    switch (rule) {
      case 'services': return m.services >= c.minServices;
      case 'sectors': return popcount(m.sectors) >= c.minSectors;
      case 'departments': return m.departments >= c.minDepartments;
      case 'caseworkers': return m.caseworkers >= c.minCaseworkers;
      case 'allOf': return (m.allOfMask & k.allOfFull) === k.allOfFull;
      case 'anyOf': return m.anyFound >= 1;
      case 'noneOf': return m.noneFound === 0;
      case 'age': return m.ageInBand;
      case 'cost': return m.cost >= c.minYearlyCost!;
      case 'childAndAdult': return m.child && m.adult;
      case 'recentStart': return !(m.recentStart >= 0 && m.recentStart <= c.excludeRecentStart!.days);
      case 'ending': return !(m.endingIn >= 0 && m.endingIn <= c.excludeEndingWithin!.days);
    }
  }

  /** One rule's explanation for the unit just scanned: the value found and the threshold. */
  function explain(rule: Rule, members: readonly number[]): RuleResult {
    const passed = passes(rule);
    const r = (value: number | string, threshold: number | string): RuleResult => ({ rule: FUNNEL_RULES[rule], value, threshold, passed });
    switch (rule) {
      case 'services': return r(m.services, c.minServices);
      case 'sectors': return r(popcount(m.sectors), c.minSectors);
      case 'departments': return r(m.departments, c.minDepartments);
      case 'caseworkers': return r(m.caseworkers, c.minCaseworkers);
      case 'allOf': return r(popcount(m.allOfMask & k.allOfFull), c.allOf.length);
      case 'anyOf': return r(m.anyFound, 1);
      case 'noneOf': return r(m.noneFound, 0);
      case 'age': {
        const ages = members.filter((p) => hasCounted(p)).map((p) => age[p]!);
        return r(c.unit === 'person' ? (ages[0] ?? -1) : ages.join(','), `${ageMin}–${ageMax}`);
      }
      case 'cost': return r(Math.round(m.cost), c.minYearlyCost!);
      case 'childAndAdult': return r(`${m.child ? 'barn' : '-'}+${m.adult ? 'voksen' : '-'}`, 'barn+voksen');
      case 'recentStart': return r(m.recentStart, c.excludeRecentStart!.days);
      case 'ending': return r(m.endingIn, c.excludeEndingWithin!.days);
    }
  }

  function hasCounted(p: number): boolean {
    for (let s = start[p]!; s < start[p + 1]!; s++) if (countUniversal || !universal[s]) return true;
    return false;
  }

  return { rules: k.rules, scan, passes, explain };
}

/** The units of the criteria: every person, or every family (see docs/criteria.md). */
function forEachUnit(snap: Snapshot, c: Criteria, fn: (key: string, members: readonly number[] | number, u: number) => void): void {
  if (c.unit === 'person') for (let p = 0; p < snap.cpr.length; p++) fn(snap.cpr[p]!, p, p);
  else {
    let u = 0;
    for (const [key, members] of snap.families) fn(key, members, u++);
  }
}

const asList = (members: readonly number[] | number): readonly number[] => (typeof members === 'number' ? [members] : members);

/**
 * `explain: false` leaves out each candidate's rule explanations; `list: false` leaves out the
 * candidates themselves (a preview shows counts only: tens of thousands of candidates' objects,
 * made and sorted for each keystroke, were a preview's garbage). The count is the same either way.
 */
export function evaluate(snap: Snapshot, c: Criteria, opts: { explain?: boolean; list?: boolean } = {}): Evaluation {
  const explain = opts.explain ?? true;
  const list = opts.list ?? true;
  const sc = scanner(snap, c);
  const rules = sc.rules;
  const remaining = new Int32Array(rules.length);
  let considered = 0;
  let count = 0;
  const candidates: Candidate[] = [];
  const perSectorCounts = new Int32Array(SECTORS.length);
  const combos = new Map<number, number>(); // sector mask → candidates

  forEachUnit(snap, c, (key, members, u) => {
    const m = sc.scan(members, u);
    if (m.services === 0) return; // only units that receive a counted service are screened
    considered++;
    for (let i = 0; i < rules.length; i++) {
      if (!sc.passes(rules[i]!)) return; // a unit that fails is not listed, nor explained
      remaining[i]!++;
    }
    for (let i = 0; i < SECTORS.length; i++) if (m.sectors & (1 << i)) perSectorCounts[i]!++;
    combos.set(m.sectors, (combos.get(m.sectors) ?? 0) + 1);
    count++;
    if (!list) return;
    const sorted = [...asList(members)].sort((a, b) => (snap.cpr[a]! < snap.cpr[b]! ? -1 : 1));
    candidates.push({
      key,
      members: sorted.map((p) => snap.cpr[p]!),
      ages: sorted.map((p) => snap.age[p]!),
      sectors: SECTORS.filter((_, i) => m.sectors & (1 << i)),
      counts: { services: m.services, sectors: popcount(m.sectors), departments: m.departments, caseworkers: m.caseworkers },
      rules: explain ? rules.map((r) => sc.explain(r, sorted)) : [],
    });
  });

  candidates.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const perSector: Record<string, number> = {};
  SECTORS.forEach((s, i) => {
    if (perSectorCounts[i]) perSector[s] = perSectorCounts[i]!;
  });
  const combinations: Record<string, number> = {};
  for (const [mask, n] of [...combos].sort(([a], [b]) => a - b)) combinations[SECTORS.filter((_, i) => mask & (1 << i)).join('+')] = n;
  return {
    count,
    candidates,
    funnel: [{ rule: 'considered', remaining: considered }, ...rules.map((rule, i) => ({ rule, remaining: remaining[i]! }))],
    perSector,
    combinations,
  };
}

/**
 * Every rule's explanation, passed or not, for the named units (to say why someone left a list).
 * A unit that is not in the snapshot, or receives no counted service, maps to null.
 */
export function explainUnits(snap: Snapshot, c: Criteria, keys: ReadonlySet<string>): Map<string, RuleResult[] | null> {
  const sc = scanner(snap, c);
  const out = new Map<string, RuleResult[] | null>([...keys].map((k) => [k, null]));
  forEachUnit(snap, c, (key, members, u) => {
    if (!keys.has(key)) return;
    const m = sc.scan(members, u);
    if (m.services > 0) out.set(key, sc.rules.map((r) => sc.explain(r, asList(members))));
  });
  return out;
}
