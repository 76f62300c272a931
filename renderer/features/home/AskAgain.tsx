/**
 * For screeners, on the start page: per approved round, how many citizens are to be asked again
 * now or within the next two weeks (a sector said "not before" a date), from which day, with a way
 * to the round's sector assessment. Counts and dates only (`consent.askAgain`).
 */
import { useQuery } from '../../api/client';
import { useNavigation } from '../../app/navigation';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';

export function AskAgain() {
  const t = useT();
  const f = useFormat();
  const nav = useNavigation();
  const q = useQuery('consent.askAgain', {});
  if (!q.data) return null;
  const { today, soonUntil } = q.data;
  const lines = q.data.rounds
    .map((r) => {
      const near = r.candidates.filter((c) => c.date <= soonUntil);
      return { roundId: r.roundId, citizens: near.reduce((n, c) => n + c.citizens, 0), from: near[0]?.date ?? '' };
    })
    .filter((l) => l.citizens > 0);
  if (lines.length === 0) return null;
  return (
    <div className="card todo" data-testid="ask-again-home">
      <h2>{t('home.askAgain')}</h2>
      <ul className="plain">
        {lines.map((l) => (
          <li key={l.roundId}>
            <strong>
              {t(l.from <= today ? (l.citizens === 1 ? 'home.askAgainDueOne' : 'home.askAgainDueMany') : l.citizens === 1 ? 'home.askAgainOne' : 'home.askAgainMany', {
                n: f.number(l.citizens),
                date: f.day(l.from),
              })}
            </strong>{' '}
            <span className="muted">{t('home.askAgainRound', { id: f.number(l.roundId) })}</span>{' '}
            {nav.canGo('assessment') && (
              <button className="link" onClick={() => nav.go('assessment')}>
                {t('home.goAssessment')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
