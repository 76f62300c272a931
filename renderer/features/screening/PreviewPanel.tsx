/**
 * The live figures: how many are found, the funnel, and the sector combinations as an UpSet
 * chart (with each sector's size). The last figures stay while new ones are asked for, so the
 * panel never empties or jumps while the user types.
 */
import type { Preview } from '../../../shared/screening';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { CombinationsFigure, FunnelFigure } from './FigureCharts';

export function PreviewPanel({ preview, pending, refused }: { preview: Preview | null; pending: boolean; refused: boolean }) {
  const t = useT();
  const f = useFormat();
  // Refused criteria have no figures: say what brings them back, not that they are coming.
  if (!preview) return <aside className="preview card">{refused ? t('screen.noFigures') : t('common.loading')}</aside>;
  const n = f.number;
  return (
    <aside className={refused ? 'preview card stale' : 'preview card'}>
      {/* Figures of earlier criteria, while the fields are refused: said, and greyed, so nobody reads them as these criteria's. */}
      {refused && (
        <p className="message info" role="status">
          {t('screen.staleFigures')}
        </p>
      )}
      {/* Only the count is announced as it changes; the charts' figures are there to be read. */}
      <div className="found" aria-live="polite" aria-busy={pending}>
        <strong data-testid="found-count">{n(preview.count)}</strong> {t('screen.found')}
        {pending && <span className="muted"> · {t('screen.updating')}</span>}
      </div>
      <p className="muted small">
        {t('screen.data', { persons: n(preview.snapshot.persons), services: n(preview.snapshot.services), families: n(preview.snapshot.families), date: f.day(preview.snapshot.referenceDate) })}
      </p>
      <h2>{t('screen.funnel')}</h2>
      <FunnelFigure funnel={preview.funnel} />
      <h2>{t('screen.combinations')}</h2>
      <CombinationsFigure combinations={preview.combinations} />
    </aside>
  );
}
