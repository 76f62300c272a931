/**
 * One permission map: a screen is in the navigation and can be opened exactly when the contract's
 * canCall lets the user's roles call every method the screen needs, and what a screen needs is
 * what its code calls. The second half reads the renderer's source: from each screen's component
 * it follows the imports, finds every `invoke('x.y', …)` and `useQuery('x.y', …)`, and compares
 * them with the screen's `needs` (and `optional`, which must sit behind `can('x.y')`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { canCall, isMethodName } from '../../shared/contract';
import { ROLES, type Role } from '../../shared/roles';
import { SCREENS, screenFor, screensFor, type Screen } from '../../renderer/app/screens';

const RENDERER = resolve('renderer');
/** The transport itself: its invoke takes any method name and is what the scan looks for. */
const CLIENT = join(RENDERER, 'api/client.ts');

/** Every combination of roles, from none to all four. */
const COMBINATIONS: Role[][] = Array.from({ length: 1 << ROLES.length }, (_, bits) => ROLES.filter((_, i) => bits & (1 << i)));
const ids = (screens: readonly Screen[]) => screens.map((s) => s.id);
const allowed = (s: Screen, roles: readonly Role[]) => s.needs.every((m) => canCall(roles, m));

describe('screens follow canCall', () => {
  it.each(COMBINATIONS.map((roles) => [roles.join('+') || '(no role)', roles] as const))('%s: in the navigation and routable exactly when every need may be called', (_, roles) => {
    expect(ids(screensFor(roles))).toEqual(ids(SCREENS.filter((s) => allowed(s, roles))));
    for (const s of SCREENS) expect(screenFor(s.id, roles).id).toBe(allowed(s, roles) ? s.id : 'home');
  });

  it('gives each role the screens of its work', () => {
    const of = (...roles: Role[]) => ids(screensFor(roles));
    expect(of('screener')).toEqual(['home', 'import', 'screening', 'runs', 'review', 'assessment', 'consent', 'catalogue']);
    expect(of('supervisor')).toEqual(['home', 'runs', 'approval', 'assessment', 'consent', 'catalogue']);
    expect(of('dpo')).toEqual(['home', 'catalogue', 'audit']);
    expect(of('admin')).toEqual(['home', 'users', 'catalogue', 'unit', 'recipients']);
    expect(of('screener', 'supervisor')).toEqual(['home', 'import', 'screening', 'runs', 'review', 'approval', 'assessment', 'consent', 'catalogue']);
    expect(of()).toEqual(['home', 'catalogue']); // catalogue.list asks only for a session
  });

  it('has unique ids, the start screen first and open to all, and names only contract methods', () => {
    expect(new Set(ids(SCREENS)).size).toBe(SCREENS.length);
    expect(SCREENS[0].id).toBe('home');
    expect(SCREENS[0].needs).toEqual([]);
    for (const s of SCREENS as readonly Screen[]) for (const m of [...s.needs, ...(s.optional ?? [])]) expect(isMethodName(m), `${s.id}: ${m}`).toBe(true);
  });
});

describe('rounds: who may do what', () => {
  // Screeners prepare, supervisors approve or return, both read; the DPO reads only the log.
  const TABLE = {
    'rounds.create': ['screener'],
    'rounds.decide': ['screener'],
    'rounds.submit': ['screener'],
    'rounds.approve': ['supervisor'],
    'rounds.return': ['supervisor'],
    'rounds.get': ['screener', 'supervisor'],
    'rounds.list': ['screener', 'supervisor'],
    'rounds.diff': ['screener', 'supervisor'],
    // Sector assessment: administrators keep the sectors' keys, screeners send and receive, supervisors follow.
    'recipients.register': ['admin'],
    'recipients.remove': ['admin'],
    'recipients.list': ['screener', 'admin'],
    'packets.plainAnswers': ['admin'],
    'packets.setPlainAnswers': ['admin'],
    'packets.decideUnsure': ['screener'],
    'packets.export': ['screener'],
    'packets.importAnswers': ['screener'],
    'packets.status': ['screener', 'supervisor'],
    'packets.waiting': ['screener', 'supervisor'],
    // After the assessment: screeners notify, contact, write and send; supervisors follow the register.
    'notices.export': ['screener'],
    'consent.list': ['screener', 'supervisor'],
    'consent.askAgain': ['screener'],
    'consent.record': ['screener'],
    'consent.letter': ['screener'],
    'overview.export': ['screener'],
  } as const satisfies Record<string, readonly Role[]>;
  it.each(Object.entries(TABLE))('%s: %s', (m, who) => {
    if (!isMethodName(m)) throw new Error(`${m} is not in the contract`);
    expect(ROLES.filter((r) => canCall([r], m))).toEqual(who);
  });
});

// ---- the static scan ----

interface Scan {
  /** Methods passed as a literal to invoke or useQuery, each with where it is first called. */
  calls: Map<string, string>;
  /** Methods passed as a literal to can or canCall: controls shown only to those who may. */
  guarded: Set<string>;
  /** What the scan cannot vouch for: non-literal method names, the client used as a value, window.tvaerblik. */
  problems: string[];
  /** Relative imports that run code (type-only imports are left out). */
  imports: string[];
}

function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const f of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    try {
      readFileSync(f);
      return f;
    } catch {
      // try the next
    }
  }
  return null;
}

function scanSource(file: string, source: string): Scan {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const scan: Scan = { calls: new Map(), guarded: new Set(), problems: [], imports: [] };
  const where = (n: ts.Node) => `${relative(process.cwd(), file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  /** Local names of the client's invoke and useQuery in this file (they may be renamed on import). */
  const callers = new Set<string>();
  for (const st of sf.statements) {
    if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const spec = st.moduleSpecifier.text;
    if (!spec.startsWith('.')) continue;
    const typeOnly = ts.isImportDeclaration(st) ? st.importClause?.isTypeOnly === true : st.isTypeOnly;
    const target = resolveImport(file, spec);
    if (!target || typeOnly) continue;
    scan.imports.push(target);
    if (target === CLIENT && ts.isImportDeclaration(st) && st.importClause?.namedBindings && ts.isNamedImports(st.importClause.namedBindings)) {
      for (const el of st.importClause.namedBindings.elements) {
        if (['invoke', 'useQuery'].includes((el.propertyName ?? el.name).text)) callers.add(el.name.text);
      }
    }
  }
  const literal = (e: ts.Expression | undefined) => (e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : null);
  const visit = (n: ts.Node): void => {
    if (ts.isTypeNode(n) || ts.isImportDeclaration(n)) return; // `typeof invoke<'x.y'>` runs nothing
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
      const name = n.expression.text;
      if (callers.has(name)) {
        const m = literal(n.arguments[0]);
        if (m === null) scan.problems.push(`${where(n)}: ${name} with a method name the scan cannot read; pass it as a literal`);
        else if (!scan.calls.has(m)) scan.calls.set(m, where(n));
        n.arguments.forEach(visit);
        return;
      }
      if (name === 'can' || name === 'canCall') for (const a of n.arguments) if (literal(a) !== null) scan.guarded.add(literal(a)!);
    }
    if (ts.isIdentifier(n) && callers.has(n.text)) scan.problems.push(`${where(n)}: ${n.text} used other than called with a literal method`);
    if (ts.isIdentifier(n) && n.text === 'tvaerblik') scan.problems.push(`${where(n)}: window.tvaerblik outside the api client`);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return scan;
}

/** Everything the code reachable from `entry` calls, guards and cannot vouch for. */
function scanFrom(entry: string): Scan {
  const total: Scan = { calls: new Map(), guarded: new Set(), problems: [], imports: [] };
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file) || file === CLIENT || !file.startsWith(RENDERER)) continue;
    seen.add(file);
    const s = scanSource(file, readFileSync(file, 'utf8'));
    s.calls.forEach((at, m) => total.calls.has(m) || total.calls.set(m, at));
    s.guarded.forEach((m) => total.guarded.add(m));
    total.problems.push(...s.problems);
    queue.push(...s.imports);
  }
  return total;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** The file that declares a screen's component (`export function Name`). */
function componentFile(s: Screen): string {
  const name = (s.component as { name?: string }).name ?? '';
  const found = sourceFiles(join(RENDERER, 'features')).filter((f) => new RegExp(`export function ${name}\\b`).test(readFileSync(f, 'utf8')));
  expect(found, `the file of ${s.id}'s component ${name}`).toHaveLength(1);
  return found[0]!;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('what a screen needs is what its code calls', () => {
  it.each((SCREENS as readonly Screen[]).map((s) => [s.id, s] as const))('%s', (_, s) => {
    const scan = scanFrom(componentFile(s));
    const needs: readonly string[] = s.needs;
    const optional: readonly string[] = s.optional ?? [];
    expect(scan.problems).toEqual([]);
    // Every method the screen calls is declared; a call that is not would fail for some user.
    const called = [...scan.calls.keys()];
    expect(sorted(called.filter((m) => !needs.includes(m) && !optional.includes(m))).map((m) => `${m} (${scan.calls.get(m)})`), `calls missing from ${s.id}'s needs`).toEqual([]);
    // And every need is really called: a need the code does not use would hide the screen for nothing.
    expect(sorted(needs)).toEqual(sorted(called.filter((m) => !optional.includes(m))));
    // An optional method is called and sits behind can(...), so users who may not call it do not see it.
    for (const m of optional) {
      expect(scan.calls.has(m), `${s.id} calls its optional ${m}`).toBe(true);
      expect(scan.guarded.has(m), `${s.id} guards ${m} with can('${m}')`).toBe(true);
    }
  });

  it('the scan sees calls, renamed imports, and what it cannot read', () => {
    const file = join(RENDERER, 'features/x/X.tsx');
    const code = [
      "import { invoke as call, useQuery } from '../../api/client';",
      "import type { Input } from '../../../shared/contract';",
      "const q = useQuery('users.list', {});",
      "void call<'users.add'>('users.add', {} as Input<'users.add'>);",
      "type R = ReturnType<typeof call<'users.unlock'>>;",
      "const m = 'audit.list' as const; void call(m, {});",
      'const f = call;',
      "void window.tvaerblik.invoke('audit.verify', {});",
      "if (can('catalogue.update')) void 0;",
    ].join('\n');
    const s = scanSource(file, code);
    expect(sorted(s.calls.keys())).toEqual(['users.add', 'users.list']);
    expect(sorted(s.guarded)).toEqual(['catalogue.update']);
    expect(s.problems).toHaveLength(3);
    expect(s.problems.join('\n')).toMatch(/cannot read[\s\S]*used other than called[\s\S]*window\.tvaerblik/);
  });

  it('no screen or header decides by role names: the registry and can() do', () => {
    const handWritten = /roles\??\.(includes|indexOf)\(\s*['"`]|===?\s*['"`](screener|supervisor|dpo|admin)['"`]|['"`](screener|supervisor|dpo|admin)['"`]\s*===?/;
    const found = sourceFiles(RENDERER).filter((f) => handWritten.test(readFileSync(f, 'utf8')));
    expect(found.map((f) => relative(RENDERER, f))).toEqual([]);
  });
});
