/**
 * The bundled demo municipality: a workspace clearly marked as fictitious, with one user per role
 * whose passphrases are shown on the login screen, and the small synthetic municipality already
 * imported through the same encrypted-extract path real data takes.
 */
import type { Role } from '../../../shared/roles';
import { insertUser, updateUser } from '../users/users';
import { encryptTo } from '../base/crypto/age';
import { getMeta } from '../base/database';
import type { EngineDeps } from '../base/deps';
import { callWorkers, extractParser } from '../import/parse';
import { importExtract } from '../import/import-extract';
import { closeWorkspace, createWorkspace, newUserSlot, saveWorkspace, setRecipient } from '../base/workspace/store';
import { generateMunicipality } from './generate';

export const DEMO_USERS: { username: string; displayName: string; roles: Role[]; passphrase: string }[] = [
  { username: 'demo.admin', displayName: 'Demo Administrator', roles: ['admin'], passphrase: 'demo-administrator-fiktiv' },
  { username: 'demo.udsoeger', displayName: 'Demo Udsøger', roles: ['screener'], passphrase: 'demo-udsoeger-fiktiv' },
  { username: 'demo.godkender', displayName: 'Demo Godkender', roles: ['supervisor'], passphrase: 'demo-godkender-fiktiv' },
  { username: 'demo.dpo', displayName: 'Demo Databeskyttelse', roles: ['dpo'], passphrase: 'demo-dpo-fiktiv-adgang' },
];
export const DEMO_SEED = 2026;

export async function createDemoWorkspace(deps: EngineDeps): Promise<typeof DEMO_USERS> {
  const [admin, ...others] = DEMO_USERS;
  const ws = await createWorkspace(deps, {
    unitName: 'Demokommune (fiktive data)',
    demo: true,
    admin: admin!,
    demoUsers: DEMO_USERS.map(({ username, passphrase, roles }) => ({ username, passphrase, roles })),
  });
  try {
    const now = deps.now();
    updateUser(ws.db, admin!.username, { roles: admin!.roles });
    for (const u of others) {
      insertUser(ws.db, { ...u, createdBy: admin!.username, createdAt: now.toISOString() });
      updateUser(ws.db, u.username, { mustChange: false });
      const slot = await newUserSlot(deps, ws.header, ws.macKey, u.username, u.passphrase);
      setRecipient(ws.db, u.username, slot.recipient);
      ws.header.slots.push(slot);
    }
    const recipient = getMeta(ws.db, 'unit_recipient')!;
    const demo = generateMunicipality('small', DEMO_SEED, now);
    // One worker reads file after file; it ends with the loop.
    const { workers, close } = callWorkers(deps.workers);
    try {
      for (const f of demo.files) {
        const out = await importExtract(
          { db: ws.db, demo: true, user: admin!.username, now, progress: () => undefined, cancelled: () => false, parse: extractParser(workers) },
          f.name,
          await encryptTo([recipient], f.bytes),
          { acceptRejected: true, confirmEmpty: false },
        );
        await ws.audit.append({
          user: admin!.username,
          role: 'system',
          action: 'import.file',
          subjectKind: 'extract',
          subject: `${out.receipt.sector ?? 'relations'}:${f.name}:demo-setup:${out.receipt.contentSha256.slice(0, 16)}`,
          purpose: 'demo',
          outcome: 'ok',
          cprs: out.stored,
        });
      }
    } finally {
      close();
    }
    await saveWorkspace(deps, ws);
  } finally {
    closeWorkspace(ws);
  }
  return DEMO_USERS;
}
