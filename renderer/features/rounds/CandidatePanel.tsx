/**
 * The detail panel beside the review list: one candidate or family behind its pseudonym. Who is
 * in it (age bands; CPR number and name only once revealed for a purpose), the ongoing services
 * on a timeline with the same facts as tables per sector, how many caseworkers each sector has on
 * them (never who), every rule with the value that put them on the list, and the decision.
 * Not a modal: the list stays usable beside it. It takes focus at its heading when it opens and
 * closes with Escape or its close button (the owner gives focus back to the row).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CandidateDetail, DetailService } from '../../../shared/candidate-detail';
import type { Reveal } from '../../../shared/screening';
import { useQuery } from '../../api/client';
import { useUi } from '../../app/store';
import { useT, type T } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { sectorName } from '../screening/CandidateTable';
import { ruleText } from '../screening/rule-text';
import { DecideForm, type DecisionInput } from './DecideForm';
import { RoundError } from './round-words';
import type { RoundCandidate } from './RoundTable';
import { ServiceTimeline } from './ServiceTimeline';
import { revealedName } from '../screening/CandidateTable';

interface Props {
  runId: number;
  candidate: RoundCandidate;
  revealed: Reveal | undefined;
  /** Absent when the list cannot change (submitted or approved). */
  onDecide?: (d: DecisionInput) => Promise<boolean>;
  busy: boolean;
  onReveal: () => void;
  onClose: () => void;
}

/** The catalogue's "[?]" marks an uncertain reference for its editors; on screen it only puzzles. */
const withoutMarks = (text: string) => text.replace(/\s*\[\?\]/g, '').trim();
/** A paragraph that does not name its law ("§20") is said with it ("Folkeskoleloven §20"). */
const paragraphText = (law: string, paragraph: string) => withoutMarks(paragraph.startsWith('§') && law ? `${law} ${paragraph}` : paragraph);

const countText = (t: T, what: 'services' | 'caseworkers' | 'departments', n: number, format: (n: number) => string) =>
  t(`detail.n.${what}.${n === 1 ? 'one' : 'other'}`, { n: format(n) });

export function CandidatePanel({ runId, candidate, revealed, onDecide, busy, onReveal, onClose }: Props) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  const pseudonym = candidate.pseudonym;
  const detail = useQuery('candidates.detail', { runId, pseudonym });
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus on the heading when the panel opens, and again after a reveal (the button that asked is gone then).
  useEffect(() => heading.current?.focus(), [pseudonym, revealed]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Escape in an open dialog (the reveal) closes that dialog, not the panel under it.
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  // The panel starts below the app's header (its language and log-out buttons stay in reach) and
  // moves up as the header scrolls away.
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const place = () => setTop(Math.max(0, Math.round(document.querySelector('header.top')?.getBoundingClientRect().bottom ?? 0)));
    place();
    window.addEventListener('scroll', place, { passive: true });
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', place);
      window.removeEventListener('resize', place);
    };
  }, []);

  const d = detail.data?.pseudonym === pseudonym ? detail.data : null;
  const member = (p: string) => d?.members.find((m) => m.pseudonym === p);
  const memberText = (p: string) => {
    const m = member(p);
    return m ? t(m.adult ? 'detail.adult' : 'detail.child', { age: m.ageBand }) : '';
  };
  const who = (s: DetailService) => (d?.unit === 'family' ? memberText(s.member) : null);
  const titleId = `detail-title-${pseudonym}`;
  // The decision comes after the facts it rests on: the rules and the timeline.
  const decisionHere = (
      <section aria-labelledby={`${titleId}-decision`} className="detail-decision">
        <h3 id={`${titleId}-decision`}>
          {t('detail.decision')}{' '}
          {candidate.review ? (
            <>
              <span className={`decision ${candidate.review.decision}`}>{t(`round.decision.${candidate.review.decision}`)}</span> {t(`round.reason.${candidate.review.reason}`)}
              {candidate.review.comment && (
                <span className="muted" data-raw>
                  {' '}
                  – {candidate.review.comment}
                </span>
              )}
            </>
          ) : (
            <span className="decision none">{t('round.decision.none')}</span>
          )}
        </h3>
        {onDecide && <DecideForm key={pseudonym} count={1} busy={busy} onDecide={onDecide} idPrefix="panel-decide" label={t('detail.decide', { pseudonym })} submitLabel={t('detail.apply')} />}
      </section>
  );

  return (
    <section className="detail-panel" style={{ top }} aria-labelledby={titleId} data-testid="detail-panel">
      <div className="detail-head">
        <h2 id={titleId} ref={heading} tabIndex={-1}>
          {t('detail.title', { pseudonym })}
        </h2>
        <button type="button" className="secondary close" onClick={onClose} aria-label={t('detail.close')} title={t('detail.close')}>
          <span aria-hidden="true">✕</span>
        </button>
      </div>

      <People candidate={candidate} detail={d} revealed={revealed} memberText={memberText} />
      {!revealed && (
        <p className="muted small">
          {t('detail.notRevealed')}{' '}
          <button type="button" className="small secondary" onClick={onReveal}>
            {t('review.reveal')}
          </button>
        </p>
      )}


      {detail.error && <RoundError error={detail.error} />}
      {!d && !detail.error && <p className="muted">{t('detail.loading')}</p>}
      {!d && decisionHere}
      {d && (
        <>
          <p className="muted small">{t('detail.madeOn', { date: f.day(d.madeOn.referenceDate) })}</p>
          {d.dataNow && (
            <div className="message warn" role="status">
              {d.dataNow.referenceDate ? t('detail.dataChanged', { date: f.day(d.dataNow.referenceDate) }) : t('detail.dataGone')}
            </div>
          )}

          <h3>{t('detail.rules')}</h3>
          <ul className="rules">
            {d.rules.map((r) => (
              <li key={r.rule}>
                <span className={r.passed ? 'verdict ok' : 'verdict failed'}>{t(r.passed ? 'detail.rule.passed' : 'detail.rule.failed')}</span> {ruleText(t, r, lang)}
              </li>
            ))}
          </ul>

          <h3>{t('detail.timeline')}</h3>
          {d.sectors.length === 0 ? (
            <>
              {d.dataNow && !d.dataNow.referenceDate ? null : <p className="muted">{t('detail.noServices')}</p>}
              {decisionHere}
            </>
          ) : (
            <>
              <ServiceTimeline detail={d} who={who} counts={(n, w) => `${countText(t, 'services', n, f.number)} · ${countText(t, 'caseworkers', w, f.number)}`} />
              {decisionHere}
              <h3>{t('detail.perSector')}</h3>
              <p className="muted small">{t('detail.caseworkersHint')}</p>
              {d.sectors.map((s) => (
                <SectorTable key={s.sector} sector={s} family={d.unit === 'family'} memberText={memberText} />
              ))}
            </>
          )}
        </>
      )}
    </section>
  );
}

function People({ candidate, detail, revealed, memberText }: { candidate: RoundCandidate; detail: CandidateDetail | null; revealed: Reveal | undefined; memberText: (p: string) => string }) {
  const t = useT();
  const f = useFormat();
  const shown = (p: string) => revealed?.members.find((m) => m.pseudonym === p);
  const identity = (p: string) => {
    const who = shown(p);
    return (
      who && (
        <strong className="revealed" data-raw>
          {' '}
          {who.cpr} {revealedName(t, who.name)}
        </strong>
      )
    );
  };
  if (candidate.unit === 'person') {
    const m = candidate.members[0]!;
    return (
      <p className="detail-people">
        {t('detail.person', { age: m.ageBand })}
        {identity(m.pseudonym)}
      </p>
    );
  }
  return (
    <div className="detail-people">
      <p>{t('detail.family', { n: f.number(candidate.members.length) })}</p>
      <ul className="plain">
        {candidate.members.map((m) => (
          <li key={m.pseudonym}>
            {detail ? memberText(m.pseudonym) : m.ageBand} <span className="mono muted">{m.pseudonym}</span>
            {identity(m.pseudonym)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function SectorTable({ sector, family, memberText }: { sector: CandidateDetail['sectors'][number]; family: boolean; memberText: (p: string) => string }) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  const name = sectorName(sector.sector, lang);
  const counts = [countText(t, 'services', sector.services.length, f.number), countText(t, 'caseworkers', sector.caseworkers, f.number), countText(t, 'departments', sector.departments, f.number)];
  return (
    <div className="sector-block">
      <h4>
        {name} <span className="muted">· {counts.join(' · ')}</span>
      </h4>
      <table className="grid compact" aria-label={`${name}: ${counts.join(', ')}`}>
        <thead>
          <tr>
            {family && <th scope="col">{t('detail.col.member')}</th>}
            <th scope="col">{t('detail.col.service')}</th>
            <th scope="col">{t('detail.col.department')}</th>
            <th scope="col">{t('detail.col.start')}</th>
            <th scope="col">{t('detail.col.end')}</th>
          </tr>
        </thead>
        <tbody>
          {sector.services.map((s, i) => (
            <tr key={i}>
              {family && <td>{memberText(s.member)}</td>}
              <td>
                {lang === 'da' ? s.nameDa : s.nameEn}
                <div className="muted small">
                  {paragraphText(s.law, s.paragraph)}
                  {s.paragraphOld && s.paragraphOld !== s.paragraph ? ` (${t('detail.paragraphWas', { old: withoutMarks(s.paragraphOld) })})` : ''}
                  {s.counted ? '' : ` · ${t('detail.notCounted')}`}
                </div>
              </td>
              <td data-raw>{s.department}</td>
              <td className="nowrap">{f.day(s.start)}</td>
              <td className="nowrap">{s.end ? f.day(s.end) : t('detail.untilFurther')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
