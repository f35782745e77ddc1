import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TimelinePoint } from "~/app/modules/reach/analytics.ts";

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

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { top: 12, right: 12, bottom: 28, left: 64 };
const INK = "#1d4ed8";
const GRID = "#d7dce2";
const TEXT = "#4b5563";

/** A round upper bound for the axis: 1, 2, 2.5 or 5 × 10^n. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

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
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = n > 0 ? plotW / n : plotW;
  const barW = Math.max(1, slot * (n > 60 ? 0.9 : 0.75));
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const ticks = [0, top / 2, top];
  const labelAt = n > 2 ? [0, Math.floor((n - 1) / 2), n - 1] : labels.map((_, i) => i);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      role="img"
      aria-label={name}
      aria-describedby={describedBy}
      style={{ display: "block", maxWidth: "100%", height: "auto", background: "#fff" }}
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
          <rect width="6" height="6" fill="#fff" />
          <line x1="0" y1="0" x2="0" y2="6" stroke={INK} strokeWidth="3" />
        </pattern>
      </defs>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} stroke={GRID} />
          <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" fontSize="12" fill={TEXT}>
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
                  x={PAD.left + i * slot + (slot - barW) / 2}
                  y={y(from + value)}
                  width={barW}
                  height={Math.max(0.5, y(from) - y(from + value))}
                  fill={s.style === "hatched" ? `url(#${patternId})` : INK}
                  stroke={s.style === "hatched" ? INK : "none"}
                  strokeWidth={s.style === "hatched" ? 0.75 : 0}
                />
              );
            })}
          </g>
        );
      })}
      {[...new Set(labelAt)].map((i) => (
        <text
          key={i}
          x={PAD.left + i * slot + slot / 2}
          y={HEIGHT - 8}
          textAnchor={n > 2 ? (i === 0 ? "start" : i === n - 1 ? "end" : "middle") : "middle"}
          fontSize="12"
          fill={TEXT}
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
    <ul className="row" style={{ listStyle: "none", padding: 0, margin: "0.5rem 0 0" }}>
      {series.map((s) => (
        <li key={s.label} className="row" style={{ gap: "0.4rem" }}>
          <svg width="14" height="14" aria-hidden="true" focusable="false">
            {s.style === "hatched" ? (
              <>
                <rect x="0.5" y="0.5" width="13" height="13" fill="#fff" stroke={INK} />
                <path d="M0 14 L14 0 M-3 3 L3 -3 M11 17 L17 11" stroke={INK} strokeWidth="2" />
              </>
            ) : (
              <rect width="14" height="14" fill={INK} />
            )}
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}

/** Numbers, money and calendar days in the reader's language ("YYYY-MM-DD" days are dates, not instants). */
export function useReachFormat(language: string, currency: string) {
  const count = new Intl.NumberFormat(language);
  const compact = new Intl.NumberFormat(language, { notation: "compact", maximumFractionDigits: 1 });
  const money = new Intl.NumberFormat(language, { style: "currency", currency });
  const dayFmt = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: "UTC" });
  const shortDay = new Intl.DateTimeFormat(language, { day: "numeric", month: "short", timeZone: "UTC" });
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
      <fieldset className="row" style={{ border: "none", padding: 0, margin: "0 0 0.75rem" }}>
        <legend className="visually-hidden">{t("reach.chart.show")}</legend>
        {TIMELINE_METRICS.map((m) => (
          <label key={m} className="row" style={{ fontWeight: 400, gap: "0.3rem" }}>
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
      <details style={{ marginTop: "0.75rem" }}>
        <summary>{t("reach.chart.asTable")}</summary>
        <div style={{ overflowX: "auto" }}>
          <table id={tableId}>
            <caption className="visually-hidden">{name}</caption>
            <thead>
              <tr>
                <th scope="col">
                  {t(bucket === "week" ? "reach.chart.bucketWeek" : "reach.chart.bucketDay")}
                </th>
                <th scope="col" style={NUM}>
                  {t("reach.metrics.shares")}
                </th>
                <th scope="col" style={NUM}>
                  {t("reach.metrics.clicks")}
                </th>
                <th scope="col" style={NUM}>
                  {t("reach.metrics.uniqueVisitors")}
                </th>
                <th scope="col" style={NUM}>
                  {t("reach.metrics.impressionsMeasured")}
                </th>
                <th scope="col" style={NUM}>
                  {t("reach.metrics.impressionsEstimated")}
                </th>
                <th scope="col" style={NUM}>
                  {t("reach.metrics.earnedMedia")}
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.start}>
                  <th scope="row" style={{ fontWeight: 400 }}>
                    {f.day(p.start)}
                  </th>
                  {p.tooFew ? (
                    // analytics: too few people behind this bucket (its figures never left the server)
                    <td colSpan={6} className="hint">
                      {t("reach.analytics.tooFew")}
                    </td>
                  ) : (
                    <>
                      <td style={NUM}>{f.count(p.shares)}</td>
                      <td style={NUM}>{f.count(p.clicks)}</td>
                      <td style={NUM}>{f.count(p.uniqueVisitors)}</td>
                      <td style={NUM}>{f.count(p.impressionsMeasured)}</td>
                      <td style={NUM}>{f.count(p.impressionsEstimated)}</td>
                      <td style={NUM}>{f.money(p.earnedMedia)}</td>
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
          <a href={exportHref} download>
            {t("reach.exportCsvOf", { table: t("reach.analytics.overTime") })}
          </a>
        </p>
      ) : null}
    </>
  );
}

export const NUM = { textAlign: "right", fontVariantNumeric: "tabular-nums" } as const;
