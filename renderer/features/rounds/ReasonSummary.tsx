/** The decisions counted by reason: what a supervisor looks at first, before reading rows. */
import { DECISION_REASONS, DECISIONS } from '../../../shared/rounds';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import type { RoundCandidate } from './RoundTable';

export function ReasonSummary({ candidates }: { candidates: RoundCandidate[] }) {
  const t = useT();
  const f = useFormat();
  const count = (d: string, r?: string) => candidates.filter((c) => c.review?.decision === d && (r === undefined || c.review.reason === r)).length;
  return (
    <div className="two-col" data-testid="reason-summary">
      {DECISIONS.map((d) => (
        <div key={d}>
          <strong>
            <span className={`decision ${d}`}>{t(`round.decision.${d}`)}</span> {f.number(count(d))}
          </strong>
          <ul className="plain reasons">
            {DECISION_REASONS[d]
              .filter((r) => count(d, r) > 0)
              .map((r) => (
                <li key={r}>
                  <span className="num">{f.number(count(d, r))}</span> {t(`round.reason.${r}`)}
                </li>
              ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
