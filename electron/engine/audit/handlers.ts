/** The data-protection officer's view of the access log: search, verify, export, integrity; security events also for administrators. */
import { isAbsolute } from 'node:path';
import { encryptTo, encryptWithPassphrase } from '../base/crypto/age';
import { buildExport } from './export';
import { integrityStatus } from './integrity';
import { securityEvents } from './security-events';
import { EngineError } from '../base/errors';
import { setMeta } from '../base/database';
import { unitOf } from '../base/workspace/store';
import type { Ctx, Handlers } from '../base/context';
import { normaliseCpr } from '../../../shared/cpr';

/** A CPR number searched for in the log is logged as a CPR subject, anything else as a log query. */
function logSubject(ctx: Ctx, subject: string | undefined): void {
  const cpr = subject ? normaliseCpr(subject) : null;
  if (cpr) {
    ctx.subject('cpr', cpr);
    ctx.disclose([cpr]); // what the log says about a citizen is about that citizen
  } else ctx.subject('log', subject ?? '*');
}

/** The CPR numbers a page of the log shows as its entries' subjects (a search by number, a consent recorded). */
const subjectCprs = (entries: readonly { subjectKind: string; subject: string }[]) => entries.flatMap((e) => (e.subjectKind === 'cpr' ? [e.subject] : []));

export const auditHandlers = {
  'audit.list': async (ctx, input) => {
    logSubject(ctx, input.subject);
    const page = ctx.session().ws.audit.list(input);
    // The officer's look at the log is an access to every citizen whose number the page shows:
    // each finds it in the log about them.
    ctx.disclose(subjectCprs(page.entries));
    return page;
  },

  'audit.verify': async (ctx) => {
    ctx.subject('log', '*');
    return ctx.session().ws.audit.verify();
  },

  'audit.integrity': async (ctx) => {
    const s = ctx.session();
    ctx.subject('log', 'integritet');
    return integrityStatus(ctx.deps, s.ws, s.user.username);
  },

  'audit.setWitness': async (ctx, input) => {
    const s = ctx.session();
    ctx.subject('log', input.path);
    const invalid = (message: string) => new EngineError('VALIDATION', `The witness file cannot be there: ${message}`, { issues: [{ path: 'path', message }] });
    if (!isAbsolute(input.path)) throw invalid('give a full path');
    if (input.path === ctx.deps.workspacePath || input.path.startsWith(`${ctx.deps.workspacePath}.journal`)) throw invalid('not the workspace or its journal');
    try {
      const fh = await ctx.deps.fs.open(input.path, 'a+', 0o600);
      await fh.close();
    } catch {
      throw invalid('the folder does not exist or cannot be written');
    }
    setMeta(s.ws.db, 'witness_path', input.path);
    // The new place gets every DPO checkpoint at the save after this call.
    ctx.afterCommit(() => void (s.ws.witnessedSeq = 0));
    return { path: input.path };
  },

  'audit.export': async (ctx, input) => {
    const s = ctx.session();
    logSubject(ctx, input.subject);
    if ((input.recipient === undefined) === (input.passphrase === undefined)) {
      throw new EngineError('VALIDATION', 'Give either an age recipient or an export passphrase', {
        issues: [{ path: 'recipient', message: 'exactly one of recipient and passphrase' }],
      });
    }
    const signer = s.ws.signer;
    if (!signer) throw new EngineError('LOG_KEY_UNAVAILABLE', 'Your log key is not open in this session');
    if (!input.subject) s.ws.audit.checkpoint();
    const entries = s.ws.audit.entries(input.subject);
    // A full export holds every citizen the log names: each finds the export in the log about them.
    // Each entry's list as it is (the log sorts them and drops repeats once, at the entry): an
    // import names a quarter of a million, and one merged list and set of them were two copies more.
    if (!input.subject) {
      for (const e of entries) if (e.cprs.length) ctx.disclose(e.cprs);
      ctx.disclose(subjectCprs(entries));
    }
    const exportedAt = ctx.deps.now().toISOString();
    const text = buildExport(
      {
        workspaceId: s.ws.header.workspaceId,
        unitName: unitOf(s.ws).name,
        keys: s.ws.audit.keys().map((k) => ({ keyId: k.keyId, publicKey: k.publicDer, holder: k.username })),
        subject: input.subject ?? null,
        // A full export carries the witness key, so verify-log can compare it with the witness file.
        witnessKey: input.subject ? null : s.ws.witnessKey.toString('base64'),
        exportedAt,
        exportedBy: s.user.username,
      },
      entries,
      input.subject ? [] : s.ws.audit.checkpoints({ signedByDpo: true }),
      signer,
    );
    const plain = new TextEncoder().encode(text);
    const bytes = input.recipient
      ? await encryptTo([input.recipient], plain).catch(() => {
          throw new EngineError('VALIDATION', 'That is not a valid age recipient', { issues: [{ path: 'recipient', message: 'invalid' }] });
        })
      : await encryptWithPassphrase(input.passphrase!, plain);
    plain.fill(0);
    return {
      fileName: `tvaerblik-adgangslog-${exportedAt.slice(0, 10)}.jsonl.age`,
      base64: Buffer.from(bytes).toString('base64'),
      entries: entries.length,
    };
  },

  'audit.securityEvents': async (ctx, input) => {
    ctx.subject('user', '*');
    return securityEvents(ctx.session().ws.db, input.limit);
  },
} satisfies Partial<Handlers>;

