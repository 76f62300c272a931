import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sourceWorkers } from '../support/workers';
import { describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/tvaerblik';
import { decryptWith, encryptTo, newIdentity } from '../../electron/engine/base/crypto/age';
import { ADMIN, call, withWorkspace } from '../support/engine';

const run = promisify(execFile);

async function exportFixture() {
  const { dir, engine } = await withWorkspace();
  await call(engine, 'users.add', { username: 'dora.dpo', displayName: 'Dora', roles: ['dpo'], passphrase: 'tilsynets lange sætning' });
  await call(engine, 'session.login', { username: 'dora.dpo', passphrase: 'tilsynets lange sætning' });
  await call(engine, 'audit.list', { subject: '0101709999' });
  const { identity, recipient } = await newIdentity();
  const out = await call(engine, 'audit.export', { recipient });
  const good = join(dir, 'log.jsonl.age');
  await writeFile(good, Buffer.from(out.base64, 'base64'));
  const keyFile = join(dir, 'dpo-key.txt');
  await writeFile(keyFile, `# created: test\n# public key: ${recipient}\n${identity}\n`);
  // A tampered copy: decrypt, change one entry's user, encrypt again to the same recipient.
  const text = new TextDecoder().decode(await decryptWith({ identities: [identity] }, Buffer.from(out.base64, 'base64')));
  const bad = join(dir, 'tampered.jsonl.age');
  await writeFile(bad, await encryptTo([recipient], new TextEncoder().encode(text.replace(`"user":"${ADMIN.username}"`, '"user":"mallory"'))));
  return { dir, good, bad, keyFile };
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
    expect(await main(['verify-log', f.good, '--identity', f.keyFile], a.io)).toBe(0);
    expect(a.out.join()).toMatch(/^OK: \d+ entries, \d+ signed checkpoints/);
    const b = io();
    expect(await main(['verify-log', f.bad, '--identity', f.keyFile], b.io)).toBe(1);
    expect(b.out.join()).toMatch(/^INVALID at entry 1 \(line 2\): entry 1 does not match its hash: edited/);
  });

  it('explains what is missing for an encrypted export, and rejects bad usage with exit 2', async () => {
    const f = await exportFixture();
    const a = io();
    expect(await main(['verify-log', f.good], a.io)).toBe(2);
    expect(a.err.join()).toMatch(/--identity KEYFILE or set TVAERBLIK_EXPORT_PASSPHRASE/);
    expect(await main(['frobnicate'], io().io)).toBe(2);
    const h = io();
    expect(await main(['--help'], h.io)).toBe(0);
    expect(h.out.join()).toContain('verify-log FILE');
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
    const ok = await run('node', ['bin/tvaerblik.mjs', 'verify-log', f.good, '--identity', f.keyFile]);
    expect(ok.stdout).toMatch(/^OK:/);
    const bad = await run('node', ['bin/tvaerblik.mjs', 'verify-log', f.bad, '--identity', f.keyFile, '--json']).catch((e: { code: number; stdout: string }) => e);
    expect('code' in bad && bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, position: 1, line: 2 });
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
    expect(await main(['validate', join(dir, 'ok.csv'), '--demo'], io().io)).toBe(0);
    const bad = io();
    expect(await main(['validate', join(dir, 'bad.csv'), '--demo'], bad.io)).toBe(1);
    expect(bad.out.join('\n')).toContain('row 3, column Startdato: date-invalid');
  });
});
