/**
 * `tvaerblik demo --out DIR [--scale small|city|copenhagen|stress] [--seed N]`: writes the synthetic
 * municipality as age-encrypted extracts, plus the identity that opens them. The content and the
 * identity are deterministic from the seed (age itself encrypts with fresh randomness).
 */
import { bech32 } from '@scure/base';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encryptTo, recipientOf } from '../../engine/base/crypto/age';
import { generateMunicipality, SCALES, type Scale } from '../../engine/demo/generate';

/** An age X25519 identity derived from the seed, so the same seed always opens the same files. */
export function demoIdentity(seed: number): string {
  const secret = createHash('sha256').update(`tvaerblik-demo-identity|${seed}`).digest();
  return bech32.encode('age-secret-key-', bech32.toWords(secret), false).toUpperCase();
}

export async function writeDemo(out: string, scale: Scale, seed: number, today: Date, log: (s: string) => void) {
  const identity = demoIdentity(seed);
  const recipient = await recipientOf(identity);
  await mkdir(out, { recursive: true });
  const t0 = Date.now();
  const m = generateMunicipality(scale, seed, today);
  await writeFile(
    join(out, 'enhedens-noegle.txt'),
    `# Tværblik demo identity (FICTITIOUS DATA ONLY), seed ${seed}\n# public key: ${recipient}\n${identity}\n`,
    { mode: 0o600 },
  );
  for (const f of m.files) {
    await writeFile(join(out, `${f.name}.age`), await encryptTo([recipient], f.bytes));
    log(`${f.name}.age  ${f.rows} rows`);
  }
  log(`${m.persons} persons with a service, ${m.serviceRows} service rows (scale ${scale}, seed ${seed}) in ${Date.now() - t0} ms`);
  log(`identity: ${join(out, 'enhedens-noegle.txt')}   recipient: ${recipient}`);
  return { ...m, identity, recipient };
}

export function parseScale(v: string | undefined): Scale {
  const s = v ?? 'small';
  if (!(s in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  return s as Scale;
}
