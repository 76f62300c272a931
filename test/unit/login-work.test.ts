/**
 * A login on a name that has no account does the same key-derivation work as one on a real name
 * with a wrong passphrase (audit finding L8, the timing half). Counted through the injected KDF,
 * not timed: the count is what decides the time, and timings on a shared machine decide nothing.
 */
import { describe, expect, it } from 'vitest';
import { scryptKdf, type Kdf, type ScryptParams } from '../../electron/engine/base/crypto/keyslot';
import { ADMIN, call, expectError, newEngine, TEST_KDF, withWorkspace } from '../support/engine';

function countingKdf() {
  const runs: ScryptParams[] = [];
  const kdf: Kdf = (passphrase, salt, params) => {
    runs.push({ logN: params.logN, r: params.r, p: params.p });
    return scryptKdf(passphrase, salt, params);
  };
  return { kdf, runs };
}

describe('login work', () => {
  it('an unknown username runs the KDF once, at the slots’ cost, like a wrong passphrase', async () => {
    const { dir, engine } = await withWorkspace();
    await engine.dispose();
    const counted = countingKdf();
    const e = await newEngine(dir, { deriveKey: counted.kdf });

    await expectError(e.invoke('session.login', { username: ADMIN.username, passphrase: 'forkert forkert forkert' }), 'WRONG_CREDENTIALS');
    const known = counted.runs.splice(0);
    await expectError(e.invoke('session.login', { username: 'findes.ikke', passphrase: 'forkert forkert forkert' }), 'WRONG_CREDENTIALS');
    const unknown = counted.runs.splice(0);

    expect(known).toEqual([{ logN: TEST_KDF.logN, r: TEST_KDF.r, p: TEST_KDF.p }]);
    expect(unknown).toEqual(known);
    // and the right passphrase still opens, with the same one run
    await call(e, 'session.login', { username: ADMIN.username, passphrase: ADMIN.passphrase });
    expect(counted.runs).toEqual(known);
  });

  it('an unknown username gets the same answer as a wrong passphrase', async () => {
    const { dir, engine } = await withWorkspace();
    await engine.dispose();
    const e = await newEngine(dir);
    const unknown = await expectError(e.invoke('session.login', { username: 'findes.ikke', passphrase: 'forkert forkert forkert' }), 'WRONG_CREDENTIALS');
    const wrong = await expectError(e.invoke('session.login', { username: ADMIN.username, passphrase: 'forkert forkert forkert' }), 'WRONG_CREDENTIALS');
    expect(unknown.message).toBe(wrong.message);
  });
});
