/** The service catalogue: what each code is, and whether the trial excludes it or it is universal. */
import { invoke, useQuery } from '../../api/client';
import { useUi } from '../../app/store';
import { ErrorBox, useAction } from '../../ui';
import { useT } from '../../i18n';

export function CatalogueScreen() {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const isAdmin = useUi((s) => s.status?.session?.roles.includes('admin') ?? false);
  const q = useQuery('catalogue.list', {});
  const action = useAction();
  const set = async (code: string, patch: { excluded?: boolean; universal?: boolean }) => {
    if (await action.run(() => invoke('catalogue.update', { code, ...patch }))) q.reload();
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
                {c.paragraphNew}
                {c.paragraphOld !== c.paragraphNew && <span className="muted"> ({c.paragraphOld})</span>}
              </td>
              <td>{c.sector}</td>
              <td>
                <input type="checkbox" aria-label={`${c.code} ${t('catalogue.excluded')}`} checked={c.excluded} disabled={!isAdmin || action.busy} onChange={(e) => void set(c.code, { excluded: e.target.checked })} />
              </td>
              <td>
                <input type="checkbox" aria-label={`${c.code} ${t('catalogue.universal')}`} checked={c.universal} disabled={!isAdmin || action.busy} onChange={(e) => void set(c.code, { universal: e.target.checked })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
