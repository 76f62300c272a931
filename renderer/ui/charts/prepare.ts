/**
 * What the charts draw, prepared from the engine's counts by pure functions: no React, no DOM, so
 * each live preview costs a few array operations and the rules are unit-tested
 * (test/unit/charts.test.ts). Sector keys stay keys here; the components put words on them.
 */

export interface FunnelInput {
  rule: string;
  remaining: number;
}

export interface FunnelStep {
  rule: string;
  remaining: number;
  /** How many the step took away from the one before it (0 for the first). */
  dropped: number;
  /** The remaining as a share of the first step, 0–1 (the bar's length). */
  share: number;
}

/** The funnel in the order the engine applied its rules, with what each step took away. */
export function funnelSteps(funnel: readonly FunnelInput[]): FunnelStep[] {
  const first = funnel[0]?.remaining ?? 0;
  return funnel.map((s, i) => ({
    rule: s.rule,
    remaining: s.remaining,
    dropped: i === 0 ? 0 : Math.max(0, funnel[i - 1]!.remaining - s.remaining),
    share: first > 0 ? Math.min(1, s.remaining / first) : 0,
  }));
}

export interface Combination {
  /** The sectors of the combination, in the order of `sectorOrder`. */
  sectors: string[];
  count: number;
}

export interface CombinationView {
  /** The largest combinations, biggest first. */
  shown: Combination[];
  /** The rest, folded into one bar; null when everything is shown. */
  others: { combinations: number; count: number } | null;
  /** Every sector of `sectorOrder` (and any other found), in that order, with how many touch it. */
  sets: { sector: string; count: number }[];
  /** Everyone counted (each in exactly one combination). */
  total: number;
  /** The longest combination bar, shown or folded (the scale's top). */
  maxCount: number;
  /** The largest set (the set-size scale's top). */
  maxSet: number;
}

const SEP = '+';

/**
 * The combinations as the UpSet chart shows them: the `top` largest, and when more than one more
 * remains the rest folded into "others" (a single leftover is shown as itself: it takes the
 * others' place anyway). Ties are broken by fewer sectors first, then by the sectors' order, so
 * the same counts always draw the same chart.
 */
export function topCombinations(combinations: Readonly<Record<string, number>>, top: number, sectorOrder: readonly string[]): CombinationView {
  const rank = (s: string) => {
    const i = sectorOrder.indexOf(s);
    return i < 0 ? sectorOrder.length : i;
  };
  const bySector = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
  const all: Combination[] = Object.entries(combinations)
    .filter(([key, count]) => key !== '' && count > 0)
    .map(([key, count]) => ({ sectors: key.split(SEP).sort(bySector), count }));
  const order = (a: Combination, b: Combination) => {
    if (b.count !== a.count) return b.count - a.count;
    if (a.sectors.length !== b.sectors.length) return a.sectors.length - b.sectors.length;
    for (let i = 0; i < a.sectors.length; i++) {
      const d = bySector(a.sectors[i]!, b.sectors[i]!);
      if (d !== 0) return d;
    }
    return 0;
  };
  all.sort(order);
  const keep = Math.max(0, top);
  const folded = all.length > keep + 1 ? all.slice(keep) : [];
  const shown = folded.length > 0 ? all.slice(0, keep) : all;
  const others = folded.length > 0 ? { combinations: folded.length, count: folded.reduce((n, c) => n + c.count, 0) } : null;

  const sizes = new Map<string, number>(sectorOrder.map((s) => [s, 0]));
  for (const c of all) for (const s of c.sectors) sizes.set(s, (sizes.get(s) ?? 0) + c.count);
  const sets = [...sizes.keys()].sort(bySector).map((sector) => ({ sector, count: sizes.get(sector)! }));
  return {
    shown,
    others,
    sets,
    total: all.reduce((n, c) => n + c.count, 0),
    maxCount: Math.max(0, ...shown.map((c) => c.count), others?.count ?? 0),
    maxSet: Math.max(0, ...sets.map((s) => s.count)),
  };
}

/**
 * Combinations counted from a list (the approval screen has the candidates, not the engine's
 * tally): the same keys the engine writes, sectors joined by "+" in `sectorOrder`.
 */
export function combinationsOf(items: readonly { sectors: readonly string[] }[], sectorOrder: readonly string[]): Record<string, number> {
  const rank = (s: string) => {
    const i = sectorOrder.indexOf(s);
    return i < 0 ? sectorOrder.length : i;
  };
  const out: Record<string, number> = {};
  for (const item of items) {
    if (item.sectors.length === 0) continue;
    const key = [...new Set(item.sectors)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1)).join(SEP);
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

