/**
 * The access log's entries in words: what was done, by whom in which role, for what purpose, with
 * what outcome. The subject is named by its kind; what the log recorded about it word for word
 * (a criteria hash, a file's name and hash, a username) is one click away, since the data-protection
 * officer must be able to compare it with an export.
 */
import { formatCpr } from '../../../shared/cpr';
import { StaffName } from '../../app/StaffName';
import { SECTOR_NAMES, SECTORS, type Sector } from '../../../shared/extract-format';
import { UNKNOWN_ACCOUNT, type AuditEntry } from '../../../shared/schemas';
import { useUi } from '../../app/store';
import { errorText, isMessageKey, useT, type T } from '../../i18n';
import { ERROR_CODES, type ErrorCode } from '../../../shared/errors';
import { useFormat } from '../../i18n/format';

const words = (t: T, prefix: string, value: string, fallback: string) => {
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? t(key) : fallback;
};

/** Subjects that are shown in words on the row: a person's own identifier is what the officer searched for. */
const PLAIN_SUBJECTS = new Set(['cpr', 'family', 'user', 'workspace']);

const isSector = (s: string): s is Sector => (SECTORS as readonly string[]).includes(s);

/**
 * A plain subject in words, as the engine writes it (see the `ctx.subject` calls): a CPR number with
 * its dash, a username, a setting that was changed, a sector's key, or the unit's name.
 */
export function plainSubject(t: T, lang: 'da' | 'en', kind: string, subject: string): string {
  if (kind === 'cpr' || kind === 'family') return /^\d{10}$/.test(subject) ? formatCpr(subject) : subject;
  if (kind === 'user') {
    if (subject === '*') return t('subject.allUsers');
    if (subject === UNKNOWN_ACCOUNT) return t('subject.noAccount');
    return subject;
  }
  const recipient = /^recipient ([a-z_]+)(?:\/(.+))?$/.exec(subject);
  if (recipient && isSector(recipient[1]!)) {
    const sector = SECTOR_NAMES[recipient[1]][lang];
    return t('subject.sectorKey', { sector: recipient[2] ? `${sector} – ${recipient[2]}` : sector });
  }
  const plain = /^plainAnswers=(true|false)$/.exec(subject);
  if (plain) return t(plain[1] === 'true' ? 'subject.plainAnswers.true' : 'subject.plainAnswers.false');
  const idle = /^idleMinutes=(\d+)$/.exec(subject);
  if (idle) return t('subject.idleMinutes', { n: Number(idle[1]) });
  return subject; // the unit's name (the workspace was created or upgraded)
}

/** A reveal's record: which candidate, and the reason the user typed (the DPO reads it here). */
const REVEAL_RECORD = /^liste (\d+), ([^:]+): ([\s\S]*)$/;

export function LogEntries({ entries, label }: { entries: readonly AuditEntry[]; label: string }) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  return (
    <table className="grid log" aria-label={label}>
      <thead>
        <tr>
          {(['seq', 'time', 'user', 'role', 'action', 'subject', 'citizens', 'purpose', 'outcome'] as const).map((c) => (
            <th key={c} className={c === 'seq' || c === 'citizens' ? 'num' : undefined}>
              {t(`audit.col.${c}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.seq} className={e.outcome !== 'ok' ? 'flag' : undefined}>
            <td className="num">{f.number(e.seq)}</td>
            <td>{f.moment(e.time)}</td>
            <td>
              <StaffName username={e.user} />
            </td>
            <td>{words(t, 'role', e.role, t('action.unknown'))}</td>
            <td>{words(t, 'action', e.action, t('action.unknown'))}</td>
            <td className="wrap">
              {PLAIN_SUBJECTS.has(e.subjectKind) ? (
                <span data-raw={e.subjectKind === 'user' ? true : undefined}>{plainSubject(t, lang, e.subjectKind, e.subject)}</span>
              ) : (
                <details>
                  {/* A returned answer sheet is read like an extract and logged as one (packets/handlers.ts), but it is not one. */}
                  <summary>{e.subjectKind === 'extract' && e.subject.startsWith('answers:') ? t('subject.answers') : words(t, 'subject', e.subjectKind, e.subjectKind)}</summary>
                  <RevealRecord action={e.action} subject={e.subject} t={t} />
                  <ListRecord subject={e.subject} t={t} />
                  <span className="mono small" data-raw>
                    {t('subject.record')}: {e.subject}
                  </span>
                </details>
              )}
            </td>
            <td className="num">{e.subjectCount > 0 ? f.number(e.subjectCount) : ''}</td>
            <td>{words(t, 'purpose', e.purpose, e.purpose)}</td>
            <Outcome entry={e} t={t} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Why a call was refused or failed: the error code its entry keeps (`{"error":"NOT_FOUND",…}`)
 * as the words its caller's screen gave, or null (a call that went through, or an entry from before
 * the log kept codes). The one message with a value in it is said without the value, which the log
 * does not keep.
 */
export function refusalReason(t: T, detail: string): string | null {
  let code: unknown;
  try {
    code = (JSON.parse(detail) as { error?: unknown }).error;
  } catch {
    return null;
  }
  if (!isErrorCode(code)) return null;
  return code === 'UNKNOWN_REFERENCE' ? t('outcome.told.UNKNOWN_REFERENCE') : errorText(t, { code, message: '' });
}

const isErrorCode = (x: unknown): x is ErrorCode => (ERROR_CODES as readonly unknown[]).includes(x);

/** The outcome in a word; for a refusal or failure, what the user was told, one click away. */
function Outcome({ entry, t }: { entry: AuditEntry; t: T }) {
  const outcome = words(t, 'outcome', entry.outcome, entry.outcome);
  const reason = entry.outcome === 'ok' ? null : refusalReason(t, entry.detail);
  if (!reason) return <td>{outcome}</td>;
  return (
    <td className="wrap">
      <details>
        <summary>{outcome}</summary>
        <span>{t('outcome.told', { reason })}</span>
      </details>
    </td>
  );
}

function RevealRecord({ action, subject, t }: { action: string; subject: string; t: T }) {
  const m = action === 'candidates.reveal' ? REVEAL_RECORD.exec(subject) : null;
  if (!m) return null;
  return (
    <span className="reveal-record">
      {t('subject.revealOf', { run: m[1]!, pseudonym: m[2]! })}
      <br />
      {t('subject.reason')}: <q data-raw>{m[3]}</q>
      <br />
    </span>
  );
}

/** A list or round subject (`round=3 run=7`, a comparison's two pairs, `run=7`) in words above its record. */
function ListRecord({ subject, t }: { subject: string; t: T }) {
  const pairs = /^round=(\d+) run=(\d+)(?: round=(\d+) run=(\d+))?$/.exec(subject);
  const run = /^run=(\d+)$/.exec(subject);
  if (!pairs && !run) return null;
  const text = run
    ? t('subject.run', { run: run[1]! })
    : pairs![3]
      ? t('subject.roundsCompared', { round: pairs![1]!, run: pairs![2]!, other: pairs![3], otherRun: pairs![4]! })
      : t('subject.round', { round: pairs![1]!, run: pairs![2]! });
  return (
    <span className="reveal-record">
      {text}
      <br />
    </span>
  );
}
