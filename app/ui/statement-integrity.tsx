import { useTranslation } from "react-i18next";
import type { StatementContent } from "~/app/modules/goals/statement.ts";
import { useFormatDay } from "~/app/ui/goals.tsx";
import { numberFormat } from "~/app/lib/intl.ts";

/**
 * What a version-2 statement adds (issue 11): a period closed early (with its reason, who and
 * when), a back-dated start, the period's shares by how they are known and the unique clicks
 * counted and held back. A version-1 statement has none of it and renders nothing here.
 */
export function StatementIntegrity({
  content,
  formatTime,
}: {
  content: StatementContent;
  formatTime: (iso: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const day = useFormatDay();
  const num = numberFormat(i18n.language);
  const c = content;
  if (!c.closedEarly && !c.backdatedFrom && !c.shares && !c.uniqueClicks) return null;
  const row = (label: string, value: number, hint: string, testId: string) => (
    <div>
      <dt>
        {label} <span className="hint">({hint})</span>
      </dt>
      <dd data-testid={testId}>{num.format(value)}</dd>
    </div>
  );
  return (
    <>
      {c.closedEarly ? (
        <section className="card alert" aria-labelledby="closed-early-h" data-testid="closed-early">
          <h2 id="closed-early-h">{t("goals.statementCredit.closedEarly")}</h2>
          <p>
            {t("goals.statementCredit.closedEarlyText", {
              date: formatTime(c.closedEarly.at),
              name: c.closedEarly.byName,
              reason: c.closedEarly.reason,
            })}
          </p>
        </section>
      ) : null}
      {c.backdatedFrom ? (
        <section className="card notice" aria-labelledby="backdated-h" data-testid="backdated">
          <h2 id="backdated-h">{t("goals.statementCredit.backdated")}</h2>
          <p>
            {t("goals.statementCredit.backdatedText", {
              agreed: day(c.backdatedFrom),
              start: day(c.period.startsOn),
            })}
          </p>
        </section>
      ) : null}
      {c.shares || c.uniqueClicks ? (
        <section className="card stack" aria-labelledby="statement-credit-h">
          {c.shares ? (
            <>
              <h2 id="statement-credit-h">{t("goals.statementCredit.sharesTitle")}</h2>
              <dl className="stack facts" data-testid="statement-shares">
                {row(
                  t("goals.statementCredit.verified"),
                  c.shares.verified,
                  t("goals.statementCredit.verifiedHint"),
                  "shares-verified",
                )}
                {row(
                  t("goals.statementCredit.selfReported"),
                  c.shares.selfReported,
                  t("goals.statementCredit.selfReportedHint"),
                  "shares-self-reported",
                )}
                {row(
                  t("goals.statementCredit.counted"),
                  c.shares.counted,
                  t("goals.statementCredit.countedHint"),
                  "shares-counted",
                )}
              </dl>
            </>
          ) : null}
          {c.uniqueClicks ? (
            <>
              {c.shares ? (
                <h3>{t("goals.statementCredit.clicksTitle")}</h3>
              ) : (
                <h2 id="statement-credit-h">{t("goals.statementCredit.clicksTitle")}</h2>
              )}
              <dl className="stack facts" data-testid="statement-clicks">
                <div>
                  <dt>{t("goals.statementCredit.clicksCounted")}</dt>
                  <dd>{num.format(c.uniqueClicks.counted)}</dd>
                </div>
                {row(
                  t("goals.statementCredit.clicksHeldBack"),
                  c.uniqueClicks.heldBack,
                  t("goals.statementCredit.clicksHeldBackHint"),
                  "clicks-held-back",
                )}
              </dl>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
