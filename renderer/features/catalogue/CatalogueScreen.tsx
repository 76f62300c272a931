/**
 * The service catalogue: what each code is, and whether the trial excludes it or it is universal.
 * Every logged-in user may read it; only those who may update it get the checkboxes.
 */
import { SECTOR_NAMES, type Sector } from '../../../shared/extract-format';
import { invoke, useQuery } from '../../api/client';
import { useCan } from '../../app/permissions';
import { useUi } from '../../app/store';
import { Checkbox, ErrorBox, useAction } from '../../ui';
import { useT } from '../../i18n';
import { shownParagraph, type ShownParagraph } from './paragraphs';

export function CatalogueScreen() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const can = useCan();
  const editable = can('catalogue.update');
  const q = useQuery('catalogue.list', {});
  const action = useAction();
  const set = async (code: string, patch: { excluded?: boolean; universal?: boolean }) => {
    await action.run(() => invoke('catalogue.update', { code, ...patch }));
  };
  return (
    <section>
      <h1>{t('catalogue.title')}</h1>
      <p>{t('catalogue.intro')}</p>
      <ErrorBox error={q.error ?? action.error} />
      <table className="grid" aria-label={t('catalogue.title')}>
        <thead>
          <tr>
            <th>{t('catalogue.code')}</th>
            <th>{t('catalogue.name')}</th>
            <th>{t('catalogue.paragraph')}</th>
            <th>{t('catalogue.sector')}</th>
            <th>{t('catalogue.excluded')}</th>
            <th>{t('catalogue.universal')}</th>
          </tr>
        </thead>
        <tbody>
          {(q.data ?? []).map((c) => (
            <tr key={c.code} className={c.excluded ? 'flag' : undefined}>
              <td className="mono">{c.code}</td>
              <td>{lang === 'da' ? c.nameDa : c.nameEn}</td>
              <td>
                <Paragraph shown={shownParagraph(c.paragraphNew, c.paragraphOld)} />
              </td>
              <td className="nowrap">{SECTOR_NAMES[c.sector as Sector]?.[lang] ?? c.sector}</td>
              <td>
                {editable ? (
                  <Checkbox aria-label={`${c.code} ${t('catalogue.excluded')}`} checked={c.excluded} disabled={action.busy} onChange={(on) => void set(c.code, { excluded: on })} />
                ) : (
                  c.excluded && t('catalogue.yes')
                )}
              </td>
              <td>
                {editable ? (
                  <Checkbox aria-label={`${c.code} ${t('catalogue.universal')}`} checked={c.universal} disabled={action.busy} onChange={(on) => void set(c.code, { universal: on })} />
                ) : (
                  c.universal && t('catalogue.yes')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The section in force, the former one (or a remark) muted beside it, and a flag where the catalogue is unsure. */
function Paragraph({ shown }: { shown: ShownParagraph }) {
  const t = useT();
  return (
    <>
      {shown.current || '–'}
      {shown.aside && <span className="muted"> ({shown.aside})</span>}
      {shown.unsure && (
        <span className="muted" title={t('catalogue.unsure')}>
          {' '}
          ({t('catalogue.unsureShort')})
        </span>
      )}
    </>
  );
}
