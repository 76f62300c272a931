/** The rounds as a table: which list, its state, whose turn, the decisions so far. Both screens use it. */
import type { RoundSummary } from '../../../shared/rounds';
import { StaffName } from '../../app/StaffName';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { stateText, turnText } from './round-words';

export function RoundList({ rounds, label, open, openId }: { rounds: RoundSummary[]; label: string; open: (id: number) => void; openId: number | null }) {
  const t = useT();
  const f = useFormat();
  return (
    <table className="grid" aria-label={label}>
      <thead>
        <tr>
          <th>{t('round.col.list')}</th>
          <th>{t('round.col.state')}</th>
          <th>{t('round.col.turn')}</th>
          <th className="num">{t('round.col.counts')}</th>
          <th>{t('round.col.created')}</th>
          <th>
            <span className="sr-only">{t('round.open')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rounds.map((r) => (
          <tr key={r.id} className={r.id === openId ? 'current' : undefined}>
            <td>{t('round.title', { id: r.id, name: r.run.name, version: r.run.version })}</td>
            <td>
              <span className={`state ${r.state}`}>{stateText(t, r.state)}</span>
            </td>
            <td>{turnText(t, r)}</td>
            <td className="num">
              {f.number(r.counts.included)} · {f.number(r.counts.excluded)} · {f.number(r.counts.undecided)}
            </td>
            <td>
              {f.moment(r.createdAt)} <StaffName username={r.createdBy} />
            </td>
            <td>
              <button className="small secondary" onClick={() => open(r.id)} aria-pressed={r.id === openId}>
                {t('round.open')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
