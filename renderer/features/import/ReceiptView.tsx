/** An import receipt: what was read, kept, dropped by which rule, and refused for which reason. */
import { SECTOR_NAMES, type DropRule, type RejectReason, type Sector } from '../../../shared/extract-format';
import type { Receipt, RejectionRow } from '../../../shared/schemas';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { useUi } from '../../app/store';
import { describeFormat } from './file-format';

export function ReceiptView({ receipt: r, rejections, open }: { receipt: Receipt; rejections: RejectionRow[]; open: boolean }) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  return (
    <div className="receipt">
      <dl>
        <dt>{t('receipt.source')}</dt>
        <dd>{r.sector ? (SECTOR_NAMES[r.sector as Sector]?.[lang] ?? r.sector) : r.kind === 'relations' ? t('receipt.relations') : t('receipt.noSource')}</dd>
        {r.snapshotDate && (
          <>
            <dt>{t('receipt.snapshotDate')}</dt>
            <dd>{f.day(r.snapshotDate)}</dd>
          </>
        )}
        <dt>{t('receipt.format')}</dt>
        <dd>{describeFormat(t, r.format)}</dd>
        <dt>{t('receipt.read')}</dt>
        <dd>{f.number(r.rowsRead)}</dd>
        <dt>{t('receipt.kept')}</dt>
        <dd>{f.number(r.rowsKept)}</dd>
        {r.distinct && (
          <>
            <dt>{t('receipt.distinct')}</dt>
            <dd>{t('receipt.distinctValue', { persons: f.number(r.distinct.persons), departments: f.number(r.distinct.departments), caseworkers: f.number(r.distinct.caseworkers) })}</dd>
          </>
        )}
        {r.dropped.map(([rule, n]) => (
          <div key={rule}>
            <dt>{t('receipt.dropped', { rule: t(`rule.${rule as DropRule}`) })}</dt>
            <dd>{f.number(n)}</dd>
          </div>
        ))}
        {r.rejected.map(([reason, n]) => (
          <div key={reason}>
            <dt>{t('receipt.rejected', { reason: t(`reason.${reason as RejectReason}`) })}</dt>
            <dd>{f.number(n)}</dd>
          </div>
        ))}
        {r.warnings.map(([w, n]) => (
          <div key={w}>
            <dt>{t('receipt.warning', { w: w === 'cpr-mod11' || w === 'cpr-replacement' ? t(`warning.${w}`) : w })}</dt>
            <dd>{f.number(n)}</dd>
          </div>
        ))}
        {r.columnsDropped.length > 0 && (
          <>
            <dt>{t('receipt.columnsDropped')}</dt>
            <dd>{r.columnsDropped.map((c) => (/^#\d+$/.test(c) ? t('receipt.columnAt', { n: c.slice(1) }) : c)).join(', ')}</dd>
          </>
        )}
        <dt>{t('receipt.hash')}</dt>
        <dd className="mono">{r.fileSha256.slice(0, 16)}…</dd>
      </dl>
      {rejections.length > 0 && (
        <details open={open}>
          <summary>{t('receipt.rejectedRowsCount', { n: rejections.length })}</summary>
        <table className="grid" aria-label={t('receipt.rejectedRows')}>
          <thead>
            <tr>
              <th>{t('receipt.row')}</th>
              <th>{t('receipt.column')}</th>
              <th>{t('receipt.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {rejections.map((x) => (
              <tr key={`${x.row}-${x.column}`}>
                <td>{x.row}</td>
                <td>{x.column}</td>
                <td>{t(`reason.${x.reason as RejectReason}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </details>
      )}
    </div>
  );
}
