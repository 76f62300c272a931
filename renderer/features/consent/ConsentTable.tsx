/**
 * The register under pseudonyms (never CPR numbers): per finally selected citizen the state in
 * words, every recorded step (date, by whom, how), and as buttons exactly the next steps the
 * engine allows. The letter and the overview are the screeners'; the overview button is there
 * only while consent stands, and otherwise the row says why not. The letter opens in a preview
 * to print (LetterDialog): no file. A citizen without services of their own has no caseworker,
 * so no notice names them, and their row says so.
 */
import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import type { CitizenConsent, ConsentEvent, LetterContent } from '../../../shared/consent';
import { invoke, pickFolder, useQuery } from '../../api/client';
import { useCan } from '../../app/permissions';
import { StaffName } from '../../app/StaffName';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { DataTable, ErrorBox, Notice, useAction, useSortableTable } from '../../ui';
import { LetterDialog } from './LetterDialog';
import { RecordDialog } from './RecordDialog';
import { say, type ContactField, type Said } from './words';

const col = createColumnHelper<CitizenConsent>();
const STATE_STYLE: Record<CitizenConsent['state'], string> = { 'not-contacted': 'state', contacted: 'state submitted', 'consent-given': 'state approved', declined: 'state returned', withdrawn: 'state returned' };

export function ConsentTable({ roundId, rows, contact, contactText }: { roundId: number; rows: CitizenConsent[]; contact: ContactField; contactText: string }) {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const action = useAction();
  // What was done, by message key: it follows a change of language.
  const [done, setDone] = useState<{ said: Said; folder?: string } | null>(null);
  const [shown, setShown] = useState<{ pseudonym: string; content: LetterContent } | null>(null);
  const [recording, setRecording] = useState<{ pseudonym: string; event: ConsentEvent; last: string | null; notBefore: string | null } | null>(null);
  // A sector's "not before" date that has not come yet, per candidate: contact should wait for it.
  const asks = useQuery('consent.askAgain', { roundId }, { enabled: can('consent.askAgain') });
  const notBefore = new Map((asks.data?.rounds.find((r) => r.roundId === roundId)?.candidates ?? []).filter((c) => !c.due).map((c) => [c.pseudonym, c.date]));

  const letter = async (pseudonym: string) => {
    setDone(null);
    action.setError(null);
    const text = contact.require('consent.contactMissing');
    if (text === null) return;
    const out = await action.run(() => invoke('consent.letter', { roundId, pseudonym, contact: text }));
    // Shown and printed from memory: the letter carries the citizen's name and is never saved.
    if (out) setShown({ pseudonym, content: out.content });
  };

  const overview = async (pseudonym: string) => {
    setDone(null);
    action.setError(null);
    const folder = await pickFolder();
    if (!folder) return; // the user closed the dialog: nothing happened
    const out = await action.run(() => invoke('overview.export', { roundId, pseudonym, folder, contact: contactText }));
    if (out) setDone({ said: { key: 'consent.overviewDone', params: { pseudonym } }, folder });
  };

  // A family's members follow one another (the engine lists them by candidate): the family they
  // belong to is its own column, shown when the round has families at all.
  const families = rows.some((r) => r.candidate !== r.pseudonym);
  const columns = [
    ...(families
      ? [
          col.accessor('candidate', {
            header: () => t('consent.col.family'),
            cell: (c) =>
              c.getValue() === c.row.original.pseudonym ? (
                <span className="muted">{t('consent.noFamily')}</span>
              ) : (
                <span className="nowrap" data-raw>
                  {c.getValue()}
                </span>
              ),
          }),
        ]
      : []),
    col.accessor('pseudonym', { header: () => t('consent.col.pseudonym'), cell: (c) => <span className="nowrap" data-raw>{c.getValue()}</span> }),
    col.accessor('state', { header: () => t('consent.col.state'), cell: (c) => <span className={STATE_STYLE[c.getValue()]}>{t(`consent.state.${c.getValue()}`)}</span> }),
    col.display({
      id: 'history',
      header: () => t('consent.col.history'),
      cell: (c) =>
        c.row.original.history.length === 0 ? (
          <>
            <span className="muted">{t('consent.noHistory')}</span>
            {notBefore.has(c.row.original.candidate) && (
              <span className="small block" data-testid="not-before">
                {t('consent.notBefore', { date: f.day(notBefore.get(c.row.original.candidate)!) })}
              </span>
            )}
          </>
        ) : (
          <ul className="plain small">
            {c.row.original.history.map((s, i) => (
              <li key={i}>
                {t('consent.step', { date: f.day(s.date), event: t(`consent.event.${s.event}`), means: t(`consent.means.${s.means}`) })}{' '}
                <StaffName username={s.by} />
              </li>
            ))}
          </ul>
        ),
    }),
    col.accessor('notices', {
      header: () => t('consent.col.notices'),
      cell: (c) => (
        <>
          <span className="num">{f.number(c.getValue())}</span>
          {c.getValue() === 0 && !c.row.original.ownServices && (
            <span className="muted small block" data-testid="no-notices">
              {t('consent.noNotices')}
            </span>
          )}
        </>
      ),
    }),
    col.display({
      id: 'actions',
      header: () => t('consent.col.actions'),
      cell: (c) => {
        const r = c.row.original;
        const last = r.history.at(-1)?.date ?? null;
        return (
          <div className="actions-cell">
            {can('consent.record') &&
              r.next.map((e) => (
                <button key={e} type="button" className="secondary small" disabled={action.busy} onClick={() => setRecording({ pseudonym: r.pseudonym, event: e, last, notBefore: e === 'contacted' ? (notBefore.get(r.candidate) ?? null) : null })}>
                  {t(`consent.do.${e}`)}
                </button>
              ))}
            {can('consent.record') && r.next.length === 0 && <span className="muted small">{t('consent.final')}</span>}
            {can('consent.letter') && (
              <button type="button" className="secondary small" disabled={action.busy} onClick={() => void letter(r.pseudonym)}>
                {t('consent.letter')}
              </button>
            )}
            {can('overview.export') &&
              (r.overviewAllowed ? (
                <button type="button" className="small" disabled={action.busy} onClick={() => void overview(r.pseudonym)}>
                  {t('consent.overview')}
                </button>
              ) : (
                <span className="muted small" data-testid="no-overview">
                  {t(`consent.noOverview.${r.state}`)}
                </span>
              ))}
          </div>
        );
      },
    }),
  ];
  const table = useSortableTable(rows, columns);
  return (
    <>
      <h2>{t('consent.title')}</h2>
      <ErrorBox error={action.error} />
      {done && (
        <Notice kind="ok">
          {say(t, done.said)}{' '}
          {done.folder && (
            <span className="mono" data-raw data-testid="overview-folder">
              {done.folder}
            </span>
          )}
        </Notice>
      )}
      <DataTable table={table} label={t('consent.table')} />
      {recording && (
        <RecordDialog
          roundId={roundId}
          {...recording}
          onClose={() => setRecording(null)}
          onRecorded={() => {
            setDone({ said: { key: 'record.done', params: { pseudonym: recording.pseudonym }, keyParams: { event: `consent.event.${recording.event}` } } });
            setRecording(null);
          }}
        />
      )}
      {shown && <LetterDialog pseudonym={shown.pseudonym} content={shown.content} onClose={() => setShown(null)} />}
    </>
  );
}
