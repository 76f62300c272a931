/**
 * Failed logins, lockouts, unlocks and passphrase resets from the access log, in words: for the
 * administrator's Users screen and the DPO's Audit screen. The screen owns the query, which the
 * query layer refreshes after an unlock or a reset.
 */
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { EngineErrorData } from '../../../shared/errors';
import { UNKNOWN_ACCOUNT, type SecurityEvent } from '../../../shared/schemas';
import { useUi } from '../../app/store';
import { DataTable, ErrorBox, useSortableTable } from '../../ui';
import { useT, type T } from '../../i18n';
import { formatFor } from '../../i18n/format';

/** How many events the screens show: the newest, enough to act on. */
export const SECURITY_EVENTS_SHOWN = { limit: 50 };

const col = createColumnHelper<SecurityEvent>();
/** One empty list for every render while loading: react-table resets its state whenever `data` changes, and re-renders. */
const NONE: SecurityEvent[] = [];

const whatHappened = (t: T, e: SecurityEvent) => t(`security.kind.${e.kind}`, { by: e.by ?? '' });

export function SecurityEvents({ events, error }: { events: SecurityEvent[] | null; error: EngineErrorData | null }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const locale = lang === 'da' ? 'da-DK' : 'en-GB';

  const columns = useMemo(() => {
    const f = formatFor(lang);
    return [
      // ISO times sort as text in time order; the cell shows them in the language's format.
      col.accessor('time', { header: () => t('security.col.time'), cell: (c) => f.exactMoment(c.getValue()) }),
      col.accessor('account', { header: () => t('security.col.account'), cell: (c) => (c.getValue() === UNKNOWN_ACCOUNT ? t('security.unknownAccount') : c.getValue()) }),
      col.display({ id: 'what', header: () => t('security.col.what'), cell: (c) => whatHappened(t, c.row.original) }),
      col.accessor('count', { header: () => t('security.col.count'), cell: (c) => c.getValue()?.toLocaleString(locale) ?? '–' }),
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps -- columns depend on the language only
  }, [locale]);

  const table = useSortableTable(events ?? NONE, columns);

  return (
    <section aria-labelledby="security-events">
      <h2 id="security-events">{t('security.title')}</h2>
      <p className="muted">{t('security.intro')}</p>
      <ErrorBox error={error} />
      {events && events.length === 0 ? <p>{t('security.none')}</p> : <DataTable table={table} label={t('security.title')} />}
    </section>
  );
}
