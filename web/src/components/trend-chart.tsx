// A line chart of yearly indicator values with uPlot, loaded only when a chart is shown. The
// caller always renders the same numbers as a table: the chart is for the eye, the table for all.
import { useEffect, useRef } from 'preact/hooks';
import 'uplot/dist/uPlot.min.css';

export type Series = { label: string; values: (number | null)[]; colour: string };

export function TrendChart({ title, years, series, max }: { title: string; years: number[]; series: Series[]; max: number }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let chart: { destroy: () => void } | undefined;
    let cancelled = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled || !box.current) return;
      chart = new UPlot(
        {
          title,
          width: Math.min(640, box.current.clientWidth || 640),
          height: 240,
          scales: { x: { time: false }, y: { range: [0, max] } },
          axes: [{ values: (_u: unknown, ticks: number[]) => ticks.map((t) => String(t)) }, {}],
          series: [{ label: 'Year' }, ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 2 }))],
        },
        [years, ...series.map((s) => s.values)],
        box.current,
      );
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [title, years, series, max]);
  return <div class="echri-chart" ref={box} aria-hidden="true" />;
}
