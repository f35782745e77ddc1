import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TimelinePoint } from "~/app/modules/reach/analytics.ts";
import { dateTimeFormat, numberFormat } from "~/app/lib/intl.ts";

/**
 * A hand-written SVG bar chart over days or weeks (no chart library: a few rectangles are enough).
 * Accessible: the svg is one image with a name that states what it shows and its total and peak;
 * the same numbers are in a table the page shows next to it (`describedBy` points at it). Series
 * stack; a hatched series differs from a solid one by pattern, not only by colour.
 */

export interface BarSeries {
  label: string;
  values: readonly number[];
  style: "solid" | "hatched";
}

const HEIGHT = 240;
/** px: the x axis labels below the plot; the top leaves room for the highest tick's label */
const PAD = { top: 20, bottom: 24 };

/** A round upper bound for the axis: 1, 2, 2.5 or 5 × 10^n. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** a percentage of the chart's width, as an SVG length */
const pct = (n: number) => `${Math.round(n * 1000) / 1000}%`;

/**
 * The chart is as wide as its container (x positions in percent, no viewBox), 240 px high, so its
 * text keeps the page's size on a 360 px phone and on a desktop alike. Colours are classes
 * (app/styles/programme.css, "Bar charts") so dark mode applies; the tick labels sit above their
 * grid lines, at the left edge, inside the plot.
 */
export function BarChart({
  name,
  labels,
  series,
  formatValue,
  formatLabel,
  describedBy,
}: {
  /** the accessible name: what, over which range, with its total */
  name: string;
  /** one per bucket (a day), in order */
  labels: readonly string[];
  series: readonly BarSeries[];
  formatValue: (value: number) => string;
  formatLabel: (label: string) => string;
  describedBy?: string;
}) {
  const patternId = `hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const n = labels.length;
  const stacked = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const top = niceMax(Math.max(0, ...stacked));
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = n > 0 ? 100 / n : 100;
  const barW = slot * (n > 60 ? 0.9 : 0.75);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const ticks = [0, top / 2, top];
  const labelAt = n > 2 ? [0, Math.floor((n - 1) / 2), n - 1] : labels.map((_, i) => i);
  return (
    <svg
      width="100%"
      height={HEIGHT}
      className="chart"
      role="img"
      aria-label={name}
      aria-describedby={describedBy}
      data-testid="chart"
    >
      <defs>
        <pattern
          id={patternId}
          width="6"
          height="6"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <rect width="6" height="6" className="chart-hatch-bg" />
          <line x1="0" y1="0" x2="0" y2="6" className="chart-hatch-line" />
        </pattern>
      </defs>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1="0" x2="100%" y1={y(tick)} y2={y(tick)} className="chart-grid" />
          <text x="0" y={y(tick) - 4} className="chart-text">
            {formatValue(tick)}
          </text>
        </g>
      ))}
      {labels.map((label, i) => {
        let base = 0;
        return (
          <g key={label}>
            {series.map((s) => {
              const value = s.values[i] ?? 0;
              const from = base;
              base += value;
              if (value <= 0) return null;
              return (
                <rect
                  key={s.label}
                  x={pct(i * slot + (slot - barW) / 2)}
                  y={y(from + value)}
                  width={pct(barW)}
                  height={Math.max(0.5, y(from) - y(from + value))}
                  className={s.style === "hatched" ? "chart-bar-hatched" : "chart-bar"}
                  fill={s.style === "hatched" ? `url(#${patternId})` : undefined}
                />
              );
            })}
          </g>
        );
      })}
      {[...new Set(labelAt)].map((i) => (
        <text
          key={i}
          x={n > 2 && i === 0 ? "0" : n > 2 && i === n - 1 ? "100%" : pct(i * slot + slot / 2)}
          y={HEIGHT - 6}
          textAnchor={n > 2 ? (i === 0 ? "start" : i === n - 1 ? "end" : "middle") : "middle"}
          className="chart-text"
        >
          {formatLabel(labels[i] ?? "")}
        </text>
      ))}
    </svg>
  );
}

/** The legend for stacked series, as text (outside the image, so it is read like the rest of the page). */
export function ChartLegend({ series }: { series: readonly Pick<BarSeries, "label" | "style">[] }) {
  return (
    <ul className="cluster chart-legend">
      {series.map((s) => (
        <li key={s.label} className="cluster">
          <svg width="14" height="14" aria-hidden="true" focusable="false">
            {s.style === "hatched" ? (
              <>
                <rect x="0.5" y="0.5" width="13" height="13" className="chart-hatch-bg chart-bar-hatched" />
                <path d="M0 14 L14 0 M-3 3 L3 -3 M11 17 L17 11" className="chart-hatch-line" />
              </>
            ) : (
              <rect width="14" height="14" className="chart-bar" />
            )}
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}

/** Numbers, money and calendar days in the reader's language ("YYYY-MM-DD" days are dates, not instants). */
export function useReachFormat(language: string, currency: string): ReachFormat {
  // made once per language and currency: building Intl formatters costs more than formatting
  // (the analytics page asks for one per table, on every render)
  const key = `${language}|${currency}`;
  let format = reachFormats.get(key);
  if (!format) {
    if (reachFormats.size >= 32) reachFormats.clear();
    reachFormats.set(key, (format = reachFormat(language, currency)));
  }
  return format;
}

type ReachFormat = ReturnType<typeof reachFormat>;
const reachFormats = new Map<string, ReachFormat>();

function reachFormat(language: string, currency: string) {
  const count = numberFormat(language);
  const compact = numberFormat(language, { notation: "compact", maximumFractionDigits: 1 });
  const money = numberFormat(language, { style: "currency", currency });
  const dayFmt = dateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" });
  const shortDay = dateTimeFormat(language, { day: "numeric", month: "short", timeZone: "UTC" });
  return {
    count: (n: number) => count.format(n),
    compact: (n: number) => compact.format(n),
    money: (n: number) => money.format(n),
    day: (d: string) => dayFmt.format(new Date(`${d}T00:00:00Z`)),
    shortDay: (d: string) => shortDay.format(new Date(`${d}T00:00:00Z`)),
  };
}

export const TIMELINE_METRICS = ["clicks", "shares", "uniqueVisitors", "impressions", "earnedMedia"] as const;
export type TimelineMetric = (typeof TIMELINE_METRICS)[number];

/**
 * The timeline: a choice of figure (radio buttons), its bar chart and, below, every bucket's
 * figures as a table (the chart's text alternative, and what the CSV export contains).
 */
export function TimelineChart({
  points,
  bucket,
  from,
  to,
  currency,
  exportHref,
  idPrefix,
}: {
  points: readonly TimelinePoint[];
  bucket: "day" | "week";
  from: string;
  to: string;
  currency: string;
  exportHref?: string;
  idPrefix: string;
}) {
  const { t, i18n } = useTranslation();
  const f = useReachFormat(i18n.language, currency);
  const [metric, setMetric] = useState<TimelineMetric>("clicks");
  const labels = points.map((p) => p.start);
  const series: BarSeries[] =
    metric === "impressions"
      ? [
          {
            label: t("reach.metrics.impressionsMeasured"),
            values: points.map((p) => p.impressionsMeasured),
            style: "solid",
          },
          {
            label: t("reach.metrics.impressionsEstimated"),
            values: points.map((p) => p.impressionsEstimated),
            style: "hatched",
          },
        ]
      : [{ label: t(`reach.metrics.${metric}`), values: points.map((p) => p[metric]), style: "solid" }];
  const total = series.reduce((sum, s) => sum + s.values.reduce((a, b) => a + b, 0), 0);
  const name = t(bucket === "week" ? "reach.chart.perWeek" : "reach.chart.perDay", {
    metric: t(`reach.metrics.${metric}`),
    from: f.day(from),
    to: f.day(to),
    total: metric === "earnedMedia" ? f.money(Math.round(total * 100) / 100) : f.count(total),
  });
  const tableId = `${idPrefix}-timeline-table`;
  return (
    <>
      <fieldset className="bare cluster chart-metrics">
        <legend className="visually-hidden">{t("reach.chart.show")}</legend>
        {TIMELINE_METRICS.map((m) => (
          <label key={m}>
            <input
              type="radio"
              name={`${idPrefix}-metric`}
              value={m}
              checked={metric === m}
              onChange={() => setMetric(m)}
            />
            {t(`reach.metrics.${m}`)}
          </label>
        ))}
      </fieldset>
      <BarChart
        name={name}
        labels={labels}
        series={series}
        formatValue={(v) => (metric === "earnedMedia" ? f.money(v) : f.compact(v))}
        formatLabel={f.shortDay}
        describedBy={tableId}
      />
      {series.length > 1 ? <ChartLegend series={series} /> : null}
      <p className="visually-hidden" aria-live="polite">
        {name}
      </p>
      <details>
        <summary>{t("reach.chart.asTable")}</summary>
        <div className="table-scroll" role="region" aria-label={name} tabIndex={0}>
          <table id={tableId}>
            <caption className="visually-hidden">{name}</caption>
            <thead>
              <tr>
                <th scope="col">
                  {t(bucket === "week" ? "reach.chart.bucketWeek" : "reach.chart.bucketDay")}
                </th>
                <th scope="col" className="num">
                  {t("reach.metrics.shares")}
                </th>
                <th scope="col" className="num">
                  {t("reach.metrics.clicks")}
                </th>
                <th scope="col" className="num">
                  {t("reach.metrics.uniqueVisitors")}
                </th>
                <th scope="col" className="num">
                  {t("reach.metrics.impressionsMeasured")}
                </th>
                <th scope="col" className="num">
                  {t("reach.metrics.impressionsEstimated")}
                </th>
                <th scope="col" className="num">
                  {t("reach.metrics.earnedMedia")}
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.start}>
                  <th scope="row" className="plain">
                    {f.day(p.start)}
                  </th>
                  {p.tooFew ? (
                    // analytics: too few people behind this bucket (its figures never left the server)
                    <td colSpan={6} className="hint wrap">
                      {t("reach.analytics.tooFew")}
                    </td>
                  ) : (
                    <>
                      <td className="num">{f.count(p.shares)}</td>
                      <td className="num">{f.count(p.clicks)}</td>
                      <td className="num">{f.count(p.uniqueVisitors)}</td>
                      <td className="num">{f.count(p.impressionsMeasured)}</td>
                      <td className="num">{f.count(p.impressionsEstimated)}</td>
                      <td className="num">{f.money(p.earnedMedia)}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      {exportHref ? (
        <p>
          <a className="button secondary" href={exportHref} download>
            {t("reach.exportCsvOf", { table: t("reach.analytics.overTime") })}
          </a>
        </p>
      ) : null}
    </>
  );
}

/**
 * @deprecated use `className="num"` (components.css). Kept only while app/routes/impact.tsx still
 * imports it; remove with that import.
 */
export const NUM = { textAlign: "right", fontVariantNumeric: "tabular-nums" } as const;
