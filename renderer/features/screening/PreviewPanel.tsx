/** The live figures: how many are found, the funnel, per sector and per combination of sectors. */
import { SECTOR_NAMES, type Sector } from '../../../shared/extract-format';
import type { Preview } from '../../../shared/screening';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';

const sectorName = (s: string, lang: 'da' | 'en') => SECTOR_NAMES[s as Sector]?.[lang] ?? s;

export function PreviewPanel({ preview, pending }: { preview: Preview | null; pending: boolean }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  if (!preview) return <aside className="preview card">{t('common.loading')}</aside>;
  const top = preview.funnel[0]?.remaining || 1;
  const n = (x: number) => x.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB');
  const combos = Object.entries(preview.combinations).sort((a, b) => b[1] - a[1]).slice(0, 8);
  return (
    <aside className="preview card" aria-live="polite" aria-busy={pending}>
      <div className="found">
        <strong data-testid="found-count">{n(preview.count)}</strong> {t('screen.found')}
        {pending && <span className="muted"> · {t('screen.updating')}</span>}
      </div>
      <p className="muted small">
        {t('screen.data', { persons: n(preview.snapshot.persons), services: n(preview.snapshot.services), families: n(preview.snapshot.families), date: preview.snapshot.referenceDate })}
      </p>
      <h2>{t('screen.funnel')}</h2>
      <ol className="funnel">
        {preview.funnel.map((f) => (
          <li key={f.rule}>
            <span>{t(`funnel.${f.rule}` as Parameters<typeof t>[0])}</span>
            <span className="bar" style={{ width: `${Math.max(1, (100 * f.remaining) / top)}%` }} />
            <span className="num">{f.remaining}</span>
          </li>
        ))}
      </ol>
      <h2>{t('screen.perSector')}</h2>
      <ul className="plain">
        {Object.entries(preview.perSector).map(([s, n]) => (
          <li key={s}>
            {sectorName(s, lang)}: <span className="num">{n}</span>
          </li>
        ))}
      </ul>
      <h2>{t('screen.combinations')}</h2>
      <ul className="plain">
        {combos.map(([c, n]) => (
          <li key={c}>
            {c.split('+').map((s) => sectorName(s, lang)).join(' + ')}: <span className="num">{n}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
