/**
 * The log's history outside the workspace: the DPO's log key, the witness file and the journal.
 * A deleted, truncated or older journal and a rolled-back workspace are found at the next open,
 * written to the log, and shown to the DPO (audit.integrity); a clean save and reopen finds
 * nothing. The DPO's key signs; nobody else's session does, and the key is nowhere in the database.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IntegrityEvent } from '../../shared/schemas';
import { deriveLogSigner } from '../../electron/engine/base/audit-log/log-key';
import type { FsLike } from '../../electron/engine/base/deps';
import { decodeWorkspaceFile } from '../../electron/engine/base/workspace/format';
import { closeWorkspace, openWorkspace } from '../../electron/engine/base/workspace/store';
import type { Engine } from '../../electron/engine/engine';
import { ADMIN, addStaff, call, expectError, newEngine, openUserSlot, testDeps, withWorkspace } from '../support/engine';

const DORA = { username: 'dora.dpo', displayName: 'Dora DPO', roles: ['dpo' as const], passphrase: 'tilsynets lange sætning' };
const DORA_LOGIN = { username: DORA.username, passphrase: 'doras egen hemmelige sætning' };
const ADMIN_LOGIN = { username: ADMIN.username, passphrase: ADMIN.passphrase };

/** A workspace with a DPO who has chosen her own passphrase (and so holds her log key). Nobody logged in. */
async function withDpo() {
  const { dir, engine, path } = await withWorkspace();
  // Added the way the app does it: a temporary passphrase she replaces, and the DPO role approved by a second administrator.
  await addStaff(engine, [{ ...DORA, passphrase: DORA_LOGIN.passphrase }]);
  await call(engine, 'session.login', DORA_LOGIN); // her first login as DPO: her key is registered and signs
  await engine.dispose();
  return { dir, path, journal: `${path}.journal`, witness: `${path}.witness` };
}

/** What the DPO's Audit screen shows about the log's integrity, newest first, as kinds. */
async function dpoSees(dir: string): Promise<IntegrityEvent['kind'][]> {
  const e = await newEngine(dir);
  await call(e, 'session.login', DORA_LOGIN);
  const status = await call(e, 'audit.integrity', {});
  await e.dispose();
  return status.events.map((x) => x.kind);
}

/** Logged calls that only the journal holds when the process "dies" (no dispose). */
async function unsavedCalls(dir: string, n: number): Promise<Engine> {
  const e = await newEngine(dir);
  await call(e, 'session.login', DORA_LOGIN);
  for (let i = 0; i < n; i++) await call(e, 'audit.list', { subject: `010170999${i}` });
  return e;
}

/** The journal cut at a record boundary: whole records only, the last `drop` gone. */
function dropRecords(bytes: Buffer, drop: number): Buffer {
  let pos = bytes.indexOf(0x0a) + 1;
  const ends: number[] = [];
  while (pos < bytes.length) {
    pos += 4 + bytes.readUInt32BE(pos);
    ends.push(pos);
  }
  return bytes.subarray(0, ends[ends.length - 1 - drop] ?? bytes.indexOf(0x0a) + 1);
}

const FINDINGS: IntegrityEvent['kind'][] = ['journal-missing', 'journal-older', 'journal-torn', 'journal-damaged', 'journal-rejected', 'witness-missing', 'witness-behind', 'witness-mismatch', 'witness-unreadable', 'witness-bad-signature'];
const findingsIn = (kinds: IntegrityEvent['kind'][]) => kinds.filter((k) => FINDINGS.includes(k));

describe('the journal and the witness', () => {
  it('a clean save and reopen, and a crash with the journal intact, find nothing', async () => {
    const { dir } = await withDpo();
    const e = await unsavedCalls(dir, 2); // the process dies; the journal holds the two
    void e;
    const kinds = await dpoSees(dir);
    expect(findingsIn(kinds)).toEqual([]);
    expect(kinds).toContain('log-key-new');
  });

  it('a journal deleted after a crash is reported, with the entries it held', async () => {
    const { dir, journal } = await withDpo();
    await unsavedCalls(dir, 3);
    await rm(journal);
    const e = await newEngine(dir);
    await call(e, 'session.login', ADMIN_LOGIN); // anyone's login finds it and logs it
    await e.dispose();
    const kinds = findingsIn(await dpoSees(dir));
    expect(kinds).toEqual(expect.arrayContaining(['journal-missing', 'witness-behind']));
  });

  it('a journal cut at a record boundary is found through the witness', async () => {
    const { dir, journal } = await withDpo();
    await unsavedCalls(dir, 3);
    await writeFile(journal, dropRecords(await readFile(journal), 2));
    const e = await newEngine(dir);
    await call(e, 'session.login', DORA_LOGIN);
    const status = await call(e, 'audit.integrity', {});
    const behind = status.events.find((x) => x.kind === 'witness-behind');
    expect(behind).toMatchObject({ count: 2, signed: false, by: DORA.username });
    expect(findingsIn(status.events.map((x) => x.kind))).not.toContain('journal-missing');
  });

  it('an older journal (of an earlier save) put in place of the current one is reported', async () => {
    const { dir, journal } = await withDpo();
    const first = await unsavedCalls(dir, 1);
    await copyFile(journal, `${journal}.old`);
    await first.dispose(); // saved: a new generation
    await unsavedCalls(dir, 2); // saved at the DPO's login, then two in the journal; dies
    await copyFile(`${journal}.old`, journal);
    expect(findingsIn(await dpoSees(dir))).toEqual(expect.arrayContaining(['journal-older', 'witness-behind']));
  });

  it('a workspace rolled back with its journal is found: the witness holds a later DPO checkpoint', async () => {
    const { dir, path, journal } = await withDpo();
    await copyFile(path, `${path}.backup`);
    await copyFile(journal, `${journal}.backup`);
    const later = await unsavedCalls(dir, 2);
    await later.dispose(); // a DPO session's save: a signed checkpoint goes to the witness
    await copyFile(`${path}.backup`, path);
    await copyFile(`${journal}.backup`, journal);
    const e = await newEngine(dir);
    await call(e, 'session.login', DORA_LOGIN);
    const status = await call(e, 'audit.integrity', {});
    expect(status.events.find((x) => x.kind === 'witness-behind')).toMatchObject({ signed: true });
    // The log itself is intact: the rollback is seen only against the witness.
    expect((await call(e, 'audit.verify', {})).ok).toBe(true);
  });

  it('holds no entry hash in the clear: an entry about one citizen could be guessed from it', async () => {
    const { dir, witness } = await withDpo();
    await (await unsavedCalls(dir, 2)).dispose();
    const text = await readFile(witness, 'utf8');
    const deps = await testDeps(dir);
    const ws = await openWorkspace(deps, ADMIN.username, ADMIN.passphrase);
    try {
      const hashes = ws.audit.entries().map((e) => e.hash);
      expect(hashes.length).toBeGreaterThan(4);
      for (const h of hashes) expect(text).not.toContain(h);
      expect(text.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(hashes.length);
    } finally {
      closeWorkspace(ws);
    }
  });

  it('a deleted witness file is reported once one was written', async () => {
    const { dir, witness } = await withDpo();
    await rm(witness);
    expect(findingsIn(await dpoSees(dir))).toContain('witness-missing');
  });

  it('a witness file that cannot be written does not stop the work; the failure is logged once', async () => {
    const { dir } = await withDpo();
    let fail = true;
    const fs: FsLike = {
      ...fsp,
      open: (async (path: string, flags?: string, mode?: number) => {
        if (fail && String(path).endsWith('.witness')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        return fsp.open(path, flags, mode);
      }) as FsLike['open'],
    };
    const e = await newEngine(dir, { fs });
    await call(e, 'session.login', ADMIN_LOGIN);
    for (let i = 0; i < 3; i++) await call(e, 'users.list', {});
    fail = false;
    await e.dispose();
    const kinds = await dpoSees(dir);
    expect(kinds.filter((k) => k === 'witness-write-failed')).toHaveLength(1);
  });
});

describe('the DPO’s log key', () => {
  it('only a DPO’s session signs, and the key is nowhere in the database', async () => {
    const { dir, path } = await withDpo();
    const deps = await testDeps(dir);
    // What an insider with the administrator's passphrase can read: the whole database.
    const ws = await openWorkspace(deps, ADMIN.username, ADMIN.passphrase);
    const header = ws.header;
    const db = Buffer.from(ws.db.export());
    const signed = ws.audit.checkpoints({ signedByDpo: true }).length;
    expect(signed).toBeGreaterThan(0);
    closeWorkspace(ws);
    // The key Dora's app derives (the test may open her slot; an insider cannot).
    const secrets = (await openUserSlot(header, DORA.username, DORA_LOGIN.passphrase))?.secrets;
    const key = deriveLogSigner(secrets!.identity, header.workspaceId);
    const raw = key.privateKey.export({ type: 'pkcs8', format: 'der' });
    expect(db.includes(Buffer.from(raw.toString('base64')))).toBe(false);
    expect(db.includes(raw.subarray(raw.length - 32))).toBe(false);
    expect(db.includes(Buffer.from(key.publicDer))).toBe(true); // its public half is, to check checkpoints

    // An administrator's session saves without signing.
    const a = await newEngine(dir);
    await call(a, 'session.login', ADMIN_LOGIN);
    await call(a, 'settings.update', { idleMinutes: 8 });
    await a.dispose();
    const again = await openWorkspace(deps, ADMIN.username, ADMIN.passphrase);
    expect(again.audit.checkpoints({ signedByDpo: true }).length).toBe(signed);
    closeWorkspace(again);
    expect(decodeWorkspaceFile(await readFile(path)).header.slots).toHaveLength(3); // two administrators and Dora
  });

  it('keeps its fingerprint across the DPO’s own passphrase changes; an administrator’s reset makes a new key the DPO must take on', async () => {
    const { dir } = await withDpo();
    const e = await newEngine(dir);
    await call(e, 'session.login', DORA_LOGIN);
    const first = (await call(e, 'audit.integrity', {})).key!.fingerprint;
    expect(first).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
    await call(e, 'session.changePassphrase', { current: DORA_LOGIN.passphrase, next: 'doras tredje hemmelige sætning' });
    expect((await call(e, 'audit.integrity', {})).key!.fingerprint).toBe(first);

    await call(e, 'session.login', ADMIN_LOGIN);
    await call(e, 'users.resetPassphrase', { username: DORA.username, passphrase: 'ny midlertidig sætning 2' });
    await call(e, 'session.login', { username: DORA.username, passphrase: 'ny midlertidig sætning 2' });
    // The administrator's app made that identity: nothing, and so no signing, until Dora has chosen her own passphrase.
    await expectError(e.invoke('audit.integrity', {}), 'PASSPHRASE_CHANGE_REQUIRED');
    await expectError(e.invoke('audit.export', { recipient: 'age1zjmh5el7pvhfqsdajxapsm8d8qn6pt0jj9j467vqh6qwzt2ymcyqeh8my8' }), 'PASSPHRASE_CHANGE_REQUIRED');
    await call(e, 'session.changePassphrase', { current: 'ny midlertidig sætning 2', next: 'doras fjerde hemmelige sætning' });
    const status = await call(e, 'audit.integrity', {});
    expect(status.key!.fingerprint).not.toBe(first);
    expect(status.keys.map((k) => [k.holder, k.yours])).toEqual([
      [DORA.username, false],
      [DORA.username, true],
    ]);
    expect(status.events.filter((x) => x.kind === 'log-key-new')).toHaveLength(2);
    await e.dispose();
  });

  it('the DPO moves the witness file to a place of their choosing; the new file gets every checkpoint', async () => {
    const { dir } = await withDpo();
    const elsewhere = join(dir, 'tilsyn');
    await mkdir(elsewhere);
    const e = await newEngine(dir);
    await call(e, 'session.login', DORA_LOGIN);
    await expectError(e.invoke('audit.setWitness', { path: 'relativ/sti.witness' }), 'VALIDATION');
    await expectError(e.invoke('audit.setWitness', { path: join(dir, 'findes-ikke', 'x.witness') }), 'VALIDATION');
    const target = join(elsewhere, 'tvaerblik.witness');
    await call(e, 'audit.setWitness', { path: target });
    const status = await call(e, 'audit.integrity', {});
    expect(status.witness).toMatchObject({ path: target, besideWorkspace: false, lastCheckpoint: { seq: expect.any(Number) } });
    expect(status.events[0]).toMatchObject({ kind: 'witness-moved', by: DORA.username });
    const lines = (await readFile(target, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { t: string });
    expect(lines.filter((l) => l.t === 'checkpoint').length).toBeGreaterThanOrEqual(1);
    await e.dispose();
    // And the next open compares with the new place: nothing to report.
    expect(findingsIn(await dpoSees(dir))).toEqual([]);
  });
});
