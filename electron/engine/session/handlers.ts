/** Status, first-run setup, login, logout, lock and one's own passphrase. */
import type { Role } from '../../../shared/roles';
import { RoleSchema, type SessionInfo } from '../../../shared/schemas';
import { logFailedLogins } from './failed-logins';
import { flagTemporaryPassphraseLogin } from './temporary-passphrase';
import { checkPassphrase } from '../users/passphrase-policy';
import { findUser, getUser, updateUser, type UserRecord } from '../users/users';
import { INTEGRITY_ACTIONS, INTEGRITY_ENTRY, integrityDetail } from '../base/audit-log/integrity-events';
import { deriveLogSigner, type LogSigner } from '../base/audit-log/log-key';
import type { NewEntry } from '../base/audit-log/log';
import { newIdentity } from '../base/crypto/age';
import { getMeta } from '../base/database';
import { EngineError } from '../base/errors';
import { openOwnSlot } from '../base/workspace/login';
import { closeWorkspace, createWorkspace, openWorkspace, peekHeader, rewrapSlot, setRecipient, slotOfUser, unitOf, workspaceExists, type OpenWorkspace } from '../base/workspace/store';
import type { Ctx, Handlers } from '../base/context';

export function sessionInfo(ws: OpenWorkspace, u: UserRecord): SessionInfo {
  return {
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    mustChangePassphrase: u.mustChangePassphrase,
    idleMinutes: Number(getMeta(ws.db, 'idle_minutes') ?? 15),
  };
}

/**
 * Entries about what opening the workspace found: anyone's failed logins since; a journal that is
 * damaged, cut short, missing or older than the database expects; a witness file the log does not
 * extend; a format upgrade. Written at the login of whoever opened it, so the DPO finds them in
 * the log (and on the Audit screen) whoever that was.
 */
async function logWhatOpeningFound(ctx: Ctx, ws: OpenWorkspace, user: UserRecord): Promise<void> {
  const A = INTEGRITY_ACTIONS;
  const found: NewEntry[] = [];
  const add = (action: string, detail: Parameters<typeof integrityDetail>[0] = {}, extra: Partial<NewEntry> = {}) =>
    found.push({ ...INTEGRITY_ENTRY, user: user.username, action, detail: integrityDetail(detail), ...extra });
  // The header's counters changed, so it must be saved even if nothing else is.
  if (await logFailedLogins(ws, user)) ctx.markDirty();
  const { journal: j, witness: w, upgradedFrom } = ws.opening;
  if (upgradedFrom !== null) add(A.upgraded, { count: upgradedFrom }, { subjectKind: 'workspace', subject: unitOf(ws).name, outcome: 'ok' });
  if (j.damaged) add(A.journalDamaged, { count: j.replayed });
  else if (j.torn) add(A.journalTorn, { count: j.replayed });
  if (j.rejected > 0) add(A.journalRejected, { count: j.rejected });
  if (j.state === 'missing') add(A.journalMissing);
  if (j.state === 'older') add(A.journalOlder);
  if (w.unavailable) add(A.witnessUnavailable);
  else if (!w.exists && w.expected) add(A.witnessMissing);
  if (w.unreadableLines > 0) add(A.witnessUnreadable, { count: w.unreadableLines });
  for (const f of w.findings) {
    if (f.kind === 'behind') add(A.witnessBehind, { at: f.witnessSeq, count: f.witnessSeq - f.logSeq, signed: f.signed });
    else if (f.kind === 'mismatch') add(A.witnessMismatch, { at: f.seq, signed: f.signed });
    else add(A.witnessBadSignature, { at: f.seq, signed: true });
  }
  for (const e of found) await ws.audit.append(e);
  if (found.length || ws.opening.slotUpgraded) ctx.markDirty();
}

/**
 * A data-protection officer's log key, derived from their identity and recorded (with an entry
 * when it is new). Not while the passphrase is one an administrator set: the administrator's app
 * made that identity, so a key from it is not the DPO's alone.
 */
async function openLogKey(ws: OpenWorkspace, user: UserRecord, identity: string): Promise<LogSigner | null> {
  if (!user.roles.includes('dpo') || user.mustChangePassphrase) return null;
  const signer = deriveLogSigner(identity, ws.header.workspaceId);
  if (ws.audit.registerKey(signer, user.username)) {
    await ws.audit.append({ ...INTEGRITY_ENTRY, user: user.username, action: INTEGRITY_ACTIONS.logKeyNew, subjectKind: 'user', subject: user.username, outcome: 'ok', detail: integrityDetail({ keyId: signer.keyId }) });
  }
  return signer;
}

export const sessionHandlers = {
  'app.status': async (ctx) => {
    const s = ctx.state.session;
    if (s) {
      return {
        workspaceExists: true,
        unitName: unitOf(s.ws).name,
        demo: unitOf(s.ws).demo,
        session: sessionInfo(s.ws, s.user),
        demoUsers: [],
        endedBecause: null,
      };
    }
    const exists = await workspaceExists(ctx.deps);
    let unitName: string | null = null;
    let demo = false;
    let demoUsers: { username: string; passphrase: string; roles: Role[] }[] = [];
    const header = exists ? await peekHeader(ctx.deps) : null;
    if (header) {
      unitName = header.unitName;
      demo = header.demo;
      if (demo) demoUsers = (header.demoUsers ?? []).map((u) => ({ ...u, roles: RoleSchema.array().parse(u.roles) }));
    }
    return { workspaceExists: exists, unitName, demo, session: null, demoUsers, endedBecause: ctx.state.endedBecause };
  },

  'workspace.create': async (ctx, input) => {
    if (ctx.state.session) throw new EngineError('WORKSPACE_EXISTS', 'A workspace is open');
    checkPassphrase(input.admin.passphrase, input.admin.username);
    const ws = await createWorkspace(ctx.deps, { unitName: input.unitName, demo: false, admin: input.admin });
    const user = getUser(ws.db, input.admin.username);
    ctx.beginSession(ws, user);
    ctx.subject('workspace', input.unitName);
    return sessionInfo(ws, user);
  },

  'session.login': async (ctx, input) => {
    if (ctx.state.session) await ctx.endSession('logout');
    const ws = await openWorkspace(ctx.deps, input.username, input.passphrase);
    try {
      const user = findUser(ws.db, input.username);
      if (!user) throw new EngineError('WRONG_CREDENTIALS', 'Unknown user or wrong passphrase');
      if (user.disabled) throw new EngineError('ACCOUNT_DISABLED', 'The account is disabled');
      await logWhatOpeningFound(ctx, ws, user);
      ws.signer = ws.identity ? await openLogKey(ws, user, ws.identity) : null;
      ws.identity = null;
      // A DPO's login signs a checkpoint of the log as it is now, and the witness gets it.
      if (ws.signer) ctx.markDirty();
      if (await flagTemporaryPassphraseLogin(ws, user)) ctx.markDirty();
      ctx.beginSession(ws, user);
      ctx.subject('user', user.username);
      return sessionInfo(ws, user);
    } catch (err) {
      closeWorkspace(ws);
      throw err;
    }
  },

  'session.logout': async (ctx) => {
    ctx.afterCommit(() => ctx.endSession('logout'));
    return {};
  },

  'session.lock': async (ctx) => {
    ctx.afterCommit(() => ctx.endSession('manual'));
    return {};
  },

  'session.touch': async () => ({}),

  'session.changePassphrase': async (ctx, input) => {
    const s = ctx.session();
    const { header } = s.ws;
    ctx.subject('user', s.user.username);
    const own = slotOfUser(s.ws, s.user.username);
    const secrets = own ? await openOwnSlot(ctx.deps, header, own, s.user.username, input.current) : null;
    if (!own || secrets === null) throw new EngineError('WRONG_CREDENTIALS', 'The current passphrase is wrong');
    checkPassphrase(input.next, s.user.username);
    // Keeping the passphrase an administrator chose is not choosing one's own.
    if (input.next.normalize('NFC') === input.current.normalize('NFC')) {
      throw new EngineError('WEAK_PASSPHRASE', 'The new passphrase must differ from the current one', { reason: 'unchanged' });
    }
    // One's own change keeps one's identity (so a DPO's log key and its fingerprint stay the same).
    // The first change after an administrator set the passphrase makes a new one, which only this
    // person has ever held.
    const fresh = s.user.mustChangePassphrase ? await newIdentity() : { identity: secrets.identity, recipient: own.recipient };
    const slot = await rewrapSlot(ctx.deps, s.ws, s.user.username, input.next, fresh.identity, fresh.recipient);
    setRecipient(s.ws.db, s.user.username, slot.recipient);
    updateUser(s.ws.db, s.user.username, { mustChange: false });
    const user = getUser(s.ws.db, s.user.username);
    const signer = await openLogKey(s.ws, user, fresh.identity);
    ctx.afterCommit(() => {
      header.slots = header.slots.map((x) => (x === own ? slot : x));
      s.user = user;
      if (signer) s.ws.signer = signer;
    });
    return { ...sessionInfo(s.ws, s.user), mustChangePassphrase: false };
  },
} satisfies Partial<Handlers>;
