/** The demo municipality with a screener of our own logged in, and helpers to send her extracts. */
import { createEngine } from '../../electron/engine/engine';
import { call, tempDir, testDeps } from './engine';
import { csv, encryptedFile, HEADER_DA } from './extracts';

export const SARA = { username: 'sara', displayName: 'Sara Screener', roles: ['screener' as const], passphrase: 'hun har en lang sætning' };
/** The passphrase Sara chooses at her first login. */
export const SARA_OWN = 'min egen lange hemmelige sætning';

/** A demo workspace (fictitious CPR numbers are allowed), logged in as a screener. */
export async function screenerInDemo(now?: Date) {
  const dir = await tempDir();
  const engine = createEngine(await testDeps(dir, now ? { now: () => now } : {}));
  await call(engine, 'workspace.createDemo', {});
  await call(engine, 'session.login', { username: 'demo.admin', passphrase: 'demo-administrator-fiktiv' });
  const { recipient } = await call(engine, 'unit.recipient', {});
  await call(engine, 'users.add', SARA);
  await call(engine, 'session.login', { username: SARA.username, passphrase: SARA.passphrase });
  await call(engine, 'session.changePassphrase', { current: SARA.passphrase, next: SARA_OWN });
  /** An extract with these rows, encrypted to the unit as a source system would send it. */
  const file = (name: string, rows: string[][], header = HEADER_DA) => encryptedFile(dir, name, csv(rows, header), recipient);
  const snapshot = async (sector: string) => (await call(engine, 'import.snapshots', {})).find((s) => s.sector === sector);
  return { dir, engine, recipient, file, snapshot };
}
