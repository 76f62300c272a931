import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sourceWorkers } from '../support/workers';
import { describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/tvaerblik';
import { buildExport } from '../../electron/engine/audit/export';
import { checkpointText, entryHash, genesisHash, signText } from '../../electron/engine/base/audit-log/chain';
import { deriveLogSigner } from '../../electron/engine/base/audit-log/log-key';
import { decryptWith, encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { ADMIN, addStaff, call, newEngine, withWorkspace } from '../support/engine';

const run = promisify(execFile);

async function exportFixture() {
  const { dir, engine } = await withWorkspace();
  await addStaff(engine, [{ username: 'dora.dpo', displayName: 'Dora', roles: ['dpo'], passphrase: 'tilsynets lange sætning' }]);
  await call(engine, 'session.login', { username: 'dora.dpo', passphrase: 'tilsynets lange sætning' });
  await call(engine, 'session.changePassphrase', { current: 'tilsynets lange sætning', next: 'doras egen hemmelige sætning' });
  await call(engine, 'audit.list', { subject: '0101709999' });
  const { identity, recipient } = await newIdentity();
  const out = await call(engine, 'audit.export', { recipient });
  const good = join(dir, 'log.jsonl.age');
  await writeFile(good, Buffer.from(out.base64, 'base64'));
  const keyFile = join(dir, 'dpo-key.txt');
  await writeFile(keyFile, `# created: test\n# public key: ${recipient}\n${identity}\n`);
  // The DPO's log key, as the Audit screen saves it, and its fingerprint, as written on paper.
  const status = await call(engine, 'audit.integrity', {});
  const trustedKey = join(dir, 'loggens-noegle.txt');
  await writeFile(trustedKey, status.key!.fileText);
  // A tampered copy: decrypt, change one entry's user, encrypt again to the same recipient.
  const text = new TextDecoder().decode(await decryptWith({ identities: [identity] }, Buffer.from(out.base64, 'base64')));
  const bad = join(dir, 'tampered.jsonl.age');
  await writeFile(bad, await encryptTo([recipient], new TextEncoder().encode(text.replace(`"user":"${ADMIN.username}"`, '"user":"mallory"'))));
  return { dir, good, bad, keyFile, trustedKey, fingerprint: status.key!.fingerprint, text, engine, witness: join(dir, 'workspace.tvaerblik.witness') };
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env: {}, workers: sourceWorkers() } };
}

describe('tvaerblik verify-log', () => {
  it('accepts a good export (exit 0) and names the position in a tampered one (exit 1)', async () => {
    const f = await exportFixture();
    const a = io();
    expect(await main(['verify-log', f.good, '--identity', f.keyFile, '--trusted-key', f.trustedKey], a.io)).toBe(0);
    expect(a.out.join()).toMatch(/^OK: \d+ entries, [1-9]\d* checkpoints signed by a trusted key/);
    // The fingerprint from paper does as well as the key file.
    const p = io();
    expect(await main(['verify-log', f.good, '--identity', f.keyFile, '--trusted-key', f.fingerprint], p.io)).toBe(0);
    const b = io();
    expect(await main(['verify-log', f.bad, '--identity', f.keyFile, '--trusted-key', f.trustedKey], b.io)).toBe(1);
    expect(b.out.join()).toMatch(/^INVALID at entry 1 \(line 2\): entry 1 does not match its hash: edited/);
  });

  it('explains what is missing for an encrypted export, and rejects bad usage with exit 2', async () => {
    const f = await exportFixture();
    const a = io();
    expect(await main(['verify-log', f.good, '--trusted-key', f.trustedKey], a.io)).toBe(2);
    expect(a.err.join()).toMatch(/--identity KEYFILE or set TVAERBLIK_EXPORT_PASSPHRASE/);
    // Without a trusted key there is nothing to check the signatures against.
    const k = io();
    expect(await main(['verify-log', f.good, '--identity', f.keyFile], k.io)).toBe(2);
    expect(k.err.join()).toMatch(/needs --trusted-key/);
    expect(await main(['frobnicate'], io().io)).toBe(2);
    const h = io();
    expect(await main(['--help'], h.io)).toBe(0);
    expect(h.out.join()).toContain('verify-log FILE');
  });

  it('names an unknown option as unknown (exit 2), not as one that needs a value', async () => {
    const o = io();
    expect(await main(['verify-log', 'x.jsonl', '--bogus'], o.io)).toBe(2);
    expect(o.err.join('\n')).toContain('unknown option --bogus');
  });

  it.each(['verify-log', 'validate', 'demo', 'screen'])('%s --help prints its own usage and exits 0', async (command) => {
    const h = io();
    expect(await main([command, '--help'], h.io)).toBe(0);
    expect(h.out.join()).toContain(`tvaerblik ${command} `);
    expect(h.err).toEqual([]);
  });

  it('works as the installed command (npx tvaerblik) from the built bundle', async () => {
    if (!existsSync('dist/cli/tvaerblik.mjs')) throw new Error('Build first: npm run build (npm test does it)');
    const f = await exportFixture();
    const ok = await run('node', ['bin/tvaerblik.mjs', 'verify-log', f.good, '--identity', f.keyFile, '--trusted-key', f.trustedKey]);
    expect(ok.stdout).toMatch(/^OK:/);
    const bad = await run('node', ['bin/tvaerblik.mjs', 'verify-log', f.bad, '--identity', f.keyFile, '--trusted-key', f.trustedKey, '--json']).catch((e: { code: number; stdout: string }) => e);
    expect('code' in bad && bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, position: 1, line: 2 });
  });
});

describe('tvaerblik verify-log trusts only the DPO’s key', () => {
  /** The export as plain text in a file, for the unencrypted path verify-log also takes. */
  async function plain(dir: string, name: string, text: string) {
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  }
  const exitOf = async (args: string[]) => {
    const o = io();
    const code = await main(['verify-log', ...args], o.io);
    return { code, out: o.out.join('\n') };
  };
  /** A key someone other than the DPO made: what an insider re-signs with. */
  const insiderKey = async () => deriveLogSigner((await newIdentity()).identity, 'f'.repeat(32));
  const parse = (text: string) => text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown> & { type: string });

  it('refuses a fabricated log signed with a fresh key (exit 1, with the reason)', async () => {
    const f = await exportFixture();
    const header = parse(f.text)[0]!;
    const forger = await insiderKey();
    const e1 = { seq: 1, time: '2026-01-01T00:00:00.000Z', user: 'nobody', role: 'admin', action: 'users.list', subjectKind: 'user' as const, subject: '*', purpose: 'x', outcome: 'ok' as const, subjectCount: 0, subjectsDigest: '', detail: '', prevHash: genesisHash(String(header.workspaceId)) };
    const text = buildExport(
      { workspaceId: String(header.workspaceId), unitName: String(header.unitName), keys: [{ keyId: forger.keyId, publicKey: forger.publicDer, holder: 'dora.dpo' }], subject: null, witnessKey: null, exportedAt: 'now', exportedBy: 'dora.dpo' },
      [{ ...e1, hash: entryHash(e1), cprs: [] }],
      [],
      forger,
    );
    const r = await exitOf([await plain(f.dir, 'forged.jsonl', text), '--trusted-key', f.trustedKey]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/signed by a key you did not give as trusted/);
    // The fingerprint from paper cannot be satisfied by a key the forger lists under the DPO's name.
    expect((await exitOf([join(f.dir, 'forged.jsonl'), '--trusted-key', f.fingerprint])).code).toBe(1);
  });

  it('refuses the real log with its tail rewritten and re-signed by an insider’s key', async () => {
    const f = await exportFixture();
    const lines = parse(f.text);
    const header = lines[0]!;
    const entries = lines.filter((l) => l.type === 'entry').map(({ type: _t, ...e }) => e as unknown as Parameters<typeof entryHash>[0] & { hash: string; cprs: string[] });
    // Rewrite from the second entry on: another user, hashes recomputed, the chain intact.
    let prev = entries[0]!.hash;
    const rewritten = entries.map((e, i) => {
      if (i === 0) return e;
      const fields = { ...e, user: i === 1 ? 'someone.else' : e.user, prevHash: prev };
      const { hash: _h, cprs: _c, ...hashed } = fields;
      prev = entryHash(hashed);
      return { ...fields, hash: prev };
    });
    const forger = await insiderKey();
    const keys = [...(header.keys as { keyId: string; publicKey: string; holder: string }[]), { keyId: forger.keyId, publicKey: forger.publicDer, holder: 'dora.dpo' }];
    const h = { workspaceId: String(header.workspaceId), unitName: String(header.unitName), keys, subject: null, witnessKey: header.witnessKey as string, exportedAt: String(header.exportedAt), exportedBy: 'dora.dpo' };
    // With the DPO's checkpoints kept, their signatures no longer match the chain …
    const kept = lines.filter((l) => l.type === 'checkpoint').map(({ type: _t, ...c }) => c as unknown as Parameters<typeof buildExport>[2][number]);
    const a = await exitOf([await plain(f.dir, 'resigned-a.jsonl', buildExport(h, rewritten, kept, forger)), '--trusted-key', f.trustedKey]);
    expect(a.code).toBe(1);
    expect(a.out).toMatch(/INVALID( at entry \d+)?( \(line \d+\))?: .*(differs from its signed checkpoint|not give as trusted)/);
    // … and with them dropped or re-signed by the insider, the footer's key is not the DPO's.
    const resigned = kept.map((c) => ({ ...c, hash: rewritten.find((e) => e.seq === c.seq)?.hash ?? c.hash, keyId: forger.keyId, signature: signText(forger.privateKey, checkpointText(h.workspaceId, { ...c, hash: rewritten.find((e) => e.seq === c.seq)?.hash ?? c.hash })) }));
    for (const [name, cps] of [['resigned-b.jsonl', []], ['resigned-c.jsonl', resigned]] as const) {
      const r = await exitOf([await plain(f.dir, name, buildExport(h, rewritten, cps, forger)), '--trusted-key', f.trustedKey]);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/signed by a key you did not give as trusted/);
    }
  });

  it('refuses a full export with its checkpoints removed', async () => {
    const f = await exportFixture();
    const stripped = f.text.split('\n').filter((l) => !l.includes('"type":"checkpoint"')).join('\n');
    expect(stripped.length).toBeLessThan(f.text.length);
    const r = await exitOf([await plain(f.dir, 'stripped.jsonl', stripped), '--trusted-key', f.trustedKey]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/checkpoints removed, added or changed/);
  });

  it('accepts an export that gained a trailing blank line (or Windows line ends), and nothing else blank', async () => {
    const f = await exportFixture();
    expect((await exitOf([await plain(f.dir, 'blank.jsonl', `${f.text}\n`), '--trusted-key', f.trustedKey])).code).toBe(0);
    expect((await exitOf([await plain(f.dir, 'crlf.jsonl', `${f.text.replace(/\n/g, '\r\n')}\r\n`), '--trusted-key', f.trustedKey])).code).toBe(0);
    const inner = f.text.replace('\n', '\n\n');
    expect((await exitOf([await plain(f.dir, 'inner.jsonl', inner), '--trusted-key', f.trustedKey])).code).toBe(1);
  });

  it('with the witness file: a rolled-back log that verifies on its own is refused, because the DPO witnessed more', async () => {
    const f = await exportFixture();
    await f.engine.dispose(); // a DPO session's save: its checkpoint goes to the witness
    const path = join(f.dir, 'workspace.tvaerblik');
    await copyFile(path, `${path}.backup`);
    await copyFile(`${path}.journal`, `${path}.journal.backup`);
    const later = await newEngine(f.dir);
    await call(later, 'session.login', { username: 'dora.dpo', passphrase: 'doras egen hemmelige sætning' });
    for (let i = 0; i < 3; i++) await call(later, 'audit.list', { subject: '0101709999' });
    await later.dispose();
    // The DPO keeps a copy of the witness; the insider rolls back the workspace and deletes the one beside it.
    const dpoCopy = join(f.dir, 'dpo-kopi.witness');
    await copyFile(f.witness, dpoCopy);
    await copyFile(`${path}.backup`, path);
    await copyFile(`${path}.journal.backup`, `${path}.journal`);
    await rm(f.witness);
    const e = await newEngine(f.dir);
    await call(e, 'session.login', { username: 'dora.dpo', passphrase: 'doras egen hemmelige sætning' });
    const { identity, recipient } = await newIdentity();
    const out = await call(e, 'audit.export', { recipient });
    const text = new TextDecoder().decode(await decryptWith({ identities: [identity] }, Buffer.from(out.base64, 'base64')));
    const file = await plain(f.dir, 'rolled-back.jsonl', text);
    // On its own the rolled-back log is consistent and the DPO signed the export: that is what the witness is for.
    const alone = await exitOf([file, '--trusted-key', f.trustedKey]);
    expect(alone).toMatchObject({ code: 0, out: expect.stringMatching(/^OK/) });
    const r = await exitOf([file, '--trusted-key', f.trustedKey, '--witness', dpoCopy]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/the witness holds a checkpoint for entry \d+ signed|differs from the checkpoint the witness holds for it/);
    // The good export, made before the later checkpoints, is not held to them: it extends the same witness.
    const ok = await exitOf([f.good, '--identity', f.keyFile, '--trusted-key', f.trustedKey, '--witness', dpoCopy]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/extends the witnessed checkpoint at entry \d+/);
  });
});

describe('tvaerblik demo and validate', () => {
  it('writes an encrypted municipality that the age CLI opens, deterministic from the seed', async () => {
    const { mkdtemp, readFile: rf } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const a = await mkdtemp(join(tmpdir(), 'tvb-demo-'));
    const b = await mkdtemp(join(tmpdir(), 'tvb-demo-'));
    const out = io();
    expect(await main(['demo', '--out', a, '--seed', '11'], out.io)).toBe(0);
    expect(await main(['demo', '--out', b, '--seed', '11'], io().io)).toBe(0);
    expect(Number(/(\d+) persons with a service/.exec(out.out.join('\n'))?.[1])).toBeGreaterThanOrEqual(3000);
    const key = join(a, 'enhedens-noegle.txt');
    expect(await rf(key, 'utf8')).toBe(await rf(join(b, 'enhedens-noegle.txt'), 'utf8'));
    const plainA = (await run('age', ['-d', '-i', key, join(a, 'jobcenter.csv.age')], { encoding: 'buffer', maxBuffer: 64 << 20 })).stdout;
    const plainB = (await run('age', ['-d', '-i', key, join(b, 'jobcenter.csv.age')], { encoding: 'buffer', maxBuffer: 64 << 20 })).stdout;
    expect(Buffer.compare(plainA, plainB)).toBe(0);
    expect(plainA.toString('utf8')).toContain('CPR-nr;Navn;Sektor');

    // validate: the same rules as the app. The demo files carry deliberate bad rows: exit 1.
    const v = io();
    expect(await main(['validate', join(a, 'jobcenter.csv.age'), '--identity', key, '--demo', '--json'], v.io)).toBe(1);
    const report = JSON.parse(v.out[0]!);
    expect(report.receipt).toMatchObject({ kind: 'services', sector: 'jobcenter' });
    expect(report.rejections[0]).toMatchObject({ row: expect.any(Number), column: expect.any(String), reason: expect.any(String) });
    // without --demo every fictitious number is refused
    const strict = io();
    await main(['validate', join(a, 'jobcenter.csv.age'), '--identity', key, '--json'], strict.io);
    expect(JSON.parse(strict.out[0]!).receipt.rejected).toContainEqual(['cpr-fictitious', expect.any(Number)]);
  });

  it('validate exits 0 for a clean plaintext file and 1 with row, column and reason for a bad one', async () => {
    const { mkdtemp, writeFile: wf } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { csv, row } = await import('../support/extracts');
    const dir = await mkdtemp(join(tmpdir(), 'tvb-val-'));
    await wf(join(dir, 'ok.csv'), csv([row()]));
    await wf(join(dir, 'bad.csv'), csv([row(), row({ 'CPR-nr': '710190-123X4', Startdato: '2026-13-01' })]));
    const ok = io();
    expect(await main(['validate', join(dir, 'ok.csv'), '--demo'], ok.io)).toBe(0);
    // The producer sees what the receipt will say: the snapshot date and the distinct counts.
    expect(ok.out.join('\n')).toMatch(/judged as of \d{4}-\d{2}-\d{2}/);
    expect(ok.out.join('\n')).toContain('distinct: 1 citizens, 1 departments, 1 caseworkers');
    await wf(join(dir, 'ended.csv'), csv([row({ Status: 'Afsluttet' })]));
    const ended = io();
    expect(await main(['validate', join(dir, 'ended.csv'), '--demo'], ended.io)).toBe(0);
    expect(ended.out.join('\n')).toContain('IMPORTABLE AS AN EMPTY EXTRACT');
    // docs/extract-format.md: "`--json` then has `"empty": true`"
    const endedJson = io();
    expect(await main(['validate', join(dir, 'ended.csv'), '--demo', '--json'], endedJson.io)).toBe(0);
    expect(JSON.parse(endedJson.out.join('\n'))).toMatchObject({ importable: true, empty: true, receipt: { rowsKept: 0 } });
    const okJson = io();
    await main(['validate', join(dir, 'ok.csv'), '--demo', '--json'], okJson.io);
    expect(JSON.parse(okJson.out.join('\n'))).toMatchObject({ importable: true, empty: false });
    const bad = io();
    expect(await main(['validate', join(dir, 'bad.csv'), '--demo'], bad.io)).toBe(1);
    expect(bad.out.join('\n')).toContain('row 3, column Startdato: date-invalid');
    // Many rejected rows: the first 50 printed, and how many more there are.
    const many = Array.from({ length: 60 }, (_, i) => row({ 'CPR-nr': `710190-${String(2000 + i)}`, Startdato: 'i går' }));
    await wf(join(dir, 'many.csv'), csv([row(), ...many]));
    const long = io();
    expect(await main(['validate', join(dir, 'many.csv'), '--demo'], long.io)).toBe(1);
    expect(long.out.join('\n')).toContain('row 52, column Startdato: date-invalid');
    expect(long.out.join('\n')).not.toContain('row 53,');
    expect(long.out.join('\n')).toContain('… and 10 more rejected rows (--json lists them all)');
  });

  it('validate names the row and the byte where a file mixes UTF-8 with another encoding, as the app does', async () => {
    const { mkdtemp, writeFile: wf } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { csv, row } = await import('../support/extracts');
    const { toCsv } = await import('../../electron/engine/base/files/csv');
    const dir = await mkdtemp(join(tmpdir(), 'tvb-val-'));
    const utf8 = csv([row({ Navn: 'Mette Sørensen' })]); // header and row 2
    const latin1 = Buffer.from(toCsv([row({ 'CPR-nr': '710190-2222', Navn: 'Søren' })]), 'latin1'); // row 3, as Windows-1252
    const byte = utf8.length + latin1.indexOf(0xf8);
    await wf(join(dir, 'mixed.csv'), Buffer.concat([utf8, latin1]));
    const text = io();
    expect(await main(['validate', join(dir, 'mixed.csv'), '--demo'], text.io)).toBe(1);
    expect(text.out.join('\n')).toMatch(new RegExp(`^NOT IMPORTABLE: row 3, byte ${byte}: the file mixes UTF-8 with another encoding`));
    const json = io();
    expect(await main(['validate', join(dir, 'mixed.csv'), '--demo', '--json'], json.io)).toBe(1);
    expect(JSON.parse(json.out.join('\n')).error).toEqual({ code: 'EXTRACT_ENCODING', row: 3, column: '', byte, reason: expect.stringContaining('mixes UTF-8') });
  });
});
