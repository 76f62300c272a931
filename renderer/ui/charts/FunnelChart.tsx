/**
 * The funnel: one row per rule in the order the engine applies them, a bar for how many remain
 * and the exact number beside it (right-aligned, tabular). Drawn in SVG with visx to the width it
 * is given; the bars glide to their new length on each preview instead of jumping. Screen readers
 * get a one-sentence summary (role="img") and the same figures as a table.
 */
import { Group } from '@visx/group';
import { scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import type { FunnelStep } from './prepare';
import { useWidth } from './useWidth';

export interface FunnelTexts {
  /** What the chart shows, in one sentence with its key figures (the image's accessible name). */
  summary: string;
  /** The table's caption, and its two column headers. */
  caption: string;
  step: string;
  remaining: string;
}

const ROW = 24;
const ROW_STACKED = 38;
const BAR = 12;
const NUM_W = 68;
const GAP = 6;
/** Below this width a step's name goes above its bar instead of beside it. */
const SIDE_BY_SIDE_FROM = 320;

export function FunnelChart({ steps, stepName, number, texts, testId }: { steps: readonly FunnelStep[]; stepName: (rule: string) => string; number: (n: number) => string; texts: FunnelTexts; testId?: string }) {
  const [ref, width] = useWidth<HTMLDivElement>(360);
  const side = width >= SIDE_BY_SIDE_FROM;
  const row = side ? ROW : ROW_STACKED;
  const barX = side ? Math.round(width * 0.45) + GAP : 0;
  const barW = Math.max(20, width - barX - NUM_W - GAP);
  const x = scaleLinear<number>({ domain: [0, 1], range: [0, barW] });
  const height = steps.length * row;
  return (
    <div ref={ref} className="chart" data-testid={testId}>
      <svg role="img" aria-label={texts.summary} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
        {steps.map((s, i) => {
          const barY = side ? (row - BAR) / 2 : row - BAR - 4;
          return (
            <Group key={s.rule} top={i * row} className="funnel-step">
              <text className="chart-label" x={0} y={side ? row / 2 : 13} dominantBaseline="central">
                {stepName(s.rule)}
              </text>
              <Bar className="chart-track" x={barX} y={barY} width={barW} height={BAR} rx={2} />
              {/* drawn full length and scaled, so a new count is a transition, not a redraw */}
              <Bar className="chart-bar grow-x" x={barX} y={barY} width={barW} height={BAR} rx={2} style={{ transform: `scaleX(${x(s.share) / barW})` }} />
              <text className="chart-num" x={width} y={barY + BAR / 2} dominantBaseline="central" textAnchor="end">
                {number(s.remaining)}
              </text>
            </Group>
          );
        })}
      </svg>
      <div className="sr-only">
        <table>
          <caption>{texts.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{texts.step}</th>
              <th scope="col">{texts.remaining}</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s) => (
              <tr key={s.rule}>
                <th scope="row">{stepName(s.rule)}</th>
                <td>{number(s.remaining)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
