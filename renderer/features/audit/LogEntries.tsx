/**
 * The access log's entries in words: what was done, by whom in which role, for what purpose, with
 * what outcome. The subject is named by its kind; what the log recorded about it word for word
 * (a criteria hash, a file's name and hash, a username) is one click away, since the data-protection
 * officer must be able to compare it with an export.
 */
import type { AuditEntry } from '../../../shared/schemas';
import { isMessageKey, useT, type T } from '../../i18n';
import { useFormat } from '../../i18n/format';

const words = (t: T, prefix: string, value: string, fallback: string) => {
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? t(key) : fallback;
};

/** Subjects that are shown as they are: a person's own identifier is what the officer searched for. */
const PLAIN_SUBJECTS = new Set(['cpr', 'family', 'user', 'workspace']);

export function LogEntries({ entries, label }: { entries: readonly AuditEntry[]; label: string }) {
  const t = useT();
  const f = useFormat();
  return (
    <table className="grid log" aria-label={label}>
      <thead>
        <tr>
          {(['seq', 'time', 'user', 'role', 'action', 'subject', 'citizens', 'purpose', 'outcome'] as const).map((c) => (
            <th key={c}>{t(`audit.col.${c}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.seq} className={e.outcome !== 'ok' ? 'flag' : undefined}>
            <td className="num">{f.number(e.seq)}</td>
            <td>{f.moment(e.time)}</td>
            <td data-raw>{e.user}</td>
            <td>{words(t, 'role', e.role, t('action.unknown'))}</td>
            <td>{words(t, 'action', e.action, t('action.unknown'))}</td>
            <td className="wrap">
              {PLAIN_SUBJECTS.has(e.subjectKind) ? (
                <span data-raw>{e.subject}</span>
              ) : (
                <details>
                  <summary>{words(t, 'subject', e.subjectKind, e.subjectKind)}</summary>
                  <span className="mono small" data-raw>
                    {t('subject.record')}: {e.subject}
                  </span>
                </details>
              )}
            </td>
            <td className="num">{e.subjectCount > 0 ? f.number(e.subjectCount) : ''}</td>
            <td>{words(t, 'purpose', e.purpose, e.purpose)}</td>
            <td>{words(t, 'outcome', e.outcome, e.outcome)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
