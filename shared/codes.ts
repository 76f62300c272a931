/**
 * Service references as staff and source systems write them, resolved in one place for the
 * engine, the criteria editor and the command line (docs/criteria.md, "Naming a service").
 *
 * - A code: case, spaces, dots, hyphens and underscores do not matter ("sel 85", "SEL-85",
 *   "Lab Mentor" are SEL85 and LAB_MENTOR).
 * - A paragraph: case and spaces do not matter, "§§" is "§", and the law's name may be given or
 *   left out, as an abbreviation or in full ("SEL §85", "Serviceloven § 85" and "§85" are all
 *   SEL85). It matches an entry whose old or new numbering names that paragraph.
 * - A reference that matches nothing is an error that names it, never an empty match.
 */

/** The form codes are compared in. */
export const normaliseCode = (c: string) => c.toUpperCase().replace(/[\s._-]+/g, '');

/** What resolving needs of a catalogue entry. */
export interface CatalogueRefs {
  code: string;
  law: string;
  paragraphOld: string;
  paragraphNew: string;
}

export type ServiceRefLike = { code: string } | { paragraph: string };

/** Laws by the names staff write, to the abbreviation paragraphs are keyed by. */
const LAW_NAMES: [RegExp, string][] = [
  [/^(serviceloven|sel)$/, 'sel'],
  [/^(barnetslov|bl)$/, 'bl'],
  [/^(sundhedsloven|sul)$/, 'sul'],
  [/^(ældreloven|æl)$/, 'æl'],
  [/^(folkeskoleloven|fsl)$/, 'fsl'],
  [/^(dagtilbudsloven|dtl)$/, 'dtl'],
  [/^(lovomaktivbeskæftigelsesindsats|beskæftigelsesloven|lab)$/, 'lab'],
  [/^(lovomaktivsocialpolitik|las)$/, 'las'],
  [/^(lovomsocialpension|pensionsloven|lsp)$/, 'lsp'],
  [/^(stu-loven|stuloven|stu)$/, 'stu'],
  [/^(sygedagpengeloven|sdl)$/, 'sdl'],
];

function lawKey(name: string): string | null {
  const n = name.toLowerCase().replace(/\s+/g, '');
  return LAW_NAMES.find(([re]) => re.test(n))?.[1] ?? null;
}

/** A paragraph text in compared form: lower case, no spaces, "§§" as "§". */
const normParagraph = (p: string) => p.toLowerCase().replace(/\s+/g, '').replace(/§§/g, '§');

/** One paragraph mention with the law before it, if any: "SEL §52 stk.3 nr.7", "§85", "§§82a-82b". */
const MENTION = /(?:([A-Za-zÆØÅæøå][A-Za-zÆØÅæøå -]*?)\s*)?(§§?\s*\d+[a-zæøå]?(?:\s*-\s*\d+[a-zæøå]?)?(?:\s*stk\.?\s*\d+)?(?:\s*nr\.?\s*[\d/-]+)?)/g;

/** Every form a catalogue entry's paragraphs can be named by. */
export function paragraphKeys(e: CatalogueRefs): Set<string> {
  const keys = new Set<string>();
  const entryLaws = e.law
    .split(/[/+]/)
    .map((l) => lawKey(l.replace(/\(.*$/, '')))
    .filter((l): l is string => l !== null);
  for (const text of [e.paragraphOld, e.paragraphNew]) {
    if (!text.includes('§')) continue;
    const whole = paragraphQuery(text); // the whole text, as the catalogue writes it, with or without its law
    keys.add(whole);
    keys.add(whole.replace(/^[a-zæøå]+(?=§)/, ''));
    for (const part of text.split(';')) {
      for (const m of part.matchAll(MENTION)) {
        const para = normParagraph(m[2]!);
        const written = m[1] ? lawKey(m[1].trim().split(/\s+/).pop()!) : null;
        keys.add(para);
        for (const law of written ? [written] : entryLaws) keys.add(`${law}${para}`);
      }
    }
  }
  return keys;
}

/** A paragraph reference in compared form, with a law's full name turned into its abbreviation. */
function paragraphQuery(p: string): string {
  const at = p.indexOf('§');
  if (at <= 0) return normParagraph(p);
  const law = lawKey(p.slice(0, at).trim());
  return `${law ?? normParagraph(p.slice(0, at))}${normParagraph(p.slice(at))}`;
}

/** The catalogue codes a reference names (empty when it names nothing). */
export function resolveRef(catalogue: readonly CatalogueRefs[], ref: ServiceRefLike, keysOf = paragraphKeys): string[] {
  if ('code' in ref) {
    const want = normaliseCode(ref.code);
    return catalogue.filter((e) => normaliseCode(e.code) === want).map((e) => e.code);
  }
  const want = paragraphQuery(ref.paragraph);
  return catalogue.filter((e) => keysOf(e).has(want)).map((e) => e.code);
}

/** A reference that names no service, with where it stands in the criteria ("anyOf.2", "allOf.0.1"). */
export interface UnresolvedRef {
  path: string;
  text: string;
}

/** Every service reference in criteria, with its path. */
export function refsOf(c: {
  allOf: readonly (ServiceRefLike | readonly ServiceRefLike[])[];
  anyOf: readonly ServiceRefLike[];
  noneOf: readonly ServiceRefLike[];
  excludeRecentStart?: { services: readonly ServiceRefLike[] } | undefined;
}): { path: string; ref: ServiceRefLike }[] {
  const out: { path: string; ref: ServiceRefLike }[] = [];
  c.allOf.forEach((x, i) => (Array.isArray(x) ? x.forEach((r, j) => out.push({ path: `allOf.${i}.${j}`, ref: r })) : out.push({ path: `allOf.${i}`, ref: x as ServiceRefLike })));
  c.anyOf.forEach((r, i) => out.push({ path: `anyOf.${i}`, ref: r }));
  c.noneOf.forEach((r, i) => out.push({ path: `noneOf.${i}`, ref: r }));
  c.excludeRecentStart?.services.forEach((r, i) => out.push({ path: `excludeRecentStart.services.${i}`, ref: r }));
  return out;
}

/** The references in criteria that name no service in the catalogue. */
export function unresolvedRefs(catalogue: readonly CatalogueRefs[], c: Parameters<typeof refsOf>[0]): UnresolvedRef[] {
  const keys = new Map(catalogue.map((e) => [e, paragraphKeys(e)]));
  return refsOf(c)
    .filter(({ ref }) => resolveRef(catalogue, ref, (e) => keys.get(e)!).length === 0)
    .map(({ path, ref }) => ({ path, text: 'code' in ref ? ref.code : ref.paragraph }));
}
