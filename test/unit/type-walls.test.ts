/**
 * The type walls are real. Each part's tsconfig, in the program of its real tree, does not know
 * the globals of a platform its code does not run on (a probe that uses one gets "Cannot find
 * name"), and does know the platform it runs on. Every TypeScript file belongs to the part whose
 * walls hold for it, and the whole solution builds clean (`npm run typecheck`).
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve('.');
const PARTS = ['shared', 'renderer', 'engine', 'shell', 'preload', 'test'] as const;
type Part = (typeof PARTS)[number];

function parse(configFile: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, configFile), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed || parsed.errors.length > 0) throw new Error(`${configFile} does not parse`);
  return parsed;
}

const config = (part: Part) => parse(`tsconfig.${part}.json`);
const parsedFiles = new Map<string, ts.SourceFile | undefined>();

/**
 * What the probes compile to: for each probe file, the names the compiler could not find and any
 * other diagnostic. The probes live in memory at a path in the part's directory, next to the real
 * tree of the part (shared/ from source), so globals that a dependency's typings bring in count.
 */
function compileProbes(part: Part, dir: string, probes: Record<string, string>): Record<string, { missing: string[]; other: string[] }> {
  const parsed = config(part);
  const options: ts.CompilerOptions = { ...parsed.options, composite: false, incremental: false, declaration: false, emitDeclarationOnly: false, noEmit: true };
  const paths = Object.fromEntries(Object.keys(probes).map((name) => [join(ROOT, dir, `__type_wall_${name}__.ts`), name]));
  const host = ts.createCompilerHost(options, true);
  const realGetSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const probe = paths[fileName];
    if (probe !== undefined) return ts.createSourceFile(fileName, probes[probe]!, languageVersion, true);
    // The parts parse with the same options, so they can share parsed files, as editors do.
    const key = `${fileName}|${JSON.stringify(languageVersion)}`;
    if (!parsedFiles.has(key)) parsedFiles.set(key, realGetSourceFile(fileName, languageVersion, ...rest));
    return parsedFiles.get(key);
  };
  const realFileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName in paths || realFileExists(fileName);
  const program = ts.createProgram({ rootNames: [...parsed.fileNames, ...Object.keys(paths)], options, host });
  return Object.fromEntries(
    Object.entries(paths).map(([path, name]) => {
      const diagnostics = [...program.getSyntacticDiagnostics(program.getSourceFile(path)), ...program.getSemanticDiagnostics(program.getSourceFile(path))];
      const messages = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      const unknown = /^Cannot find (?:name|namespace) '([\w.]+)'/;
      const missing = messages.flatMap((m) => unknown.exec(m)?.[1] ?? []);
      return [name, { missing: [...new Set(missing)].sort(), other: messages.filter((m) => !unknown.test(m)) }];
    }),
  );
}

/** A probe that uses each name as a value, in its own statement, so each is reported once. */
const uses = (names: string[]) => names.map((n, i) => `export const use${i} = ${n};`).join('\n');
/** The same for names used as types (an empty interface somewhere would be a hole in a wall). */
const typeUses = (names: string[]) => names.map((n, i) => `export type Use${i} = ${n};`).join('\n');

describe('type walls', () => {
  it('shared/ sees the language only: no DOM, no Node, no platform global', () => {
    const forbidden = ['window', 'document', 'File', 'process', 'Buffer', 'require', 'TextEncoder', 'crypto', 'performance', 'structuredClone', 'AbortController', 'setTimeout', 'console', 'URL'];
    const forbiddenTypes = ['HTMLElement', 'Document', 'Event', 'Blob', 'File', 'NodeJS.Process', 'Buffer'];
    const r = compileProbes('shared', 'shared', {
      forbidden: uses(forbidden),
      forbiddenTypes: typeUses(forbiddenTypes),
      allowed: 'export const last = [3, 1, 2].toSorted().findLast((n) => n > 1);\nexport const big = 2n ** 64n;',
    });
    expect(r.forbidden).toEqual({ missing: [...forbidden].sort(), other: [] });
    expect(r.forbiddenTypes).toEqual({ missing: ['Blob', 'Buffer', 'Document', 'Event', 'File', 'HTMLElement', 'NodeJS'], other: [] });
    expect(r.allowed).toEqual({ missing: [], other: [] });
  });

  it('renderer/ sees the DOM and no Node', () => {
    const forbidden = ['process', 'Buffer', 'require', '__dirname', 'setImmediate'];
    const r = compileProbes('renderer', 'renderer', {
      forbidden: uses(forbidden),
      forbiddenTypes: typeUses(['NodeJS.Process', 'Buffer']),
      allowed: 'export const t = document.title;\nexport type E = HTMLElement;\nexport const f = (file: File) => window.tvaerblik.pathForFile(file);\nexport const id = crypto.getRandomValues(new Uint8Array(4));',
    });
    expect(r.forbidden).toEqual({ missing: [...forbidden].sort(), other: [] });
    expect(r.forbiddenTypes).toEqual({ missing: ['Buffer', 'NodeJS'], other: [] });
    expect(r.allowed).toEqual({ missing: [], other: [] });
  });

  it('the engine, the CLI and the preview host see Node, and neither the DOM nor Electron', () => {
    const forbidden = ['window', 'document', 'localStorage', 'requestAnimationFrame'];
    const forbiddenTypes = ['HTMLElement', 'Document', 'Window', 'KeyboardEvent', 'Electron.App'];
    const r = compileProbes('engine', 'electron/engine', {
      forbidden: uses(forbidden),
      forbiddenTypes: typeUses(forbiddenTypes),
      electronProcess: 'export const p = process.resourcesPath;',
      allowed: "export const env = process.env;\nexport const b = Buffer.from('x');\nexport const k = (key: CryptoKey): string => key.type;",
    });
    expect(r.forbidden).toEqual({ missing: [...forbidden].sort(), other: [] });
    expect(r.forbiddenTypes).toEqual({ missing: ['Document', 'Electron', 'HTMLElement', 'KeyboardEvent', 'Window'], other: [] });
    expect(r.electronProcess).toEqual({ missing: [], other: ["Property 'resourcesPath' does not exist on type 'Process'."] });
    expect(r.allowed).toEqual({ missing: [], other: [] });
  });

  it('the Electron main process sees Node and Electron, no DOM', () => {
    // Not 'Document': electron.d.ts declares a one-method Document for the <webview> tag.
    const forbidden = ['window', 'document', 'localStorage'];
    const forbiddenTypes = ['HTMLElement', 'Window', 'KeyboardEvent'];
    const r = compileProbes('shell', 'electron/shell', {
      forbidden: uses(forbidden),
      forbiddenTypes: typeUses(forbiddenTypes),
      allowed: "import { app } from 'electron';\nexport const p = process.resourcesPath;\nexport const a: Electron.App = app;",
    });
    expect(r.forbidden).toEqual({ missing: [...forbidden].sort(), other: [] });
    expect(r.forbiddenTypes).toEqual({ missing: [...forbiddenTypes].sort(), other: [] });
    expect(r.allowed).toEqual({ missing: [], other: [] });
  });

  it('every TypeScript file of the app belongs to the part whose walls hold for it', () => {
    const files = (part: Part) => new Set(config(part).fileNames.map((f) => relative(ROOT, f).split('\\').join('/')));
    const tree = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .map((f) => `${dir}/${f.split('\\').join('/')}`)
        .filter((f) => /\.tsx?$/.test(f));
    const shared = files('shared');
    const renderer = files('renderer');
    const engine = files('engine');
    const shell = files('shell');
    const preload = files('preload');
    const test = files('test');

    expect(tree('shared').filter((f) => !shared.has(f))).toEqual([]);
    expect(tree('renderer').filter((f) => !renderer.has(f))).toEqual([]);
    expect(tree('electron').filter((f) => !engine.has(f) && !shell.has(f) && !preload.has(f))).toEqual([]);
    expect(tree('test').filter((f) => !test.has(f))).toEqual([]);
    expect(readdirSync(ROOT).filter((f) => f.endsWith('.ts') && !test.has(f))).toEqual([]);
    // Each part holds its own directory and nothing of another (shared/ it sees as a reference).
    expect([...shared].filter((f) => !f.startsWith('shared/'))).toEqual([]);
    expect([...renderer].filter((f) => !f.startsWith('renderer/'))).toEqual([]);
    // (the browser preview's host is plain Node like the CLI: electron/browser/)
    expect([...engine].filter((f) => !['electron/engine/', 'electron/cli/', 'electron/browser/'].some((d) => f.startsWith(d)))).toEqual([]);
    expect([...shell].filter((f) => !f.startsWith('electron/shell/') || f === 'electron/shell/preload.ts')).toEqual([]);
    expect([...preload]).toEqual(['electron/shell/preload.ts']);
    // The one renderer file the tests see is the declaration of the page's window.tvaerblik.
    expect([...test].filter((f) => !f.startsWith('test/') && !f.startsWith('scripts/') && f.includes('/'))).toEqual(['renderer/api/host.d.ts']);
  });

  it('the solution is every part, and it builds clean', () => {
    const solution = parse('tsconfig.json');
    expect(solution.fileNames).toEqual([]);
    expect((solution.projectReferences ?? []).map((r) => relative(ROOT, r.path))).toEqual(PARTS.map((p) => `tsconfig.${p}.json`));

    // The same incremental build as `npm run typecheck`, so after it this is a quick up-to-date check.
    const diagnostics: string[] = [];
    const report = (d: ts.Diagnostic) => diagnostics.push(ts.formatDiagnostic(d, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }));
    const host = ts.createSolutionBuilderHost(ts.sys, undefined, report, () => undefined);
    const status = ts.createSolutionBuilder(host, [join(ROOT, 'tsconfig.json')], {}).build();
    expect(diagnostics).toEqual([]);
    expect(status).toBe(ts.ExitStatus.Success);
  }, 180_000);
});
