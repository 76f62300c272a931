/** The live figures: how many are found, the funnel, per sector and per combination of sectors. */
import { SECTOR_NAMES, type Sector } from '../../../shared/extract-format';
import type { Preview } from '../../../shared/screening';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';

const sectorName = (s: string, lang: 'da' | 'en') => SECTOR_NAMES[s as Sector]?.[lang] ?? s;

export function PreviewPanel({ preview, pending, refused }: { preview: Preview | null; pending: boolean; refused: boolean }) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  // Refused criteria have no figures: say what brings them back, not that they are coming.
  if (!preview) return <aside className="preview card">{refused ? t('screen.noFigures') : t('common.loading')}</aside>;
  const top = preview.funnel[0]?.remaining || 1;
  const n = f.number;
  const combos = Object.entries(preview.combinations).sort((a, b) => b[1] - a[1]).slice(0, 8);
  return (
    <aside className="preview card" aria-live="polite" aria-busy={pending}>
      <div className="found">
        <strong data-testid="found-count">{n(preview.count)}</strong> {t('screen.found')}
        {pending && <span className="muted"> · {t('screen.updating')}</span>}
      </div>
      <p className="muted small">
        {t('screen.data', { persons: n(preview.snapshot.persons), services: n(preview.snapshot.services), families: n(preview.snapshot.families), date: f.day(preview.snapshot.referenceDate) })}
      </p>
      <h2>{t('screen.funnel')}</h2>
      <ol className="funnel">
        {preview.funnel.map((step) => (
          <li key={step.rule}>
            <span>{t(`funnel.${step.rule}` as Parameters<typeof t>[0])}</span>
            <span className="bar" style={{ width: `${Math.max(1, (100 * step.remaining) / top)}%` }} />
            <span className="num">{n(step.remaining)}</span>
          </li>
        ))}
      </ol>
      <h2>{t('screen.perSector')}</h2>
      <ul className="plain">
        {Object.entries(preview.perSector).map(([s, count]) => (
          <li key={s}>
            {sectorName(s, lang)}: <span className="num">{f.number(count)}</span>
          </li>
        ))}
      </ul>
      <h2>{t('screen.combinations')}</h2>
      <ul className="plain">
        {combos.map(([c, count]) => (
          <li key={c}>
            {c.split('+').map((s) => sectorName(s, lang)).join(' + ')}: <span className="num">{f.number(count)}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
