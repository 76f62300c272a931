/**
 * The funnel and the sector combinations in words: the charts of ui/charts given the texts of
 * this feature, in the user's language. Used by the live preview and by the approval screen.
 */
import { useMemo } from 'react';
import { SECTORS } from '../../../shared/extract-format';
import { useUi } from '../../app/store';
import { isMessageKey, useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { CombinationsChart, FunnelChart, funnelSteps, topCombinations } from '../../ui/charts';
import { sectorName } from './CandidateTable';

/** The largest combinations drawn as their own bar; the rest share one. */
export const TOP_COMBINATIONS = 8;

export function FunnelFigure({ funnel, testId = 'funnel-chart' }: { funnel: readonly { rule: string; remaining: number }[]; testId?: string }) {
  const t = useT();
  const f = useFormat();
  const steps = useMemo(() => funnelSteps(funnel), [funnel]);
  // Every rule of the engine has a text (checked in messages.ts); a step added by a screen brings its own.
  const stepName = (rule: string) => {
    const key = `funnel.${rule}`;
    return isMessageKey(key) ? t(key) : '–';
  };
  const first = steps[0]?.remaining ?? 0;
  const last = steps.at(-1);
  const summary =
    steps.length > 1 && last
      ? t('chart.funnelSummary', { steps: steps.length, first: f.number(first), last: f.number(last.remaining), rule: stepName(last.rule) })
      : t('chart.funnelNoRules', { first: f.number(first) });
  return <FunnelChart steps={steps} stepName={stepName} number={f.number} testId={testId} texts={{ summary, caption: t('chart.funnelCaption'), step: t('chart.step'), remaining: t('chart.remaining') }} />;
}

export function CombinationsFigure({ combinations, empty, testId = 'combinations-chart' }: {
  combinations: Readonly<Record<string, number>>;
  /** What to say when there is no one to show (by default: no one found). */
  empty?: string;
  testId?: string;
}) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  const view = useMemo(() => topCombinations(combinations, TOP_COMBINATIONS, SECTORS), [combinations]);
  const name = (s: string) => sectorName(s, lang);
  const top = view.shown[0];
  const widest = view.sets.reduce((a, b) => (b.count > a.count ? b : a), view.sets[0] ?? { sector: '', count: 0 });
  const kinds = view.shown.length + (view.others?.combinations ?? 0);
  const summary = top
    ? t('chart.combiSummary', { total: f.number(view.total), n: f.number(kinds), top: top.sectors.map(name).join(' + '), count: f.number(top.count), sector: name(widest.sector), setCount: f.number(widest.count) })
    : (empty ?? t('chart.combiEmpty'));
  const others = view.others;
  return (
    <>
      <p className="muted small">{top ? t('chart.combiIntro') : (empty ?? t('chart.combiEmpty'))}</p>
      <CombinationsChart
        view={view}
        columns={TOP_COMBINATIONS + 1}
        sectorName={name}
        format={f}
        testId={testId}
        texts={{
          summary,
          caption: t('chart.combiCaption'),
          combination: t('chart.combination'),
          count: t('chart.count'),
          setCaption: t('chart.setCaption'),
          sector: t('chart.sector'),
          others: t('chart.others', { n: f.number(others?.combinations ?? 0) }),
          othersNote: t('chart.othersNote', { n: f.number(others?.combinations ?? 0), count: f.number(others?.count ?? 0) }),
        }}
      />
    </>
  );
}
