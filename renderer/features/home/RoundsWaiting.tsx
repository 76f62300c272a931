/**
 * What waits for this user in the rounds, said on the start page with a way there: for one who
 * may approve, the lists awaiting approval that they did not prepare themselves (four eyes); for
 * one who prepares lists, those returned to them and those still in review.
 */
import { useNavigation } from '../../app/navigation';
import { useCan } from '../../app/permissions';
import { useT, type MessageKey } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { useWaiting } from '../rounds/waiting';

export function RoundsWaiting() {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const nav = useNavigation();
  const w = useWaiting();
  if (!w) return null; // not known yet: nothing is said rather than 'nothing waits'
  const lines: { n: number; one: MessageKey; many: MessageKey; screen: 'approval' | 'review' }[] = [];
  if (can('rounds.approve')) lines.push({ n: w.approval, one: 'home.approvalOne', many: 'home.approvalMany', screen: 'approval' });
  if (can('rounds.submit')) {
    lines.push({ n: w.fixes, one: 'home.returnedOne', many: 'home.returnedMany', screen: 'review' });
    lines.push({ n: w.review, one: 'home.inReviewOne', many: 'home.inReviewMany', screen: 'review' });
  }
  const shown = lines.filter((l) => l.n > 0);
  if (shown.length === 0) {
    // One who approves is told that nothing waits, rather than shown an empty start page.
    if (!can('rounds.approve')) return null;
    return (
      <div className="card todo" data-testid="nothing-waiting">
        <h2>{t('home.todo')}</h2>
        <p>{t('home.nothingToApprove')}</p>
      </div>
    );
  }
  return (
    <div className="card todo" data-testid="waiting">
      <h2>{t('home.todo')}</h2>
      <ul className="plain">
        {shown.map((l) => (
          <li key={l.one}>
            <strong>{t(l.n === 1 ? l.one : l.many, { n: f.number(l.n) })}</strong>{' '}
            {nav.canGo(l.screen) && (
              <button className="link" onClick={() => nav.go(l.screen)}>
                {t(l.screen === 'approval' ? 'home.goApproval' : 'home.goReview')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
