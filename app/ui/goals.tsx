import { useTranslation } from "react-i18next";
import type { AgreementStatus, ObjectiveMetric } from "~/db/tables/recognition.ts";
import { dateTimeFormat, numberFormat } from "~/app/lib/intl.ts";

/** Small pieces shared by the goal agreement and credit statement pages. */

export function AgreementStatusBadge({ status }: { status: AgreementStatus }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`goals.status.${status}`)}</span>;
}

/** Numbers and percentages in the reader's language ("47.11%", "47,11 %"): Intl's percent style. */
export function useGoalsFormat() {
  const { i18n } = useTranslation();
  const num = numberFormat(i18n.language, { maximumFractionDigits: 2 });
  // the figures are in percent already (47.11 means 47.11 %): four digits of the fraction keep two of them
  const pct = numberFormat(i18n.language, { style: "percent", maximumFractionDigits: 2 });
  return {
    num: (n: number) => num.format(n),
    percent: (n: number) => pct.format(Math.round(n * 100) / 10000),
  };
}

/** Calendar days ("YYYY-MM-DD") in the reader's language, without a time zone shift. */
export function useFormatDay() {
  const { i18n } = useTranslation();
  const fmt = dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" });
  return (day: string) => fmt.format(new Date(`${day}T00:00:00Z`));
}

export interface ObjectiveView {
  key: string;
  metric: ObjectiveMetric;
  title: string;
  target: number;
  weight: number;
  actual: number;
  attainmentPercent: number;
  weightedPercent: number;
  manualNote: string | null;
  /** manual objectives not judged yet */
  pending?: boolean;
  /** `excluded`: the reason code when the activity does not count (listed so every number can be traced) */
  activities: { date: string; kind: string; label: string; value: number; excluded?: string | undefined }[];
  activityCount: number;
  /** how many activities did not count (statement version 2 and live figures) */
  excludedCount?: number | undefined;
}

/**
 * Objectives with figures and attainment, each with the activities behind its figure in a
 * disclosure (a native <details>: keyboard and screen reader friendly without script).
 */
export function ObjectivesTable({
  objectives,
  overallPercent,
  capPercent,
  caption,
  hideFigures = false,
}: {
  objectives: readonly ObjectiveView[];
  overallPercent: number | null;
  capPercent: number;
  caption: string;
  /** the objectives only, without figures (a closed period, for the manager) */
  hideFigures?: boolean;
}) {
  const { t } = useTranslation();
  const f = useGoalsFormat();
  const day = useFormatDay();
  return (
    <>
      <table className="stacked compact" data-testid="objectives">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("goals.agreement.objective")}</th>
            <th scope="col">{t("goals.agreement.target")}</th>
            <th scope="col">{t("goals.agreement.actual")}</th>
            <th scope="col">{t("goals.agreement.weight")}</th>
            <th scope="col">{t("goals.agreement.attainment")}</th>
            <th scope="col">{t("goals.agreement.weighted")}</th>
          </tr>
        </thead>
        <tbody>
          {objectives.map((o) => (
            <tr key={o.key}>
              <th scope="row" className="plain">
                <strong>{o.title}</strong>
                <div className="hint">{t(`goals.metrics.${o.metric}`)}</div>
                {o.manualNote ? (
                  <div className="hint">{t("goals.statement.manualNote", { note: o.manualNote })}</div>
                ) : null}
                {o.metric !== "manual" && !hideFigures ? (
                  <details>
                    <summary>{t("goals.agreement.activities", { count: o.activityCount })}</summary>
                    {o.activities.length === 0 ? (
                      <p className="hint">{t("goals.agreement.noActivities")}</p>
                    ) : (
                      <>
                        {o.activityCount > o.activities.length ? (
                          <p className="hint">
                            {t("goals.agreement.activitiesMore", {
                              shown: o.activities.length,
                              count: o.activityCount,
                            })}
                          </p>
                        ) : null}
                        {o.excludedCount ? (
                          <p className="hint">
                            {t("goals.statementCredit.excludedCount", { count: o.excludedCount })}
                          </p>
                        ) : null}
                        <table className="stacked compact">
                          <thead>
                            <tr>
                              <th scope="col">{t("goals.agreement.date")}</th>
                              <th scope="col">{t("goals.agreement.kind")}</th>
                              <th scope="col">{t("goals.agreement.what")}</th>
                              <th scope="col">{t("goals.agreement.value")}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {o.activities.map((a, i) => (
                              <tr key={`${a.date}-${a.kind}-${i}`}>
                                <td data-label={t("goals.agreement.date")}>{day(a.date)}</td>
                                <td data-label={t("goals.agreement.kind")}>
                                  {t(`goals.activityKinds.${a.kind}`, { defaultValue: a.kind })}
                                </td>
                                <td data-label={t("goals.agreement.what")}>
                                  <div>
                                    {a.label}
                                    {a.excluded ? (
                                      <div className="hint" data-excluded={a.excluded}>
                                        {t("goals.excluded.notCounted")}:{" "}
                                        {t(`goals.excluded.${a.excluded}`, { defaultValue: a.excluded })}
                                      </div>
                                    ) : null}
                                  </div>
                                </td>
                                <td data-label={t("goals.agreement.value")} className="num">
                                  {f.num(a.value)}
                                </td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </>
                    )}
                  </details>
                ) : null}
              </th>
              <td data-label={t("goals.agreement.target")}>
                {o.metric === "manual" ? f.percent(100) : f.num(o.target)}
              </td>
              <td data-label={t("goals.agreement.actual")}>
                {hideFigures ? (
                  "—"
                ) : o.metric === "manual" ? (
                  o.pending ? (
                    <span className="hint">{t("goals.agreement.manualPending")}</span>
                  ) : (
                    f.percent(o.actual)
                  )
                ) : (
                  f.num(o.actual)
                )}
              </td>
              <td data-label={t("goals.agreement.weight")}>{f.percent(o.weight)}</td>
              <td data-label={t("goals.agreement.attainment")}>
                {hideFigures ? "—" : f.percent(o.attainmentPercent)}
              </td>
              <td data-label={t("goals.agreement.weighted")}>
                {hideFigures ? "—" : f.percent(o.weightedPercent)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={5}>
              {t("goals.overall")}
            </th>
            <td data-testid="overall">
              <strong>
                {hideFigures
                  ? "—"
                  : overallPercent === null
                    ? t("goals.overallNone")
                    : f.percent(overallPercent)}
              </strong>
            </td>
          </tr>
        </tfoot>
      </table>
      <p className="hint">{t("goals.agreement.capped", { cap: capPercent })}</p>
    </>
  );
}
