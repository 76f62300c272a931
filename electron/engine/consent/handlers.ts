/**
 * Notices, the consent register, the letter and the overview. Each call on one citizen makes
 * their CPR number the log entry's subject before it checks anything (selected.ts), so the DPO
 * finds refusals under it too, and discloses it when the call succeeds; the notices name every
 * citizen they disclose.
 */
import { Buffer } from 'node:buffer';
import type { Handlers } from '../base/context';
import { EngineError } from '../base/errors';
import { unitOf } from '../base/workspace/store';
import { all } from '../base/database';
import { askAgain } from './ask-again';
import { letterContent, letterPdf } from './letter';
import { exportNotices } from './notices';
import { exportOverview } from './overview';
import { citizenConsent, consentState, recordStep, standingConsent } from './register';
import { approvedRound, approvedRoundFor, membersOf, selectedCitizen, selectedCitizens, todayOf } from './selected';

export const consentHandlers = {
  'notices.export': async (ctx, input) => {
    const s = ctx.session();
    const r = approvedRound(ctx, input.roundId);
    ctx.detail({ round: r.id });
    const op = ctx.operation();
    const citizens = selectedCitizens(s.ws.db, r);
    const written = await exportNotices(
      {
        db: s.ws.db,
        fs: ctx.deps.fs,
        folder: input.folder,
        signal: op.signal,
        progress: (done, total) => op.progress(done, total, 'files'),
        onRollback: ctx.onRollback,
        roundId: r.id,
        unitName: unitOf(s.ws).name,
        contact: input.contact,
        today: todayOf(ctx),
        user: s.user.username,
        at: ctx.deps.now().toISOString(),
      },
      citizens,
    );
    ctx.detail({ round: r.id, notices: written.map((w) => ({ file: w.file, sector: w.sector, citizens: w.citizens, fingerprint: w.fingerprint })) });
    ctx.disclose(written.flatMap((w) => w.cprs));
    return { roundId: r.id, notices: written.map(({ cprs: _c, ...w }) => w) };
  },

  'consent.list': async (ctx, input) => {
    const { db } = ctx.session().ws;
    const r = approvedRound(ctx, input.roundId);
    const citizens = selectedCitizens(db, r);
    ctx.disclose(citizens.map((c) => c.cpr));
    return citizens.map((c) => citizenConsent(db, r.id, c));
  },

  'consent.askAgain': async (ctx, input) => {
    const { db } = ctx.session().ws;
    const ids = input.roundId !== undefined ? [approvedRound(ctx, input.roundId).id] : all(db, "SELECT id FROM round WHERE state = 'approved' ORDER BY id").map((r) => Number(r.id));
    const out = askAgain(db, ids, todayOf(ctx));
    ctx.detail({ rounds: out.rounds.map((r) => ({ round: r.roundId, candidates: r.candidates.length, due: r.candidates.filter((c) => c.due).length })) });
    return out;
  },

  'consent.record': async (ctx, input) => {
    const s = ctx.session();
    const r = approvedRoundFor(ctx, input.roundId, input.pseudonym);
    const today = todayOf(ctx);
    ctx.detail({ round: r.id, event: input.event, means: input.means });
    const c = selectedCitizen(ctx, r, input.pseudonym);
    ctx.detail({ round: r.id, from: consentState(s.ws.db, r.id, c.cpr), event: input.event, means: input.means });
    const step = recordStep(s.ws.db, r.id, c.cpr, { event: input.event, means: input.means, day: input.date ?? today, by: s.user.username, at: ctx.deps.now().toISOString() }, today);
    ctx.detail({ round: r.id, ...step, means: input.means, date: input.date ?? today });
    ctx.disclose([c.cpr]);
    return citizenConsent(s.ws.db, r.id, c);
  },

  'consent.letter': async (ctx, input) => {
    const s = ctx.session();
    const r = approvedRoundFor(ctx, input.roundId, input.pseudonym);
    ctx.detail({ round: r.id });
    const c = selectedCitizen(ctx, r, input.pseudonym);
    const unitName = unitOf(s.ws).name;
    const content = letterContent({ name: c.name, unit: c.unit, rules: c.rules, unitName, contact: input.contact }, todayOf(ctx));
    const pdf = await letterPdf(content, unitName);
    ctx.detail({ round: r.id, languages: ['da', 'en'], bytes: pdf.length });
    ctx.disclose([c.cpr]);
    // Returned, not written: the screen shows the text and prints it from memory, and nothing of
    // it lands on disk unencrypted (docs/consent-and-overview.md says why).
    return { fileName: `brev-runde${r.id}-${c.pseudonym}.pdf`, content, pdfBase64: Buffer.from(pdf).toString('base64'), languages: ['da', 'en'] };
  },

  'overview.export': async (ctx, input) => {
    const s = ctx.session();
    const { db } = s.ws;
    const r = approvedRoundFor(ctx, input.roundId, input.pseudonym);
    ctx.detail({ round: r.id });
    const c = selectedCitizen(ctx, r, input.pseudonym);
    const state = consentState(db, r.id, c.cpr);
    ctx.detail({ round: r.id, consent: state });
    const consent = standingConsent(db, r.id, c.cpr);
    if (!consent) throw new EngineError('CONSENT_REQUIRED', `No standing consent: the citizen is ${state}`, { state });
    const out = await exportOverview(
      { db, family: () => membersOf(db, r, c.candidate), fs: ctx.deps.fs, folder: input.folder, roundId: r.id, unitName: unitOf(s.ws).name, contact: input.contact, today: todayOf(ctx), at: ctx.deps.now().toISOString(), recipients: input.recipients, onRollback: ctx.onRollback },
      c,
      { date: consent.date, means: consent.means, by: consent.by },
    );
    ctx.detail({ round: r.id, consent: state, file: out.file, sectors: out.sectors, fingerprints: out.fingerprints, givenRecipients: Boolean(input.recipients?.length) });
    ctx.disclose([c.cpr]);
    return out;
  },
} satisfies Partial<Handlers>;
