/**
 * The list to approve in figures: the run's funnel with one step more, those the screener
 * included, and the sector combinations of the included. Counts only, from what the round
 * already holds (the funnel the run stored, the candidates' sectors and decisions).
 */
import { useMemo } from 'react';
import { SECTORS } from '../../../shared/extract-format';
import type { Round } from '../../../shared/rounds';
import { useT } from '../../i18n';
import { combinationsOf } from '../../ui/charts';
import { CombinationsFigure, FunnelFigure } from '../screening/FigureCharts';

export function ListCharts({ round }: { round: Pick<Round, 'funnel' | 'candidates'> }) {
  const t = useT();
  const included = useMemo(() => round.candidates.filter((c) => c.review?.decision === 'include'), [round.candidates]);
  const funnel = useMemo(() => [...round.funnel, { rule: 'included', remaining: included.length }], [round.funnel, included]);
  const combinations = useMemo(() => combinationsOf(included, SECTORS), [included]);
  return (
    <div className="two-col" data-testid="list-charts">
      <div>
        <h4>{t('approval.chartsFunnel')}</h4>
        <FunnelFigure funnel={funnel} testId="approval-funnel" />
      </div>
      <div>
        <h4>{t('approval.chartsCombinations')}</h4>
        <CombinationsFigure combinations={combinations} empty={t('approval.chartsNoneIncluded')} testId="approval-combinations" />
      </div>
    </div>
  );
}
