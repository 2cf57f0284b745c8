// Successful and failed sessions per day as stacked bars: plain SVG, sized to its container.
import type { DaySessions } from '../../lib/tls-rpt/reports';

export interface TlsRptDailyChartProps {
  daily: DaySessions[];
  label: string;
}

const HEIGHT = 120;
const BAR_GAP = 2;

/** Every day from the first to the last, so a day without reports shows as a gap, not as nothing. */
function fillDays(daily: DaySessions[]): DaySessions[] {
  const first = daily[0];
  const last = daily.at(-1);
  if (!first || !last) return [];
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const out: DaySessions[] = [];
  const end = Date.parse(`${last.day}T00:00:00Z`);
  // Bounded: a stray date years away must not draw thousands of bars.
  for (let t = Date.parse(`${first.day}T00:00:00Z`); t <= end && out.length < 366; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, success: 0, failure: 0 });
  }
  return out;
}

export function TlsRptDailyChart({ daily, label }: TlsRptDailyChartProps) {
  const days = fillDays(daily);
  if (days.length === 0) return <p class="muted">No dated reports to chart.</p>;
  const max = Math.max(1, ...days.map((d) => d.success + d.failure));
  const width = Math.max(days.length * 14, 140);
  const bar = width / days.length - BAR_GAP;
  return (
    <figure class="tlsrpt-chart">
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
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
        failed sessions per day, {days[0]?.day} to {days.at(-1)?.day} (UTC; a report counts on the day its
        period starts)
      </figcaption>
    </figure>
  );
}
