/**
 * The child process of the memory test: a whole session on the real engine, then a lock, then a
 * pause while the test reads this process's memory. It never holds the test's canaries itself:
 * they reach it only inside the encrypted extract the test writes, as they would in production.
 *
 *   argv: <dir> <admin passphrase> <screener passphrase> <DPO passphrase>
 *   prints "recipient <age1…>"; reads "go <extract path>"; works; prints "worked"; reads a line;
 *   locks; collects garbage; prints "locked"; then waits for any line and exits.
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { call, createEngine } from '../../electron/engine/engine';
import { nodeDeps } from '../../electron/engine/base/node-host';
import { sourceWorkers } from './workers';

const [dir = '', adminPass = '', screenerPass = '', dpoPass = ''] = process.argv.slice(2);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const nextLine = async () => String((await lines.next()).value ?? '');
const gc = (globalThis as { gc?: () => void }).gc;

// Extracts are parsed in a worker thread, built from the sources as in the other tests.
const host = await nodeDeps(join(dir, 'workspace.tvaerblik'), { kdf: { logN: 10, r: 8, p: 1 }, sleep: async () => undefined, workers: sourceWorkers() });
const engine = createEngine(host);
await call(engine, 'workspace.create', { unitName: 'Udsøgningsenheden', admin: { username: 'anna.admin', displayName: 'Anna Admin', passphrase: adminPass } });
// The administrator gives a temporary passphrase; Sara chooses her own before anything else.
const temporary = `${screenerPass} (midlertidig)`;
await call(engine, 'users.add', { username: 'sara', displayName: 'Sara Screener', roles: ['screener'], passphrase: temporary });
// A DPO, the way the app makes one (a second administrator approves), whose session signs
// checkpoints with the log key derived from her identity: that key must go with her session too.
await call(engine, 'users.add', { username: 'ida', displayName: 'Ida Admin', roles: ['admin'], passphrase: `${adminPass} (midlertidig)` });
await call(engine, 'users.add', { username: 'dora', displayName: 'Dora DPO', roles: ['dpo'], passphrase: `${dpoPass} (midlertidig)` });
await call(engine, 'session.login', { username: 'ida', passphrase: `${adminPass} (midlertidig)` });
await call(engine, 'session.changePassphrase', { current: `${adminPass} (midlertidig)`, next: 'en anden administrators lange sætning' });
for (const g of await call(engine, 'users.grants', {})) if (g.mayApprove) await call(engine, 'users.approveGrant', { id: g.id });
await call(engine, 'session.login', { username: 'dora', passphrase: `${dpoPass} (midlertidig)` });
await call(engine, 'session.changePassphrase', { current: `${dpoPass} (midlertidig)`, next: dpoPass });
await call(engine, 'session.login', { username: 'anna.admin', passphrase: adminPass });
const { recipient } = await call(engine, 'unit.recipient', {});
process.stdout.write(`recipient ${recipient}\n`);

// Everything a screener does with citizens' data: import, screen, save a list, reveal identities.
const [, extract = ''] = (await nextLine()).split(' ');
await call(engine, 'session.login', { username: 'sara', passphrase: temporary });
await call(engine, 'session.changePassphrase', { current: temporary, next: screenerPass });
// Both ways an extract comes in: in a batch (decrypted and parsed in a worker), and alone
// (decrypted on the engine's thread, parsed in a worker; the same content again, so a repeat).
await call(engine, 'import.files', { files: [{ path: extract }] });
if ((await call(engine, 'import.file', { path: extract })).status !== 'duplicate') throw new Error('the second import should be a repeat');
await call(engine, 'screening.preview', { criteria: { version: 1 } });
await call(engine, 'screening.evaluate', { criteria: { version: 1 }, limit: 5000 });
const saved = await call(engine, 'criteria.save', { name: 'Alle', criteria: { version: 1 } });
const run = await call(engine, 'runs.create', { setId: saved.setId, version: saved.version });
const got = await call(engine, 'runs.get', { id: run.id });
for (const { pseudonym } of got.candidates) {
  await call(engine, 'candidates.reveal', { runId: run.id, pseudonym, purpose: 'review', reason: 'hukommelsestest' });
}
// The DPO looks at the log (her login signs a checkpoint with her log key), then Sara goes on.
await call(engine, 'session.login', { username: 'dora', passphrase: dpoPass });
await call(engine, 'audit.integrity', {});
await call(engine, 'session.login', { username: 'sara', passphrase: screenerPass });
await call(engine, 'runs.get', { id: run.id });
process.stdout.write('worked\n');
await nextLine(); // the test looks before the lock too, to show that it finds what is there

await call(engine, 'session.lock', {});
// Let finished promises and timers go, then collect everything unreachable, a few times over.
for (let i = 0; i < 3; i++) {
  await new Promise((r) => setTimeout(r, 20));
  gc?.();
}
process.stdout.write(`locked ${gc ? 'gc' : 'no-gc'}\n`);
await nextLine();
process.exit(0);
