/**
 * Saves survive a real crash: a child process saves the workspace in a loop and is killed with
 * SIGKILL at random moments, at least 200 times. After every kill the workspace opens with the
 * user's passphrase, its log verifies, and nothing the child reported as saved is lost (entries
 * written after the last save come back from the journal). And a crash is not mistaken for
 * tampering: the journal found is the one the database expects (or the one before it, when the
 * kill fell between the save and the new journal), and the log extends everything the witness saw.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { closeWorkspace, openWorkspace } from '../../electron/engine/base/workspace/store';
import { ADMIN, testDeps, withWorkspace } from '../support/engine';

const KILLS_PER_WORKSPACE = 100;
const WORKSPACES = 2;

async function bundleChild(): Promise<string> {
  const out = resolve('.tmp/test/save-loop.mjs');
  await mkdir(resolve('.tmp/test'), { recursive: true });
  await build({
    entryPoints: ['test/support/save-loop.ts'],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['sql.js', 'age-encryption', 'zod', 'fflate', '@scure/base'],
    logLevel: 'warning',
  });
  return out;
}

/**
 * Runs the child and kills it a moment after it starts (`at: 'open'`) or after its first complete
 * save (`at: 'saving'`), so kills land in every phase of the following appends and saves.
 */
function saveThenKill(child: string, dir: string, at: 'open' | 'saving', delayMs: number): Promise<number> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, [child, dir, ADMIN.username, ADMIN.passphrase], { stdio: ['ignore', 'pipe', 'pipe'] });
    let saved = 0;
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    p.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        const m = /^saved (\d+)$/.exec(line);
        if (m) saved = Number(m[1]);
        const trigger = at === 'open' ? line === 'ready' : m !== null;
        if (trigger && timer === null) timer = setTimeout(() => p.kill('SIGKILL'), delayMs);
      }
    });
    p.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    p.on('exit', (_code, signal) => (signal === 'SIGKILL' ? done(saved) : fail(new Error(`the save loop ended by itself: ${err}`))));
  });
}

describe('a crash during save', () => {
  it(`never leaves an unreadable workspace or a broken log (${KILLS_PER_WORKSPACE * WORKSPACES} kills)`, async () => {
    const child = await bundleChild();
    const runOne = async (w: number) => {
      const { dir, engine } = await withWorkspace();
      await engine.dispose();
      const deps = await testDeps(dir);
      let confirmed = 0;
      let midLoop = 0;
      for (let k = 0; k < KILLS_PER_WORKSPACE; k++) {
        // Spread the kills over a save's phases: before the first save, and at any point later.
        const saved = await saveThenKill(child, dir, k % 5 === 0 ? 'open' : 'saving', (k * 7 + w * 3) % 40);
        if (saved > confirmed) midLoop++;
        confirmed = Math.max(confirmed, saved);
        const ws = await openWorkspace(deps, ADMIN.username, ADMIN.passphrase);
        try {
          const report = ws.audit.verify();
          expect(report, `workspace ${w}, kill ${k}`).toMatchObject({ ok: true });
          expect(ws.audit.head().seq, `workspace ${w}, kill ${k}`).toBeGreaterThanOrEqual(confirmed);
          expect(ws.opening.journal.state, `workspace ${w}, kill ${k}`).toMatch(/^(current|previous)$/);
          expect(ws.opening.witness.findings, `workspace ${w}, kill ${k}`).toEqual([]);
        } finally {
          closeWorkspace(ws);
        }
      }
      return midLoop;
    };
    const results = await Promise.all(Array.from({ length: WORKSPACES }, (_, w) => runOne(w)));
    // Most kills landed in the loop, after a complete save, during later appends and saves.
    expect(results.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual((KILLS_PER_WORKSPACE * WORKSPACES * 3) / 4);
  }, 300_000);
});
