/**
 * `tvaerblik screen --identity KEY --criteria FILE EXTRACT… [--json] [--reveal] [--demo] [--accept-rejected]`:
 * the app's import and screening engine without the app, for scripted checks. The extracts are
 * read into memory only, with the same rules as the app, and nothing is written. CPR numbers are
 * replaced by pseudonyms unless --reveal is given.
 */
import { SCHEMA } from '../../engine/schema';
import { createHash, createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { unresolvedRefs } from '../../../shared/codes';
import { CriteriaSchema, type RuleResult } from '../../../shared/criteria';
import { loadCatalogue } from '../../engine/catalogue/catalogue';
import type { ScreeningSnapshot } from '../../../shared/screening';
import { parseIdentityFile, recipientOf } from '../../engine/base/crypto/age';
import { openDatabase, setMeta } from '../../engine/base/database';
import { EngineError } from '../../engine/base/errors';
import { importExtract } from '../../engine/import/import-extract';
import { extractParser } from '../../engine/import/parse';
import type { WorkerHost } from '../../engine/base/worker-run';
import { loadSqlJs } from '../../engine/base/node-host';
import { currentSnapshot, screen } from '../../engine/screening/current';
import type { Evaluation } from '../../engine/screening/evaluate';

export interface ScreenOptions {
  identityFile: string;
  criteriaFile: string;
  extracts: string[];
  demo: boolean;
  acceptRejected: boolean;
  reveal: boolean;
  today: Date;
  workers: WorkerHost;
}

/** A candidate as the command prints it: a CPR number or family name (or their pseudonyms). */
export interface ScreenedCandidate {
  key: string;
  members: string[];
  rules: RuleResult[];
}

export interface ScreenReport extends Omit<Evaluation, 'candidates'> {
  snapshot: ScreeningSnapshot;
  count: number;
  pseudonymised: boolean;
  candidates: ScreenedCandidate[];
}

/** Thrown for what the user must fix (exit 2); the message says what. */
export class ScreenInputError extends Error {}

/** Letters only, without look-alikes: a pseudonym can never be mistaken for (or read as) a CPR number. */
const PSEUDONYM_LETTERS = 'abcdefghjkmnpqrstuvwxyz';

/**
 * A pseudonym for a CPR number, keyed by the unit's identity: stable between runs with the same
 * key (so scripts can compare lists), meaningless without it. 12 of 23 letters: about 54 bits.
 */
export function pseudonymiser(identity: string): (cpr: string) => string {
  const key = createHash('sha256').update(`tvaerblik-pseudonym|${identity}`).digest();
  return (cpr) => `P-${[...createHmac('sha256', key).update(cpr).digest().subarray(0, 12)].map((b) => PSEUDONYM_LETTERS[b % PSEUDONYM_LETTERS.length]).join('')}`;
}

function pseudonymise(c: ScreenedCandidate, p: (cpr: string) => string): ScreenedCandidate {
  const key = c.key.startsWith('H:') || c.key.startsWith('C:') ? `${c.key.slice(0, 2)}${p(c.key.slice(2))}` : p(c.key);
  return { key, members: c.members.map(p).sort(), rules: c.rules };
}

export async function screenFiles(o: ScreenOptions): Promise<ScreenReport> {
  const identities = parseIdentityFile(await readFile(o.identityFile, 'utf8').catch(() => Promise.reject(new ScreenInputError(`cannot read ${o.identityFile}`))));
  if (identities.length !== 1) throw new ScreenInputError(`${o.identityFile} must hold exactly one age identity`);
  const identity = identities[0]!;
  let criteriaJson: unknown;
  try {
    criteriaJson = JSON.parse(await readFile(o.criteriaFile, 'utf8'));
  } catch (e) {
    throw new ScreenInputError(`cannot read ${o.criteriaFile} as JSON: ${(e as Error).message}`);
  }
  const parsed = CriteriaSchema.safeParse(criteriaJson);
  if (!parsed.success) {
    throw new ScreenInputError(`${o.criteriaFile}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  }
  const db = openDatabase(await loadSqlJs(), SCHEMA);
  try {
    setMeta(db, 'unit_identity', identity);
    setMeta(db, 'unit_recipient', await recipientOf(identity));
    for (const path of o.extracts) {
      const bytes = await readFile(path).catch(() => Promise.reject(new ScreenInputError(`cannot read ${path}`)));
      let out;
      try {
        // An empty extract has no earlier snapshot to empty in this throwaway database: it simply adds nothing.
        out = await importExtract({ db, demo: o.demo, user: 'cli', now: o.today, progress: () => undefined, cancelled: () => false, parse: extractParser(o.workers) }, basename(path), bytes, { acceptRejected: o.acceptRejected, confirmEmpty: true });
      } catch (e) {
        throw new ScreenInputError(`${basename(path)}: ${e instanceof EngineError ? e.message : String(e)}`);
      }
      if (out.status === 'needs-decision') {
        const n = out.receipt.rejected.reduce((a, [, k]) => a + k, 0);
        throw new ScreenInputError(`${basename(path)} has ${n} rejected rows: see them with 'tvaerblik validate', or pass --accept-rejected to leave them out`);
      }
    }
    let current;
    try {
      current = currentSnapshot(db, null);
    } catch (e) {
      throw new ScreenInputError(e instanceof EngineError ? e.message : String(e));
    }
    // The same refusal as the app's: a reference that names no service stops the run (exit 2).
    const unresolved = unresolvedRefs(loadCatalogue(db), parsed.data);
    if (unresolved.length) throw new ScreenInputError(`${o.criteriaFile}: no service matches ${unresolved.map((u) => `"${u.text}" (${u.path})`).join(', ')}`);
    const list = screen(current, parsed.data);
    const p = pseudonymiser(identity);
    const plain = list.candidates.map(({ key, members, rules }) => ({ key, members, rules }));
    return { ...list, pseudonymised: !o.reveal, candidates: o.reveal ? plain : plain.map((c) => pseudonymise(c, p)) };
  } finally {
    db.close();
  }
}

export function formatScreen(r: ScreenReport): string {
  // -1 is "none found" (a timing rule with no such service, an age with no counted service): shown as the app shows it.
  const shown = (v: number | string) => (typeof v === 'number' && v < 0 ? '–' : String(v));
  const rule = (x: RuleResult) => `${x.rule} ${shown(x.value)} (${x.threshold})`;
  return [
    `data ${r.snapshot.id} of ${r.snapshot.referenceDate}: ${r.snapshot.persons} persons, ${r.snapshot.services} services, ${r.snapshot.families} families`,
    `funnel: ${r.funnel.map((f) => `${f.rule} ${f.remaining}`).join(' → ')}`,
    `found ${r.count}${r.pseudonymised ? ' (pseudonyms; --reveal shows CPR numbers)' : ''}`,
    ...r.candidates.map((c) => `${c.key}\t${c.members.length > 1 || c.members[0] !== c.key ? `${c.members.join(',')}\t` : ''}${c.rules.map(rule).join('; ')}`),
  ].join('\n');
}
