// Successful and failed sessions per day as stacked bars: plain SVG, sized to its container.
import type { DaySessions } from '../../lib/tls-rpt/reports/summary';

export interface TlsRptDailyChartProps {
  daily: DaySessions[];
  label: string;
}

const HEIGHT = 120;
const BAR_GAP = 2;

const DAY_MS = 86_400_000;
/** Longest span drawn day by day; reports spread over more (years apart) are drawn as the days they have. */
const MAX_FILLED_DAYS = 92;
/** A bar is at most this wide, so a week of reports does not become seven slabs. */
const MAX_BAR_PX = 28;

/** Every day from the first to the last, so a day without reports shows as a gap, not as nothing. */
function fillDays(daily: DaySessions[]): { days: DaySessions[]; filled: boolean } {
  const first = daily[0];
  const last = daily.at(-1);
  if (!first || !last) return { days: [], filled: true };
  const start = Date.parse(`${first.day}T00:00:00Z`);
  const end = Date.parse(`${last.day}T00:00:00Z`);
  if ((end - start) / DAY_MS >= MAX_FILLED_DAYS) return { days: daily, filled: false };
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const days: DaySessions[] = [];
  for (let t = start; t <= end; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.push(byDay.get(day) ?? { day, success: 0, failure: 0 });
  }
  return { days, filled: true };
}

export function TlsRptDailyChart({ daily, label }: TlsRptDailyChartProps) {
  const { days, filled } = fillDays(daily);
  if (days.length === 0) return <p class="muted">No dated reports to chart.</p>;
  const max = Math.max(1, ...days.map((d) => d.success + d.failure));
  const width = days.length * 14;
  const bar = width / days.length - BAR_GAP;
  return (
    <figure class="tlsrpt-chart">
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
        style={{ maxWidth: `${days.length * MAX_BAR_PX}px` }}
        preserveAspectRatio="none"
        role="img"
        aria-label={label}
        data-testid="tlsrpt-chart"
      >
        {days.map((d, i) => {
          const x = i * (bar + BAR_GAP);
          const ok = (d.success / max) * (HEIGHT - 2);
          const bad = (d.failure / max) * (HEIGHT - 2);
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.success.toLocaleString('en')} successful, ${d.failure.toLocaleString('en')} failed`}</title>
              <rect class="tlsrpt-bar-ok" x={x} y={HEIGHT - ok} width={bar} height={ok} />
              <rect class="tlsrpt-bar-fail" x={x} y={HEIGHT - ok - bad} width={bar} height={bad} />
            </g>
          );
        })}
      </svg>
      <figcaption class="muted">
        <span class="tlsrpt-key tlsrpt-key-ok" /> successful <span class="tlsrpt-key tlsrpt-key-fail" />{' '}
        failed sessions per day{filled ? '' : ' with reports'}, {days[0]?.day} to {days.at(-1)?.day}; tallest
        bar {max.toLocaleString('en')} sessions (UTC days; a report counts on the day its period starts)
      </figcaption>
    </figure>
  );
}
