import { useTranslation } from "react-i18next";
import type { ObjectiveMetric } from "~/db/tables/recognition.ts";
import { useGoalsFormat } from "~/app/ui/goals.tsx";

export interface TargetRow {
  id: string;
  metric: ObjectiveMetric;
  title: string;
  target: number;
  weight: number;
  manualNote: string | null;
}

export interface AttainmentRow {
  id: string;
  metric: ObjectiveMetric;
  actual: number;
  manualScore: number | null;
  attainmentPercent: number;
  weightedPercent: number;
}

/**
 * The objectives of an agreement as a manager sees them: targets and weights, and — when
 * `attainment` is given (an accepted agreement, works-council mode) — the figure and attainment per
 * objective and overall, without the activities behind them. Without `attainment` the table has no
 * figure columns at all: the page data carries none.
 */
export function AgreementTargetsTable({
  objectives,
  attainment,
  capPercent,
  caption,
}: {
  objectives: readonly TargetRow[];
  attainment?: { objectives: readonly AttainmentRow[]; overallPercent: number } | undefined;
  capPercent: number;
  caption: string;
}) {
  const { t } = useTranslation();
  const f = useGoalsFormat();
  const figureOf = (id: string) => attainment?.objectives.find((a) => a.id === id);
  return (
    <>
      <table className="stacked compact" data-testid="objectives">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("goals.agreement.objective")}</th>
            <th scope="col">{t("goals.agreement.target")}</th>
            {attainment ? <th scope="col">{t("goals.agreement.actual")}</th> : null}
            <th scope="col">{t("goals.agreement.weight")}</th>
            {attainment ? (
              <>
                <th scope="col">{t("goals.agreement.attainment")}</th>
                <th scope="col">{t("goals.agreement.weighted")}</th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {objectives.map((o) => {
            const figure = figureOf(o.id);
            return (
              <tr key={o.id}>
                <th scope="row" className="plain">
                  <strong>{o.title}</strong>
                  <div className="hint">{t(`goals.metrics.${o.metric}`)}</div>
                  {o.manualNote ? (
                    <div className="hint">{t("goals.statement.manualNote", { note: o.manualNote })}</div>
                  ) : null}
                </th>
                <td data-label={t("goals.agreement.target")}>
                  {o.metric === "manual" ? f.percent(100) : f.num(o.target)}
                </td>
                {attainment ? (
                  <td data-label={t("goals.agreement.actual")}>
                    {!figure ? (
                      "—"
                    ) : o.metric === "manual" ? (
                      figure.manualScore === null ? (
                        <span className="hint">{t("goals.agreement.manualPending")}</span>
                      ) : (
                        f.percent(figure.actual)
                      )
                    ) : (
                      f.num(figure.actual)
                    )}
                  </td>
                ) : null}
                <td data-label={t("goals.agreement.weight")}>{f.percent(o.weight)}</td>
                {attainment ? (
                  <>
                    <td data-label={t("goals.agreement.attainment")}>
                      {figure ? f.percent(figure.attainmentPercent) : "—"}
                    </td>
                    <td data-label={t("goals.agreement.weighted")}>
                      {figure ? f.percent(figure.weightedPercent) : "—"}
                    </td>
                  </>
                ) : null}
              </tr>
            );
          })}
        </tbody>
        {attainment ? (
          <tfoot>
            <tr>
              <th scope="row" colSpan={5}>
                {t("goals.overall")}
              </th>
              <td data-testid="overall">
                <strong>{f.percent(attainment.overallPercent)}</strong>
              </td>
            </tr>
          </tfoot>
        ) : null}
      </table>
      <p className="hint">{t("goals.agreement.capped", { cap: capPercent })}</p>
    </>
  );
}
