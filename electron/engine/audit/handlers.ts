/** The data-protection officer's view of the access log: search, verify, export; security events also for administrators. */
import { encryptTo, encryptWithPassphrase } from '../base/crypto/age';
import { buildExport } from './export';
import { securityEvents } from './security-events';
import { EngineError } from '../base/errors';
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

export const auditHandlers = {
  'audit.list': async (ctx, input) => {
    logSubject(ctx, input.subject);
    return ctx.session().ws.audit.list(input);
  },

  'audit.verify': async (ctx) => {
    ctx.subject('log', '*');
    return ctx.session().ws.audit.verify();
  },

  'audit.export': async (ctx, input) => {
    const s = ctx.session();
    logSubject(ctx, input.subject);
    if ((input.recipient === undefined) === (input.passphrase === undefined)) {
      throw new EngineError('VALIDATION', 'Give either an age recipient or an export passphrase', {
        issues: [{ path: 'recipient', message: 'exactly one of recipient and passphrase' }],
      });
    }
    if (!input.subject) s.ws.audit.checkpoint();
    const entries = s.ws.audit.entries(input.subject);
    const exportedAt = ctx.deps.now().toISOString();
    const text = buildExport(
      {
        workspaceId: s.ws.header.workspaceId,
        unitName: s.ws.header.unitName,
        publicKey: s.ws.signing.publicDer,
        subject: input.subject ?? null,
        exportedAt,
        exportedBy: s.user.username,
      },
      entries,
      input.subject ? [] : s.ws.audit.checkpoints(),
      s.ws.signing.privateDer,
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
