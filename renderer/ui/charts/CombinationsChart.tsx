/**
 * Sector combinations as an UpSet chart: a bar per combination (the largest first, the rest folded
 * into one grey bar), a dot matrix below saying which sectors each bar is, and beside each sector
 * its set size (everyone with that sector, whatever else they have). Sector names are words from
 * the caller; the layout keeps a fixed number of columns and rows, so a new preview moves bars,
 * not the page. The exact figures are also a table for screen readers, and each bar's own tooltip.
 */
import { Group } from '@visx/group';
import { scaleLinear } from '@visx/scale';
import { Bar, Circle, Line } from '@visx/shape';
import type { Format } from '../../i18n/format';
import type { CombinationView } from './prepare';
import { useWidth } from './useWidth';

export interface CombinationTexts {
  /** What the chart shows, in one sentence with its key figures (the image's accessible name). */
  summary: string;
  /** The tables' captions and headers. */
  caption: string;
  combination: string;
  count: string;
  setCaption: string;
  sector: string;
  /** The folded bar's name in the table, and the line under the chart that explains it. */
  others: string;
  othersNote: string;
}

const NUM_SPACE = 15;
const BARS_H = 72;
const GAP = 6;
const ROW = 28;
const SET_NUM_W = 46;
/** Roughly how wide a digit of 11 px tabular figures is, to choose between exact and short numbers. */
const DIGIT = 6.8;

export function CombinationsChart({
  view,
  columns,
  sectorName,
  format,
  texts,
  testId,
}: {
  view: CombinationView;
  /** Columns to lay out (the top N and the others), however many there are now. */
  columns: number;
  sectorName: (sector: string) => string;
  format: Pick<Format, 'number' | 'compact'>;
  texts: CombinationTexts;
  testId?: string;
}) {
  const [ref, width] = useWidth<HTMLDivElement>(360);
  const labelW = Math.min(180, Math.max(120, Math.round(width * 0.4)));
  const cols = Math.max(columns, view.shown.length + (view.others ? 1 : 0), 1);
  const cw = (width - labelW) / cols;
  const barW = Math.min(26, cw * 0.62);
  const base = NUM_SPACE + BARS_H;
  const matrixY = base + GAP;
  const height = matrixY + view.sets.length * ROW;
  const y = scaleLinear<number>({ domain: [0, Math.max(1, view.maxCount)], range: [0, BARS_H] });
  const setMax = Math.max(10, labelW - 8 - SET_NUM_W);
  const setLen = scaleLinear<number>({ domain: [0, Math.max(1, view.maxSet)], range: [0, setMax] });
  const fit = (n: number, room: number) => {
    const exact = format.number(n);
    return exact.length * DIGIT <= room ? exact : format.compact(n);
  };
  const rowOf = new Map(view.sets.map((s, i) => [s.sector, i]));
  const cx = (i: number) => labelW + cw * i + cw / 2;
  const dotR = Math.max(3, Math.min(5.5, cw * 0.22));
  const bar = (key: string, i: number, count: number, title: string, other: boolean) => {
    const h = y(count);
    return (
      <Group key={key} className="combination">
        <title>{`${title}: ${format.number(count)}`}</title>
        <Bar className={`${other ? 'chart-other' : 'chart-bar'} grow-y`} x={cx(i) - barW / 2} y={NUM_SPACE} width={barW} height={BARS_H} style={{ transform: `scaleY(${h / BARS_H})` }} />
        <text className="chart-num slide-y" x={cx(i)} y={base - 3} textAnchor="middle" style={{ transform: `translateY(${-h}px)` }}>
          {fit(count, cw - 2)}
        </text>
      </Group>
    );
  };
  const names = (sectors: readonly string[]) => sectors.map(sectorName).join(' + ');
  return (
    <div ref={ref} className="chart" data-testid={testId}>
      <svg role="img" aria-label={texts.summary} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
        {view.sets.map((s, r) => (
          <Group key={s.sector} top={matrixY + r * ROW}>
            {r % 2 === 0 && <Bar className="chart-stripe" x={0} y={0} width={width} height={ROW} />}
            <text className="chart-label" x={4} y={10} dominantBaseline="central">
              {sectorName(s.sector)}
            </text>
            <Bar className="chart-track" x={4} y={19} width={setMax} height={6} rx={1} />
            <Bar className="chart-bar grow-x" x={4} y={19} width={setMax} height={6} rx={1} style={{ transform: `scaleX(${setLen(s.count) / setMax})` }} />
            <text className="chart-num small" x={labelW - 8} y={22} dominantBaseline="central" textAnchor="end">
              {fit(s.count, SET_NUM_W)}
            </text>
            {view.shown.map((_, i) => (
              <Circle key={i} className="chart-dot-off" cx={cx(i)} cy={ROW / 2} r={dotR} />
            ))}
          </Group>
        ))}
        {view.shown.map((c, i) => {
          const rows = c.sectors.map((s) => rowOf.get(s) ?? 0);
          const top = matrixY + Math.min(...rows) * ROW + ROW / 2;
          const bottom = matrixY + Math.max(...rows) * ROW + ROW / 2;
          return (
            <Group key={c.sectors.join('+')} className="combination-column">
              {bar(`bar-${c.sectors.join('+')}`, i, c.count, names(c.sectors), false)}
              {rows.length > 1 && <Line className="chart-link" from={{ x: cx(i), y: top }} to={{ x: cx(i), y: bottom }} />}
              {rows.map((r) => (
                <Circle key={r} className="chart-dot" cx={cx(i)} cy={matrixY + r * ROW + ROW / 2} r={dotR} />
              ))}
            </Group>
          );
        })}
        {view.others && bar('others', view.shown.length, view.others.count, texts.others, true)}
        <Line className="chart-axis" from={{ x: labelW, y: base + 0.5 }} to={{ x: width, y: base + 0.5 }} />
      </svg>
      {view.others && <p className="chart-note">{texts.othersNote}</p>}
      <div className="sr-only">
        <table>
          <caption>{texts.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{texts.combination}</th>
              <th scope="col">{texts.count}</th>
            </tr>
          </thead>
          <tbody>
            {view.shown.map((c) => (
              <tr key={c.sectors.join('+')}>
                <th scope="row">{names(c.sectors)}</th>
                <td>{format.number(c.count)}</td>
              </tr>
            ))}
            {view.others && (
              <tr>
                <th scope="row">{texts.others}</th>
                <td>{format.number(view.others.count)}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="sr-only">
        <table>
          <caption>{texts.setCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{texts.sector}</th>
              <th scope="col">{texts.count}</th>
            </tr>
          </thead>
          <tbody>
            {view.sets.map((s) => (
              <tr key={s.sector}>
                <th scope="row">{sectorName(s.sector)}</th>
                <td>{format.number(s.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
