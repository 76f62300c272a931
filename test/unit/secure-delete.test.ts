/**
 * Deleted data does not live on in the database image: when a source's extract is replaced, the
 * old extract's names, CPR numbers, goals and caseworkers are gone from the image in memory and
 * from the saved workspace (decrypted here with the user's passphrase, as only they can), not
 * left in SQLite's free pages or in dictionary rows nothing refers to any more.
 */
import { readFile } from 'node:fs/promises';
import type { Database } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { decryptWith, encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { all, getMeta, openDatabase, setMeta } from '../../electron/engine/base/database';
import { loadSqlJs } from '../../electron/engine/base/node-host';
import { decodeWorkspaceFile } from '../../electron/engine/base/workspace/format';
import { closeWorkspace, openWorkspace, saveWorkspace } from '../../electron/engine/base/workspace/store';
import { importExtract } from '../../electron/engine/import/import-extract';
import { extractParser } from '../../electron/engine/import/parse';
import { SCHEMA } from '../../electron/engine/schema';
import { ADMIN, addStaff, call, openUserSlot, testDeps, withWorkspace } from '../support/engine';
import { canaries, csv, encryptedFile, extractWith, row } from '../support/extracts';

type People = ReturnType<typeof canaries>;

/** Every canary text of a set that occurs in the bytes, as it is stored (SQLite text is UTF-8). */
function found(image: Uint8Array, people: People, what: ('cpr' | 'name' | 'goal' | 'caseworker')[] = ['cpr', 'name', 'goal', 'caseworker']): string[] {
  const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  return people.flatMap((p) => what.map((k) => p[k]).filter((text) => bytes.includes(Buffer.from(text, 'utf8'))));
}

/** A database as the engine opens one, with the unit's key, into which extracts are imported. */
async function database() {
  const db = openDatabase(await loadSqlJs(), SCHEMA);
  const { identity, recipient } = await newIdentity();
  setMeta(db, 'unit_identity', identity);
  setMeta(db, 'unit_recipient', recipient);
  const load = async (name: string, plain: Uint8Array) => {
    const c = { db, demo: false, user: 'test', now: new Date(), progress: () => undefined, cancelled: () => false, parse: extractParser('same-thread') };
    const out = await importExtract(c, name, await encryptTo([recipient], plain), { acceptRejected: false, confirmEmpty: false });
    expect(out.status).toBe('imported');
  };
  return { db, load };
}

const pragma = (db: Database, name: string) => Number(db.exec(`PRAGMA ${name}`)[0]!.values[0]![0]);

describe('deleted data in the database image', () => {
  it('a replaced extract leaves nothing of itself in the image in memory', async () => {
    const { db, load } = await database();
    const first = canaries('1');
    const second = canaries('2');
    await load('jobcenter-1.csv.age', extractWith(first, 500));
    expect(found(db.export(), first)).toHaveLength(first.length * 4); // the search sees them when they are there
    await load('jobcenter-2.csv.age', extractWith(second, 500));
    const image = db.export();
    expect(found(image, first)).toEqual([]);
    expect(found(image, second)).toHaveLength(second.length * 4);
    // export() leaves the connection's settings as they were
    expect(pragma(db, 'secure_delete')).toBe(1);
    expect(pragma(db, 'foreign_keys')).toBe(1);
    db.close();
  });

  it('keeps what the other sources still refer to: their goals, caseworkers and persons', async () => {
    const { db, load } = await database();
    const kept = canaries('3');
    const ydelse = csv(kept.map((p) => row({ 'CPR-nr': `${p.cpr.slice(0, 6)}-${p.cpr.slice(6)}`, Navn: p.name, Mål: p.goal, Sagsbehandler: p.caseworker, Sektor: 'Ydelse', Ydelseskode: 'LAS_KH', Ydelse: 'Kontanthjælp' })));
    await load('ydelse.csv.age', ydelse);
    await load('jobcenter-1.csv.age', extractWith(canaries('1'), 50));
    await load('jobcenter-2.csv.age', extractWith(canaries('2'), 50));
    expect(found(db.export(), kept)).toHaveLength(kept.length * 4);
    // every service points at its texts (legal basis and goal ids once overflowed 32 bits)
    expect(all(db, `SELECT count(*) AS n FROM service s WHERE NOT EXISTS (SELECT 1 FROM dict d WHERE d.id = s.goal_id)
                    OR NOT EXISTS (SELECT 1 FROM dict d WHERE d.id = s.legal_basis_id)`)[0]!.n).toBe(0);
    db.close();
  });

  it('without secure_delete the same replacement would leave the old rows behind (the test can see them)', async () => {
    const { db, load } = await database();
    db.exec('PRAGMA secure_delete = OFF');
    const first = canaries('1');
    await load('jobcenter-1.csv.age', extractWith(first, 500));
    await load('jobcenter-2.csv.age', extractWith(canaries('2'), 500));
    expect(found(db.export(), first, ['name', 'cpr']).length).toBeGreaterThan(0);
    db.close();
  });

  it('a replaced extract leaves nothing in the saved workspace file but the access log’s own record of the import', async () => {
    const { dir, engine, path } = await withWorkspace();
    const { recipient } = await call(engine, 'unit.recipient', {});
    await addStaff(engine, [{ username: 'sara', displayName: 'Sara', roles: ['screener'], passphrase: 'hun har en lang sætning' }]);
    await call(engine, 'session.login', { username: 'sara', passphrase: 'hun har en lang sætning' });
    const first = canaries('1');
    const second = canaries('2');
    await call(engine, 'import.file', { path: await encryptedFile(dir, 'jobcenter-1.csv.age', extractWith(first, 500), recipient) });
    await call(engine, 'import.file', { path: await encryptedFile(dir, 'jobcenter-2.csv.age', extractWith(second, 500), recipient) });
    await engine.dispose();

    // What is on disk, decrypted the only way there is: with a user's passphrase.
    const { header, payload } = decodeWorkspaceFile(await readFile(path));
    const identity = (await openUserSlot(header, ADMIN.username, ADMIN.passphrase))!.secrets.identity;
    const image = await decryptWith({ identities: [identity] }, payload);
    expect(found(image, second)).toHaveLength(second.length * 4);
    expect(found(image, first, ['name', 'goal', 'caseworker'])).toEqual([]);

    // The first extract's CPR numbers remain where they must: the access log names every citizen
    // whose data an import stored. Without those rows, none may be left anywhere in the image.
    const db = new (await loadSqlJs()).Database(image);
    expect(all(db, 'SELECT DISTINCT cpr FROM audit_subject WHERE cpr IN (' + first.map(() => '?').join(',') + ')', first.map((p) => p.cpr))).toHaveLength(first.length);
    db.exec('PRAGMA secure_delete = ON; DROP TRIGGER audit_subject_no_delete; DROP TABLE audit_subject;');
    expect(found(db.export(), first, ['cpr'])).toEqual([]);
    db.close();
  });

  it('a workspace from before secure_delete is compacted once at its next save, so old free pages go', async () => {
    const { dir, engine, path } = await withWorkspace();
    await engine.dispose();
    const deps = await testDeps(dir);
    const ws = await openWorkspace(deps, ADMIN.username, ADMIN.passphrase);
    // As an earlier version left it: rows deleted without being overwritten, and no mark.
    const canary = 'Kanarie Gammeldags Frisidesen';
    ws.db.exec(`PRAGMA secure_delete = OFF; CREATE TABLE legacy (x TEXT); DELETE FROM meta WHERE key = 'secure_delete_since'`);
    for (let i = 0; i < 200; i++) ws.db.run('INSERT INTO legacy VALUES (?)', [`${canary} ${i}`]);
    ws.db.exec('DROP TABLE legacy; PRAGMA secure_delete = ON;');
    expect(Buffer.from(ws.db.export()).includes(canary)).toBe(true);
    await saveWorkspace(deps, ws);
    expect(getMeta(ws.db, 'secure_delete_since')).toBe('vacuum');
    closeWorkspace(ws);
    const { header, payload } = decodeWorkspaceFile(await readFile(path));
    const image = await decryptWith({ identities: [(await openUserSlot(header, ADMIN.username, ADMIN.passphrase))!.secrets.identity] }, payload);
    expect(Buffer.from(image).includes(canary)).toBe(false);
  });
});
