/**
 * Untrusted extracts are parsed in a worker thread: the same result as on the engine's thread,
 * the plaintext moved (not copied) and zeroed, a worker that outgrows its heap or its time ends
 * as EXTRACT_TOO_COMPLEX (never INTERNAL), and a cancel or the idle lock ends the worker at once.
 * Real worker threads, real age encryption, real sql.js.
 */
import { describe, expect, it, vi } from 'vitest';
import { generateMunicipality } from '../../electron/engine/demo/generate';
import { bundledCatalogue } from '../../electron/engine/catalogue/catalogue';
import { extractParser, fileParser, warmWorkers, type ParsedExtract } from '../../electron/engine/import/parse';
import { encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { tallyCounts } from '../../electron/engine/import/validate';
import { Worker } from 'node:worker_threads';
import { EngineError } from '../../electron/engine/base/errors';
import { runInWorker, WorkerFailure, workerPool, type WorkerHost } from '../../electron/engine/base/worker-run';
import type { EngineEvent } from '../../shared/contract';
import { call, expectError, manualTimers, newEngine, tempDir } from '../support/engine';
import { csv, encryptedFile, HEADER_DA, row } from '../support/extracts';
import { countingWorkers, sourceWorkers } from '../support/workers';

const CATALOGUE = bundledCatalogue().map((c, i) => ({ ...c, id: i + 1 }));
const OPTS = { catalogue: CATALOGUE, today: Date.UTC(2026, 5, 1) / 86_400_000, demo: true };

/** Everything a parse decided, as plain data (batch rows as records), to compare two parses. */
function summary(p: ParsedExtract) {
  const v = p.validated;
  return {
    format: p.format,
    kind: v.kind,
    tally: tallyCounts(v.tally),
    rejections: v.tally.rejections,
    ...(v.kind === 'services' ? { sector: v.sector, records: v.batch.records(), persons: v.batch.persons } : { relations: v.relations }),
  };
}

/** A large valid jobcentre extract: `n` rows, about 200 bytes each. */
function bigCsv(n: number): Uint8Array {
  return csv(Array.from({ length: n }, (_, i) => row({ 'CPR-nr': `${String(61 + (i % 28)).padStart(2, '0')}${String(1 + ((i >> 5) % 12)).padStart(2, '0')}${String(50 + ((i >> 9) % 40))}-${String(1000 + (i % 9000)).padStart(4, '0')}`, Startdato: '01-01-2026', Mål: `Mål ${i}` })));
}

describe('the extract worker', { timeout: 120_000 }, () => {
  it('gives exactly what the same-thread parse gives, for every file of the demo municipality', async () => {
    const m = generateMunicipality('small', 7, new Date(Date.UTC(2026, 5, 1)));
    const counter = countingWorkers();
    for (const f of m.files) {
      const here = await extractParser('same-thread')(f.bytes.slice(), OPTS);
      const there = await extractParser(counter.host)(f.bytes.slice(), OPTS);
      expect(summary(there)).toEqual(summary(here));
    }
    expect(counter.spawned).toBe(m.files.length);
  });

  it('a pool parses file after file in one worker, with the same results, and its close ends the worker', async () => {
    const m = generateMunicipality('small', 7, new Date(Date.UTC(2026, 5, 1)));
    const counter = countingWorkers();
    const pool = workerPool(counter.host);
    try {
      for (const f of m.files) {
        const here = await extractParser('same-thread')(f.bytes.slice(), OPTS);
        const there = await extractParser(pool)(f.bytes.slice(), OPTS);
        expect(summary(there)).toEqual(summary(here));
      }
      // A typed refusal is an answer: the worker goes on to the next file.
      expect(await extractParser(pool)(new TextEncoder().encode('nonsense'), OPTS).catch((e: unknown) => e)).toBeInstanceOf(EngineError);
      expect((await extractParser(pool)(csv([row()]), OPTS)).validated.tally.rowsKept).toBe(1);
      expect(counter.spawned).toBe(1);
      expect(counter.live).toBe(1);
    } finally {
      pool.close();
    }
    await vi.waitFor(() => expect(counter.live).toBe(0));
    await expect(extractParser(pool)(csv([row()]), OPTS)).rejects.toBeInstanceOf(EngineError);
  });

  it('a warmed pool starts its workers before the files come and parses them in those, never more than asked', async () => {
    const counter = countingWorkers();
    const pool = workerPool(counter.host);
    try {
      warmWorkers(pool, 2);
      expect(counter.spawned).toBe(2); // started at once, before any file
      warmWorkers(pool, 2); // already there: none more
      expect(counter.spawned).toBe(2);
      const files = [csv([row()]), csv([row(), row({ 'CPR-nr': '720190-2222' })])];
      const parsed = await Promise.all(files.map((f) => extractParser(pool)(f, OPTS)));
      expect(parsed.map((p) => p.validated.tally.rowsKept)).toEqual([1, 2]);
      expect(counter.spawned).toBe(2); // both parsed in the warmed workers
      warmWorkers('same-thread', 2); // no pool, nothing to start
    } finally {
      pool.close();
    }
    await vi.waitFor(() => expect(counter.live).toBe(0));
    warmWorkers(pool, 1); // a closed pool starts nothing
    expect(counter.spawned).toBe(2);
  });

  it('a pool never reuses a worker that failed: past its time, cancelled', async () => {
    const counter = countingWorkers();
    const pool = workerPool(counter.host);
    try {
      const late = await extractParser(pool, { limits: { timeoutMs: 5 } })(bigCsv(20_000), OPTS).catch((e: unknown) => e);
      expect(late).toMatchObject({ code: 'EXTRACT_TOO_COMPLEX', details: { reason: 'time' } });
      const ac = new AbortController();
      await expect(extractParser(pool, { signal: ac.signal })(bigCsv(200_000), OPTS, () => ac.abort())).rejects.toMatchObject({ code: 'CANCELLED' });
      await vi.waitFor(() => expect(counter.live).toBe(0)); // both ended, neither kept
      expect((await extractParser(pool)(csv([row()]), OPTS)).validated.tally.rowsKept).toBe(1);
      expect(counter.spawned).toBe(3);
    } finally {
      pool.close();
    }
  });

  it('moves the plaintext to the worker (nothing left behind) and the same-thread path zeroes it', async () => {
    const moved = csv([row()]);
    await extractParser(sourceWorkers())(moved, OPTS);
    expect(moved.byteLength).toBe(0); // detached: the bytes went to the worker, which zeroed them
    const kept = csv([row()]);
    await extractParser('same-thread')(kept, OPTS);
    expect(kept.every((b) => b === 0)).toBe(true);
  });

  it('gives a received file’s buffer back from the worker, all zeros, for the engine to use again', async () => {
    const { identity, recipient } = await newIdentity();
    const file = await encryptTo([recipient], csv([row(), row({ 'CPR-nr': '720190-2222' })]));
    const length = file.byteLength;
    const spares: ArrayBuffer[] = [];
    const parsed = await fileParser(sourceWorkers(), { spare: (b) => spares.push(b) })(file, { identity, recipient }, OPTS);
    expect(parsed.parsed.validated.tally.rowsKept).toBe(2);
    expect(file.byteLength).toBe(0); // moved to the worker
    expect(spares).toHaveLength(1);
    expect(spares[0]!.byteLength).toBe(length);
    expect(new Uint8Array(spares[0]!).every((b) => b === 0)).toBe(true);
    // A refused file's buffer is not given back (the worker zeroed it all the same).
    const refused = await encryptTo([recipient], new TextEncoder().encode('nonsense'));
    await expect(fileParser(sourceWorkers(), { spare: (b) => spares.push(b) })(refused, { identity, recipient }, OPTS)).rejects.toBeInstanceOf(EngineError);
    expect(spares).toHaveLength(1);
  });

  it('passes typed errors through (row and column named)', async () => {
    const bad = new TextEncoder().encode(`${HEADER_DA.join(';')}\r\n${row().join(';')}\r\n710190-1234;"Test;Jobcenter\r\n`);
    const err = await extractParser(sourceWorkers())(bad, OPTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err).toMatchObject({ code: 'EXTRACT_INVALID', details: { row: 3, column: '2' } });
  });

  it('a file that would outgrow the worker’s heap ends as EXTRACT_TOO_COMPLEX, and the process lives on', async () => {
    for (const [old, young, rows] of [
      [16, 4, 150_000], // the CSV's text alone would not fit: refused before it is decoded
      [96, 16, 200_000], // fits, but what validation keeps grows past three quarters of the heap
    ] as const) {
      const err = await extractParser(sourceWorkers(), { limits: { maxOldGenerationSizeMb: old, maxYoungGenerationSizeMb: young } })(bigCsv(rows), OPTS).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'EXTRACT_TOO_COMPLEX' });
    }
    // The next file parses normally.
    expect((await extractParser(sourceWorkers())(csv([row()]), OPTS)).validated.tally.rowsKept).toBe(1);
  });

  it('a worker that dies of its heap limit is a typed failure (memory), not a crash', async () => {
    const greedy: WorkerHost = { spawn: (_name, options) => new Worker('const a = []; for (;;) a.push({ n: a.length, s: String(a.length) });', { ...options, eval: true }) };
    const err = await runInWorker(greedy, 'extract', {}, [], { limits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8, timeoutMs: 60_000 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerFailure);
    expect((err as WorkerFailure).kind).toBe('memory');
  });

  it('a worker past its time ends as EXTRACT_TOO_COMPLEX', async () => {
    const err = await extractParser(sourceWorkers(), { limits: { timeoutMs: 5 } })(bigCsv(20_000), OPTS).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EXTRACT_TOO_COMPLEX', details: { reason: 'time' } });
  });

  it('an abort ends the worker at once as CANCELLED', async () => {
    const ac = new AbortController();
    const t = performance.now();
    const p = extractParser(sourceWorkers(), { signal: ac.signal })(bigCsv(200_000), OPTS, () => ac.abort());
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - t).toBeLessThan(20_000);
  });
});

/** A demo workspace with a screener logged in (fictitious CPR numbers are allowed). */
async function screener(overrides: Parameters<typeof newEngine>[1] = {}) {
  const dir = await tempDir();
  const engine = await newEngine(dir, overrides);
  await call(engine, 'workspace.createDemo', {});
  await call(engine, 'session.login', { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' });
  const { recipient } = await call(engine, 'unit.recipient', {});
  await call(engine, 'session.login', { username: 'demo.udsoeger', passphrase: 'demo-udsoeger-fiktiv' });
  return { dir, engine, recipient };
}

describe('import.file with the worker', { timeout: 180_000 }, () => {
  it('runs the parse in a worker, and a heap overflow there is EXTRACT_TOO_COMPLEX, not INTERNAL', async () => {
    const counter = countingWorkers();
    const { dir, engine, recipient } = await screener({ workers: counter.host, extractLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } });
    const before = counter.spawned;
    const path = await encryptedFile(dir, 'big.age', bigCsv(150_000), recipient);
    await expectError(engine.invoke('import.file', { path }), 'EXTRACT_TOO_COMPLEX');
    expect(counter.spawned).toBe(before + 1);
  });

  it('cancel ends the worker mid-parse: CANCELLED, nothing imported', async () => {
    const { dir, engine, recipient } = await screener();
    const before = await call(engine, 'import.snapshots', {});
    const path = await encryptedFile(dir, 'big.age', bigCsv(200_000), recipient);
    const parsing = new Promise<void>((resolve) => engine.onEvent((e) => e.type === 'progress' && e.payload.unit === 'rows' && resolve()));
    const running = engine.invoke('import.file', { path, operationId: 'import-big' });
    await Promise.race([parsing, running.then((r) => Promise.reject(new Error(`ended before parsing: ${JSON.stringify(r)}`)))]);
    expect(await call(engine, 'operations.cancel', { id: 'import-big' })).toEqual({ cancelled: true });
    await expectError(running, 'CANCELLED');
    expect(await call(engine, 'import.snapshots', {})).toEqual(before);
  });

  it('the idle lock stops a running import instead of waiting behind it', async () => {
    const clock = manualTimers();
    const { dir, engine, recipient } = await screener({ timers: clock.timers });
    const path = await encryptedFile(dir, 'big.age', bigCsv(200_000), recipient);
    const events: EngineEvent[] = [];
    const parsing = new Promise<void>((resolve) =>
      engine.onEvent((e) => {
        events.push(e);
        if (e.type === 'progress' && e.payload.unit === 'rows') resolve();
      }),
    );
    const running = engine.invoke('import.file', { path, operationId: 'import-big' });
    await Promise.race([parsing, running.then((r) => Promise.reject(new Error(`ended before parsing: ${JSON.stringify(r)}`)))]);
    clock.advance(16 * 60_000); // past the 15 idle minutes
    await expectError(running, 'CANCELLED');
    await expectError(engine.invoke('import.snapshots', {}), 'NOT_AUTHENTICATED');
    expect(events.some((e) => e.type === 'session.locked')).toBe(true);
  });
});
