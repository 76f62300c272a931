/**
 * Sector assessment: recipients (administrators), packets out and answers in (screeners), and the
 * status (screeners and supervisors). Packets and answers name every citizen concerned in the log.
 */
import { basename } from 'node:path';
import type { Database } from 'sql.js';
import { dayInCopenhagen, isoOfDay } from '../../../shared/dates';
import type { Ctx, Handlers } from '../base/context';
import { getMeta, run, setMeta } from '../base/database';
import { isAgeFile } from '../base/crypto/age';
import { EngineError } from '../base/errors';
import { readRegularFile } from '../base/files/open-file';
import { unitOf } from '../base/workspace/store';
import { decryptExtract } from '../import/read-extract';
import { readTable } from '../import/read-table';
import { candidatesByPseudonym } from '../rounds/decisions';
import { requireState, roundRow } from '../rounds/state';
import { checkSheet, recordAnswers } from './answers';
import { exportPackets } from './export';
import { listRecipients, registerRecipient } from './recipients';
import { answersWaiting, packetStatus } from './status';
import { decideUnsure } from './unsure';

const PLAIN_ANSWERS = 'packets_plain_answers';
/** An answer sheet is one row per citizen of one packet: far below this. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const MAX_ANSWER_ROWS = 20_000;
const DEADLINE_DAYS = 14;

const todayOf = (ctx: Ctx) => isoOfDay(dayInCopenhagen(ctx.deps.now()));

function roundFor(ctx: Ctx, id: number) {
  const r = roundRow(ctx.session().ws.db, id);
  ctx.subject('list', `round=${r.id} run=${r.runId}`);
  return r;
}

/** A candidate's members' CPR numbers, or null when the pseudonym is not on the run's list (refused later, after the round's state). */
function knownCandidate(db: Database, runId: number, pseudonym: string): string[] | null {
  try {
    return candidatesByPseudonym(db, runId, [pseudonym]).get(pseudonym)!;
  } catch (err) {
    if (err instanceof EngineError && err.code === 'UNKNOWN_PSEUDONYM') return null;
    throw err;
  }
}

export const packetsHandlers = {
  'recipients.list': async (ctx) => listRecipients(ctx.session().ws.db),

  'recipients.register': async (ctx, input) => {
    const s = ctx.session();
    ctx.subject('workspace', `recipient ${input.sector}${input.department ? `/${input.department}` : ''}`);
    const r = registerRecipient(s.ws.db, input.sector, input.department, input.recipient, s.user.username, ctx.deps.now().toISOString());
    ctx.detail({ sector: r.sector, department: r.department, fingerprint: r.fingerprint });
    return r;
  },

  'recipients.remove': async (ctx, input) => {
    const { db } = ctx.session().ws;
    ctx.subject('workspace', `recipient ${input.sector}${input.department ? `/${input.department}` : ''}`);
    // The log says which key went (docs/sector-packets.md), as it says which one was registered.
    const gone = listRecipients(db).find((r) => r.sector === input.sector && r.department === input.department);
    ctx.detail({ sector: input.sector, department: input.department, fingerprint: gone?.fingerprint ?? null, removed: Boolean(gone) });
    run(db, 'DELETE FROM sector_recipient WHERE sector = ? AND department = ?', [input.sector, input.department]);
    return { removed: Boolean(gone) };
  },

  'packets.plainAnswers': async (ctx) => ({ allow: getMeta(ctx.session().ws.db, PLAIN_ANSWERS) === '1' }),

  'packets.setPlainAnswers': async (ctx, input) => {
    ctx.subject('workspace', `plainAnswers=${input.allow}`);
    const { db } = ctx.session().ws;
    ctx.detail({ from: getMeta(db, PLAIN_ANSWERS) === '1', to: input.allow });
    setMeta(db, PLAIN_ANSWERS, input.allow ? '1' : '0');
    return { allow: input.allow };
  },

  'packets.export': async (ctx, input) => {
    const s = ctx.session();
    const r = roundFor(ctx, input.roundId);
    ctx.detail({ round: r.id, split: input.split, lockedWith: input.passphrase ? 'passphrase' : 'recipient' });
    requireState(r, 'sent to the sectors', ['approved']);
    const op = ctx.operation();
    // A deadline already passed would mark every packet overdue the day it is sent.
    if (input.deadline !== undefined && input.deadline < todayOf(ctx)) {
      throw new EngineError('VALIDATION', `The deadline ${input.deadline} has passed`, { issues: [{ path: 'deadline', message: 'before-today' }] });
    }
    const deadline = input.deadline ?? isoOfDay(dayInCopenhagen(ctx.deps.now()) + DEADLINE_DAYS);
    const written = await exportPackets({
      db: s.ws.db,
      fs: ctx.deps.fs,
      roundId: r.id,
      folder: input.folder,
      split: input.split,
      passphrase: input.passphrase,
      today: todayOf(ctx),
      deadline,
      contact: input.contact,
      unitName: unitOf(s.ws).name,
      user: s.user.username,
      at: ctx.deps.now().toISOString(),
      progress: (done, total) => op.progress(done, total, 'files'),
      signal: op.signal,
      onRollback: ctx.onRollback,
    });
    // One entry for the export, its detail naming each packet (file, sector, how many, locked how)
    // and the entry naming every citizen any packet discloses.
    ctx.detail({
      round: r.id,
      split: input.split,
      lockedWith: input.passphrase ? 'passphrase' : 'recipient',
      deadline,
      packets: written.map((w) => ({ file: w.file, sector: w.sector, part: w.part, candidates: w.candidates, fingerprint: w.fingerprint })),
    });
    ctx.disclose(written.flatMap((w) => w.cprs));
    return { roundId: r.id, deadline, packets: written.map(({ cprs: _c, ...w }) => w) };
  },

  'packets.importAnswers': async (ctx, input) => {
    const s = ctx.session();
    const { db } = s.ws;
    const fileName = basename(input.path);
    ctx.subject('extract', `answers:${fileName}`);
    const bytes = await readRegularFile(ctx.deps.fs, input.path, fileName, { platform: ctx.deps.platform ?? process.platform, maxBytes: MAX_ANSWER_BYTES });
    let plain: Uint8Array;
    if (isAgeFile(bytes)) {
      plain = (await decryptExtract(bytes, getMeta(db, 'unit_identity')!, getMeta(db, 'unit_recipient')!)).plain;
    } else if (getMeta(db, PLAIN_ANSWERS) === '1') {
      plain = bytes;
    } else {
      throw new EngineError('ANSWERS_UNENCRYPTED', 'The answer sheet is not encrypted to the unit, and the unit accepts only encrypted answers', { recipient: getMeta(db, 'unit_recipient') });
    }
    const sheet = checkSheet(db, await readTable(ctx.deps.workers, plain, MAX_ANSWER_ROWS));
    ctx.subject('extract', `answers:${sheet.sector}${sheet.part === null ? '' : `/${sheet.part}`}:round=${sheet.roundId}:${fileName}`);
    recordAnswers(db, sheet.answers, todayOf(ctx), s.user.username, ctx.deps.now().toISOString());
    ctx.detail({ round: sheet.roundId, sector: sheet.sector, part: sheet.part, recorded: sheet.answers.length, missing: sheet.missing.length });
    ctx.disclose(sheet.cprs);
    return {
      roundId: sheet.roundId,
      sector: sheet.sector,
      part: sheet.part,
      status: sheet.missing.length ? 'partial' : 'complete',
      recorded: sheet.answers.length,
      missing: sheet.missing,
    };
  },

  'packets.decideUnsure': async (ctx, input) => {
    const s = ctx.session();
    const r = roundFor(ctx, input.roundId);
    ctx.detail({ round: r.id, decision: input.decision, reason: input.reason });
    // The citizen (a family's first member by CPR number) becomes the entry's subject before anything else is
    // checked, the round's state included, so a refusal is found under their CPR number too;
    // success names every member. A pseudonym off the list leaves the round as the subject.
    const known = knownCandidate(s.ws.db, r.runId, input.pseudonym);
    if (known) ctx.subject('cpr', known[0]!);
    requireState(r, 'decided on after the sector assessment', ['approved']);
    const cprs = known ?? candidatesByPseudonym(s.ws.db, r.runId, [input.pseudonym]).get(input.pseudonym)!;
    const c = decideUnsure(s.ws.db, { ...input, by: s.user.username, at: ctx.deps.now().toISOString() });
    ctx.detail({ round: r.id, decision: input.decision, reason: input.reason, comment: input.comment !== '', outcome: c.outcome });
    ctx.disclose(cprs);
    return c;
  },

  'packets.status': async (ctx, input) => packetStatus(ctx.session().ws.db, roundFor(ctx, input.roundId).id, todayOf(ctx)),
  'packets.waiting': async (ctx) => answersWaiting(ctx.session().ws.db, todayOf(ctx)),
} satisfies Partial<Handlers>;
