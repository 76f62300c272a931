/**
 * A candidate's ongoing services on one time axis: a lane per sector, a bar per service from its
 * start to its planned end or review (a diamond marks that day), or to the right edge with an
 * arrow when it runs until further notice; a dashed line at the list's date. Drawn as SVG by
 * React; for screen readers the picture is one image with a summary, and the same facts follow
 * as tables (CandidatePanel).
 */
import { scaleUtc } from '@visx/scale';
import type { CandidateDetail, DetailService } from '../../../shared/candidate-detail';
import { useUi } from '../../app/store';
import { useT } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { sectorName } from '../screening/CandidateTable';

const W = 520;
const LEFT = 6;
const RIGHT = 14;
const LANE_HEAD = 18;
const ROW = 24;
const AXIS = 26;
const TOP = 16;
const DAY = 86_400_000;

const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A service's own words in a lane: its name, shortened to what fits above its bar. */
const short = (s: string, max = 78) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function ServiceTimeline({ detail, who, counts }: { detail: CandidateDetail; who: (s: DetailService) => string | null; counts: (services: number, caseworkers: number) => string }) {
  const t = useT();
  const f = useFormat();
  const lang = useUi((s) => s.lang);
  const locale = lang === 'da' ? 'da-DK' : 'en-GB';
  const services = detail.sectors.flatMap((s) => s.services);
  const ref = detail.madeOn.referenceDate;
  const days = [...services.flatMap((s) => (s.end ? [s.start, s.end] : [s.start])), ref].map((d) => dateOf(d).getTime());
  let [from, to] = [Math.min(...days), Math.max(...days)];
  // At least two months wide, and a margin either side so no bar starts or ends on the frame.
  if (to - from < 60 * DAY) [from, to] = [from - 30 * DAY, to + 30 * DAY];
  const pad = (to - from) * 0.06;
  const x = scaleUtc({ domain: [new Date(from - pad), new Date(to + pad)], range: [LEFT, W - RIGHT] });
  const years = (to - from) / (365 * DAY);
  const tickFormat = new Intl.DateTimeFormat(locale, years > 4 ? { year: 'numeric', timeZone: 'UTC' } : { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const ticks = x.ticks(years > 4 ? 5 : 4);

  let y = TOP;
  const lanes = detail.sectors.map((s, i) => {
    const top = y;
    y += LANE_HEAD + s.services.length * ROW + 4;
    return { ...s, top, height: y - top, shade: i % 2 === 0 };
  });
  const chartBottom = y;
  const height = chartBottom + AXIS;
  const refX = x(dateOf(ref));
  const label = t('detail.timelineLabel', {
    services: f.number(services.length),
    sectors: f.number(detail.sectors.length),
    from: f.day(new Date(from).toISOString().slice(0, 10)),
    to: f.day(new Date(to).toISOString().slice(0, 10)),
    ref: f.day(ref),
  });

  return (
    <figure className="timeline">
      <svg viewBox={`0 0 ${W} ${height}`} width="100%" role="img" aria-label={label} data-testid="timeline">
        {lanes.map((lane) => (
          <g key={lane.sector}>
            <rect x={0} y={lane.top} width={W} height={lane.height} className={lane.shade ? 'lane shade' : 'lane'} />
            <text x={LEFT} y={lane.top + 13} className="lane-name">
              {sectorName(lane.sector, lang)}
              <tspan className="lane-counts">{`  ·  ${counts(lane.services.length, lane.caseworkers)}`}</tspan>
            </text>
            {lane.services.map((s, i) => {
              const rowTop = lane.top + LANE_HEAD + i * ROW;
              const x0 = x(dateOf(s.start));
              const x1 = s.end ? x(dateOf(s.end)) : W - RIGHT;
              const barY = rowTop + 12;
              const name = lang === 'da' ? s.nameDa : s.nameEn;
              const whom = who(s);
              return (
                <g key={i} className={s.counted ? 'svc' : 'svc not-counted'}>
                  <text x={LEFT + 2} y={rowTop + 9} className="svc-name">
                    {short(whom ? `${whom}: ${name}` : name)}
                  </text>
                  <rect x={x0} y={barY} width={Math.max(2, x1 - x0)} height={8} rx={2} className="bar" />
                  {s.end ? (
                    <path d={`M${x1} ${barY - 2} l5 6 l-5 6 l-5 -6 z`} className="end-marker" />
                  ) : (
                    <path d={`M${x1} ${barY - 3} l7 7 l-7 7 z`} className="open-marker" />
                  )}
                </g>
              );
            })}
          </g>
        ))}
        <line x1={refX} x2={refX} y1={TOP - 4} y2={chartBottom} className="ref-line" />
        <line x1={LEFT} x2={W - RIGHT} y1={chartBottom} y2={chartBottom} className="axis" />
        {ticks.map((d) => (
          <g key={d.getTime()}>
            <line x1={x(d)} x2={x(d)} y1={chartBottom} y2={chartBottom + 4} className="axis" />
            <text x={x(d)} y={chartBottom + 16} textAnchor="middle" className="tick">
              {tickFormat.format(d)}
            </text>
          </g>
        ))}
        <text x={Math.min(Math.max(refX, 40), W - 40)} y={TOP - 6} textAnchor="middle" className="ref-label">
          {f.day(ref)}
        </text>
      </svg>
      <figcaption>
        <ul className="legend" aria-hidden="true">
          <li>
            <svg width="22" height="10">
              <rect x="1" y="1" width="20" height="8" rx="2" className="bar" />
            </svg>
            {t('detail.legend.bar')}
          </li>
          {services.some((s) => !s.counted) && (
            <li className="not-counted">
              <svg width="22" height="10">
                <rect x="1" y="1" width="20" height="8" rx="2" className="bar" />
              </svg>
              {t('detail.legend.notCounted')}
            </li>
          )}
          <li>
            <svg width="12" height="14">
              <path d="M6 1 l5 6 l-5 6 l-5 -6 z" className="end-marker" />
            </svg>
            {t('detail.legend.end')}
          </li>
          <li>
            <svg width="10" height="14">
              <path d="M1 0 l7 7 l-7 7 z" className="open-marker" />
            </svg>
            {t('detail.legend.open')}
          </li>
          <li>
            <svg width="6" height="14">
              <line x1="3" x2="3" y1="0" y2="14" className="ref-line" />
            </svg>
            {t('detail.legend.ref')}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
