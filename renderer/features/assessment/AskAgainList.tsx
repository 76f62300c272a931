/**
 * "Spørg igen": the finally selected candidates a sector said "not before" a date about, sorted by that date, each
 * marked when the day has come. For screeners from `consent.askAgain` (a candidate leaves the list
 * once contacted); for others, from the status the screen already holds.
 */
import { dayInCopenhagen, isoOfDay } from '../../../shared/dates';
import { toAskAgain, type PacketStatus } from '../../../shared/packets';
import { useQuery } from '../../api/client';
import { useCan } from '../../app/permissions';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';

interface Item {
  pseudonym: string;
  date: string;
  due: boolean;
}

function fromStatus(status: PacketStatus, today: string): Item[] {
  return status.candidates
    .filter(toAskAgain)
    .map((c) => ({ pseudonym: c.pseudonym, date: c.askAgain!, due: c.askAgain! <= today }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.pseudonym.localeCompare(b.pseudonym));
}

/** The parent gives it a key that changes with the candidates' outcomes and dates, so a screener's list is asked again then. */
export function AskAgainList({ status }: { status: PacketStatus }) {
  const can = useCan();
  return can('consent.askAgain') ? <Screener roundId={status.roundId} /> : <List items={fromStatus(status, isoOfDay(dayInCopenhagen(new Date())))} />;
}

function Screener({ roundId }: { roundId: number }) {
  const q = useQuery('consent.askAgain', { roundId });
  const status = { roundId };
  const items = q.data?.rounds.find((r) => r.roundId === status.roundId)?.candidates ?? [];
  return q.data ? <List items={items} /> : null;
}

function List({ items }: { items: Item[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <div className="card" data-testid="ask-again">
      <h2>{t('again.title')}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('again.none')}</p>
      ) : (
        <>
          <p className="muted">{t('again.intro')}</p>
          <ul className="plain">
            {items.map((i) => (
              <li key={i.pseudonym}>
                <strong className="nowrap">{f.day(i.date)}</strong> <span data-raw>{i.pseudonym}</span>{' '}
                {i.due ? <span className="state submitted">{t('again.due')}</span> : <span className="muted">{t('again.ahead')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
