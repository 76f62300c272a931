import * as fsp from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyExport } from '../../electron/engine/audit/export';
import { decryptWith, newIdentity } from '../../electron/engine/base/crypto/age';
import type { FsLike } from '../../electron/engine/base/deps';
import { closeWorkspace, openWorkspace } from '../../electron/engine/base/workspace/store';
import { ADMIN, addStaff, call, dpoTrustedKey, expectError, newEngine, testDeps, withWorkspace } from '../support/engine';

const DORA = { username: 'dora.dpo', displayName: 'Dora DPO', roles: ['dpo' as const, 'admin' as const], passphrase: 'tilsynets lange sætning' };
/** Dora's own passphrase: her log key is made from the identity only she holds, after she replaced the one she was given. */
const DORAS_OWN = 'doras egen hemmelige sætning';

async function dpoEngine() {
  const ws = await withWorkspace();
  await addStaff(ws.engine, [DORA]);
  await call(ws.engine, 'session.login', { username: DORA.username, passphrase: DORA.passphrase });
  await call(ws.engine, 'session.changePassphrase', { current: DORA.passphrase, next: DORAS_OWN });
  return ws;
}

async function exportedText(engine: Awaited<ReturnType<typeof dpoEngine>>['engine'], subject?: string) {
  const { identity, recipient } = await newIdentity();
  const out = await call(engine, 'audit.export', { recipient, ...(subject ? { subject } : {}) });
  const plain = await decryptWith({ identities: [identity] }, Buffer.from(out.base64, 'base64'));
  return new TextDecoder().decode(plain);
}

describe('access log', () => {
  it('writes exactly one entry per logged call, whatever the sequence (model-based)', async () => {
    const { engine } = await dpoEngine();
    const commands = fc.constantFrom(
      ...([
      ['users.list', {}, true],
      ['audit.verify', {}, true],
      ['audit.list', { limit: 5 }, true],
      ['settings.update', { idleMinutes: 9 }, true],
      ['users.update', { username: ADMIN.username, displayName: 'Anna A.' }, true],
      ['users.update', { username: 'nobody' }, true], // fails, still logged as an error
      ['session.touch', {}, false],
      ['settings.get', {}, false],
      ['unit.recipient', {}, false],
      ['users.names', {}, false], // colleagues' names, no citizen's data
      ] as const),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(commands, { maxLength: 12 }), async (seq) => {
        for (const [method, input, logged] of seq) {
          const before = (await call(engine, 'audit.list', { limit: 1 })).entries[0]!.seq;
          const r = await engine.invoke(method, input);
          const after = (await call(engine, 'audit.list', { limit: 1 })).entries[0]!;
          // A list shows the log as it was before its own entry. Between the two reads lie the
          // first read's own entry and, if the call is logged, exactly one entry for the call.
          expect(after.seq - before).toBe(logged ? 2 : 1);
          if (logged) {
            expect(after.action).toBe(method);
            expect(after.outcome).toBe(r.ok ? 'ok' : 'error');
          }
        }
      }),
      { numRuns: 15 },
    );
  });

  it('finds a citizen in an entry naming many (kept as one list), never a number read across two of them', async () => {
    const { dir, engine } = await withWorkspace();
    await engine.dispose();
    const ws = await openWorkspace(await testDeps(dir), ADMIN.username, ADMIN.passphrase);
    try {
      // 1,500 citizens: past log.ts LIST_FROM. Neighbours 1000000000 and 1000000007 lie together
      // as 10000000001000000007, in which 0000010000 stands across the two.
      const cprs = Array.from({ length: 1500 }, (_, i) => String(1_000_000_000 + i * 7));
      const entry = { user: ADMIN.username, role: 'admin', subjectKind: 'extract' as const, subject: 'x', purpose: 'test', outcome: 'ok' as const };
      const many = await ws.audit.append({ ...entry, action: 'test.many', cprs });
      const one = await ws.audit.append({ ...entry, action: 'test.one', cprs: ['1000000007'] });
      expect(ws.audit.subjectsOf(many.seq)).toEqual(cprs);
      const found = (cpr: string) => ws.audit.list({ subject: cpr, limit: 10 }).entries.map((e) => e.seq);
      expect(found('1000000000')).toEqual([many.seq]);
      expect(found('100000-0007')).toEqual([one.seq, many.seq]);
      expect(found(cprs.at(-1)!)).toEqual([many.seq]);
      expect(found('0000010000')).toEqual([]);
      expect(ws.audit.entries('1000000000').map((e) => [e.seq, e.cprs])).toEqual([[many.seq, ['1000000000']]]);
      // Numbers written otherwise are kept in normal form, and the list is the log's own: the
      // caller changing theirs while the entry is written changes nothing in it.
      const given = ['100000-0014', '1000000021', ' 1000000028 '];
      const written = ws.audit.append({ ...entry, action: 'test.given', cprs: given });
      given.fill('9999999999');
      expect(ws.audit.subjectsOf((await written).seq)).toEqual(['1000000014', '1000000021', '1000000028']);
      const ready = ['1000000035', '1000000042'];
      const kept = ws.audit.append({ ...entry, action: 'test.ready', cprs: ready });
      ready.fill('9999999999');
      expect(ws.audit.subjectsOf((await kept).seq)).toEqual(['1000000035', '1000000042']);
      // Anything not in a CPR number's normal form is kept as rows, whatever the count.
      const odd = Array.from({ length: 1200 }, (_, i) => `x-${i}`);
      expect(ws.audit.subjectsOf((await ws.audit.append({ ...entry, action: 'test.odd', cprs: odd })).seq)).toEqual([...odd].sort());
      expect(ws.audit.verify()).toMatchObject({ ok: true });
    } finally {
      closeWorkspace(ws);
    }
  });

  it('refuses the operation when the log cannot be written, and changes nothing', async () => {
    const { dir, engine } = await withWorkspace();
    await engine.dispose();
    let failJournal = false;
    const fs: FsLike = {
      ...fsp,
      open: (async (path: string, flags?: string, mode?: number) => {
        if (failJournal && String(path).endsWith('.journal')) throw Object.assign(new Error('EROFS'), { code: 'EROFS' });
        return fsp.open(path, flags, mode);
      }) as FsLike['open'],
    };
    const e = await newEngine(dir, { fs });
    await call(e, 'session.login', { username: ADMIN.username, passphrase: ADMIN.passphrase });
    failJournal = true;
    await expectError(e.invoke('users.add', { ...DORA }), 'AUDIT_WRITE_FAILED');
    await expectError(e.invoke('users.list', {}), 'AUDIT_WRITE_FAILED'); // a read shows nothing either
    failJournal = false;
    const users = await call(e, 'users.list', {});
    expect(users.map((u) => u.username)).toEqual([ADMIN.username]);
  });

  it('refuses login when the log cannot be written', async () => {
    const { dir, engine } = await withWorkspace();
    await engine.dispose();
    const fs: FsLike = {
      ...fsp,
      open: (async (path: string, flags?: string, mode?: number) => {
        if (String(path).endsWith('.journal') && flags === 'a') throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
        return fsp.open(path, flags, mode);
      }) as FsLike['open'],
    };
    const e = await newEngine(dir, { fs });
    await expectError(e.invoke('session.login', { username: ADMIN.username, passphrase: ADMIN.passphrase }), 'AUDIT_WRITE_FAILED');
    expect((await call(e, 'app.status', {})).session).toBeNull();
  });

  it('keeps entries written after the last save when the app dies (journal replay)', async () => {
    const { dir, engine } = await dpoEngine();
    await call(engine, 'audit.list', { subject: '0101709999' }); // logged, journalled, not saved
    // no dispose: the process "dies" here
    const e = await newEngine(dir);
    await call(e, 'session.login', { username: DORA.username, passphrase: DORAS_OWN });
    const { entries } = await call(e, 'audit.list', { subject: '0101709999' });
    expect(entries.map((x) => [x.action, x.subjectKind, x.user])).toEqual([['audit.list', 'cpr', DORA.username]]);
    expect((await call(e, 'audit.verify', {})).ok).toBe(true);
  });

  it('verifies in the engine, with signed checkpoints made at each save', async () => {
    const { engine } = await dpoEngine();
    const r = await call(engine, 'audit.verify', {});
    expect(r).toMatchObject({ ok: true, position: null });
    expect(r.checkpoints).toBeGreaterThan(0);
  });

  describe('an export detects every kind of tampering and names the position', () => {
    let trusted: { keyId: string; publicDer: string };
    async function lines() {
      const { engine } = await dpoEngine();
      for (let i = 0; i < 4; i++) await call(engine, 'users.list', {});
      trusted = await dpoTrustedKey(engine);
      const text = await exportedText(engine);
      expect(verifyExport(text, { trusted: [trusted] })).toMatchObject({ ok: true });
      return text.trimEnd().split('\n');
    }
    const entryLineOf = (ls: string[], seq: number) => ls.findIndex((l) => l.includes('"type":"entry"') && JSON.parse(l).seq === seq);
    const verify = (ls: string[]) => verifyExport(`${ls.join('\n')}\n`, { trusted: [trusted] });

    it('an edited entry', async () => {
      const ls = await lines();
      const i = entryLineOf(ls, 3);
      ls[i] = ls[i]!.replace(/"outcome":"\w+"/, '"outcome":"denied"');
      expect(verify(ls)).toMatchObject({ ok: false, position: 3, line: i + 1 });
      expect(verify(ls).reason).toMatch(/edited/);
    });
    it('an inserted entry', async () => {
      const ls = await lines();
      const i = entryLineOf(ls, 2);
      ls.splice(i + 1, 0, ls[i]!);
      expect(verify(ls)).toMatchObject({ ok: false, position: 3 });
    });
    it('a deleted entry, named with the line where it belongs', async () => {
      const ls = await lines();
      const i = entryLineOf(ls, 4);
      ls.splice(i, 1);
      const r = verify(ls);
      expect(r).toMatchObject({ ok: false, position: 4, line: i + 1 }); // entry 5 now stands there
      expect(r.reason).toMatch(/missing/);
    });
    it('the last entry deleted: named, though no line holds it', async () => {
      const ls = await lines();
      const last = Math.max(...ls.filter((l) => l.includes('"type":"entry"')).map((l) => JSON.parse(l).seq as number));
      ls.splice(entryLineOf(ls, last), 1);
      expect(verify(ls)).toMatchObject({ ok: false, position: last, line: null });
    });
    it('a changed header: the footer’s line, and no entry, since none is at fault', async () => {
      const ls = await lines();
      ls[0] = ls[0]!.replace(/"unitName":"[^"]*"/, '"unitName":"Andet sted"');
      expect(verify(ls)).toMatchObject({ ok: false, position: null, line: ls.length });
      expect(verify(ls).reason).toMatch(/footer signature is invalid/);
    });
    it('reordered entries', async () => {
      const ls = await lines();
      const i = entryLineOf(ls, 2);
      [ls[i], ls[i + 1]] = [ls[i + 1]!, ls[i]!];
      expect(verify(ls)).toMatchObject({ ok: false, position: 2 });
    });
    it('a truncated file (the last entries and the footer gone)', async () => {
      const ls = await lines();
      const lastSeq = JSON.parse(ls[entryLineOf(ls, 1) + 0]!).seq as number;
      expect(lastSeq).toBe(1);
      const cut = ls.slice(0, entryLineOf(ls, 5));
      const r = verify(cut);
      // Without the footer nothing says how many entries there were, so none is named as missing.
      expect(r).toMatchObject({ ok: false, position: null, line: null });
      expect(r.reason).toMatch(/truncated/);
    });
    it('a rewritten tail with recomputed hashes is caught by the signatures', async () => {
      const { entryHash } = await import('../../electron/engine/base/audit-log/chain');
      const ls = await lines();
      let prev: string | null = null;
      for (let i = 0; i < ls.length; i++) {
        const o = JSON.parse(ls[i]!);
        if (o.type !== 'entry') continue;
        if (o.seq >= 3) {
          if (o.seq === 3) o.user = 'someone.else';
          o.prevHash = prev ?? o.prevHash;
          const { type: _t, hash: _h, ...fields } = o;
          o.hash = entryHash(fields);
          ls[i] = JSON.stringify(o);
        }
        prev = o.hash;
      }
      const r = verify(ls);
      expect(r.ok).toBe(false);
      expect(r.reason).toMatch(/checkpoint|footer|signed/);
    });
  });

  it('the officer’s own look names the citizens it shows: a page of the log, each number on it; a full export, everyone in it', async () => {
    const { engine } = await dpoEngine();
    await call(engine, 'audit.list', { subject: '0101709999' }); // an entry whose subject is the number
    const page = await call(engine, 'audit.list', { limit: 10 });
    expect(page.entries.some((e) => e.subject === '0101709999')).toBe(true);
    const aboutHer = async () => (await call(engine, 'audit.list', { subject: '0101709999', limit: 100 })).entries.map((e) => [e.action, e.subject]);
    // Her own search, and the page that showed it (its subject is the query, "*", not her number).
    expect(await aboutHer()).toEqual([
      ['audit.list', '*'],
      ['audit.list', '0101709999'],
    ]);
    // A page that does not show her number does not name her: it shows a search for another citizen.
    await call(engine, 'audit.list', { subject: '0202709998' });
    const other = await call(engine, 'audit.list', { limit: 1 });
    expect(other.entries.map((e) => e.subject)).toEqual(['0202709998']);
    expect((await aboutHer()).map(([action]) => action)).toEqual(['audit.list', 'audit.list', 'audit.list']); // her two searches' and the first page's
    await exportedText(engine);
    const entries = (await call(engine, 'audit.list', { subject: '0101709999', limit: 100 })).entries;
    expect(entries.find((e) => e.action === 'audit.export')).toMatchObject({ subject: '*', outcome: 'ok' });
    expect(entries.find((e) => e.action === 'audit.export')!.subjectCount).toBeGreaterThanOrEqual(1);
  });

  it('a refusal by a rule the call checks itself keeps the field at fault in its entry, as the contract’s do', async () => {
    const { engine } = await dpoEngine();
    const { recipient } = await newIdentity();
    await expectError(engine.invoke('audit.export', { recipient, passphrase: 'en lang nok eksportsætning' }), 'VALIDATION');
    const [entry] = (await call(engine, 'audit.list', { limit: 1 })).entries;
    expect(entry).toMatchObject({ action: 'audit.export', outcome: 'error', detail: '{"error":"VALIDATION","invalid":[{"path":"recipient","code":"custom"}]}' });
  });

  it('exports one subject’s entries for a citizen’s request, verifiable on its own', async () => {
    const { engine } = await dpoEngine();
    await call(engine, 'audit.list', { subject: '0101709999' });
    await call(engine, 'audit.list', { subject: '0202709998' });
    await call(engine, 'audit.list', { subject: '0101709999' });
    const text = await exportedText(engine, '0101709999');
    const trusted = [await dpoTrustedKey(engine)];
    const report = verifyExport(text, { trusted });
    expect(report).toMatchObject({ ok: true, entries: 2 });
    const tampered = text.replace('0101709999","purpose', '0101709990","purpose');
    expect(verifyExport(tampered, { trusted }).ok).toBe(false);
    // An entry taken out: the footer's count says so, but nothing says which, so none is named.
    const ls = text.trimEnd().split('\n');
    ls.splice(ls.findIndex((l) => l.includes('"type":"entry"')), 1);
    const removed = verifyExport(`${ls.join('\n')}\n`, { trusted });
    expect(removed).toMatchObject({ ok: false, position: null, line: null });
    expect(removed.reason).toMatch(/entries removed or added/);
  });
});
