/**
 * A child process for the kill-during-save test: opens the workspace named in argv and, forever,
 * appends an access-log entry and saves, printing "saved N" after each save is complete. The test
 * kills it with SIGKILL at random moments.
 */
import { join } from 'node:path';
import { nodeDeps } from '../../electron/engine/base/node-host';
import { openWorkspace, saveWorkspace } from '../../electron/engine/base/workspace/store';
import { JOURNAL_EFFECTS, SCHEMA } from '../../electron/engine/schema';

const [dir, username, passphrase] = process.argv.slice(2) as [string, string, string];
const deps = { schema: SCHEMA, journalEffects: JOURNAL_EFFECTS, ...(await nodeDeps(join(dir, 'workspace.tvaerblik'), { kdf: { logN: 10, r: 8, p: 1 }, sleep: async () => undefined })) };
const ws = await openWorkspace(deps, username, passphrase);
process.stdout.write('ready\n');
for (let n = 1; ; n++) {
  await ws.audit.append({ user: username, role: 'admin', action: 'test.save', subjectKind: 'none', subject: String(n), purpose: 'test', outcome: 'ok', cprs: n % 3 ? [] : ['0101001234'] });
  await saveWorkspace(deps, ws);
  process.stdout.write(`saved ${ws.audit.head().seq}\n`);
}
