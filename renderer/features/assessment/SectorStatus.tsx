/** Per sector: how many candidates were sent, answered and missing, the deadline and whether it has passed. */
import type { PacketStatus } from '../../../shared/packets';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { sectorName } from './words';

export function SectorStatus({ sectors }: { sectors: PacketStatus['sectors'] }) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  return (
    <>
      <h2>{t('status.title')}</h2>
      <table className="grid" aria-label={t('status.title')} data-testid="sector-status">
        <thead>
          <tr>
            <th>{t('export.col.sector')}</th>
            <th className="num">{t('status.col.packets')}</th>
            <th className="num">{t('status.col.sent')}</th>
            <th className="num">{t('status.col.answered')}</th>
            <th className="num">{t('status.col.missing')}</th>
            <th>{t('status.col.deadline')}</th>
            <th>{t('status.col.state')}</th>
          </tr>
        </thead>
        <tbody>
          {sectors.map((s) => (
            <tr key={s.sector} className={s.overdue ? 'flag' : undefined}>
              <td>{sectorName(lang, s.sector)}</td>
              <td className="num">{f.number(s.packets)}</td>
              <td className="num">{f.number(s.sent)}</td>
              <td className="num">{f.number(s.answered)}</td>
              <td className="num">{f.number(s.missing)}</td>
              <td>{f.day(s.deadline)}</td>
              <td>
                {s.missing === 0 ? (
                  <span className="state approved">{t('status.complete')}</span>
                ) : s.overdue ? (
                  <span className="state returned">{t('status.overdue')}</span>
                ) : (
                  <span className="state">{t('status.waiting')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
