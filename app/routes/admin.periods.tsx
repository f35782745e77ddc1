import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.periods";
import { withTenant } from "~/db/tenant.ts";
import { DomainError, ValidationError } from "~/app/lib/errors.ts";
import { safeText, submissionFieldErrors } from "~/app/lib/validation.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import {
  closeAgreementEarly,
  closeGoalPeriods,
  ClosePeriodsError,
  closePeriodsOverview,
  type ClosePeriodRow,
} from "~/app/modules/goals/close.server.ts";
import { SETTLE_DAYS } from "~/app/modules/recognition/award.server.ts";
import { useFormatDay } from "~/app/ui/goals.tsx";
import { useErrorText } from "~/app/ui/error-notice.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["goals"], title: "titles.adminPeriods" } satisfies I18nHandle;

// The admin's "close period" page (issue 11): what a close would do now, grouped; "Close all
// ready" runs closeGoalPeriods for this tenant — the same function the hourly job runs — and
// "close early" is the explicit, audited action whose statement says so.

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "recognition.manage");
  const overview = await withTenant(db, member.tenantId, (tx) => closePeriodsOverview(tx, member));
  return { ...overview, settleDays: SETTLE_DAYS };
}

const CloseEarlyInput = z.object({
  agreementId: z.uuid({ error: "not_found" }),
  reason: safeText({ max: 2000, required: "reason_required", tooLong: "too_long" }),
  confirm: z.literal("on", { error: "confirm_required" }),
});

/** The page's two forms: "close all ready" and one agreement's "close early". */
const ClosePeriodsActionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("close-ready") }),
  CloseEarlyInput.extend({ intent: z.literal("close-early") }),
]);

type ActionResult =
  | { intent: "close-ready"; closed: number; failures: { who: string; reason: string }[] }
  | { intent: "close-early"; ok: true; agreementId: string }
  | { intent: "close-early"; ok: false; agreementId: string | null; errors: string[] };

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "recognition.manage");
  const submission = parseWithZod(await request.formData(), { schema: ClosePeriodsActionInput });
  if (submission.status !== "success") {
    const { agreementId } = submission.payload;
    const errors = Object.values(submissionFieldErrors(submission.error)).flat();
    return data<ActionResult>(
      {
        intent: "close-early",
        ok: false,
        agreementId: typeof agreementId === "string" ? agreementId : null,
        errors: [...new Set(errors)],
      },
      { status: 400 },
    );
  }
  const form = submission.value;
  if (form.intent === "close-ready") {
    try {
      const { closed } = await closeGoalPeriods(db, { tenantId: member.tenantId });
      return data<ActionResult>({ intent: "close-ready", closed, failures: [] });
    } catch (error) {
      if (!(error instanceof ClosePeriodsError)) throw error;
      // names, not ids: the admin recognises people
      const names = await withTenant(db, member.tenantId, (tx) => closePeriodsOverview(tx, member));
      const nameOf = new Map(
        [...names.ready, ...names.settling, ...names.running].map((r) => [
          r.agreementId,
          `${r.employeeName} (${r.periodLabel})`,
        ]),
      );
      const failures = error.failures.map((f) => ({
        who: (f.agreementId && nameOf.get(f.agreementId)) || "—",
        reason: f.reason,
      }));
      return data<ActionResult>(
        { intent: "close-ready", closed: error.result.closed, failures },
        { status: 500 },
      );
    }
  }
  const { agreementId, reason } = form;
  try {
    await withTenant(db, member.tenantId, (tx) => closeAgreementEarly(tx, member, agreementId, reason));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const errors = error instanceof ValidationError ? Object.values(error.fieldErrors).flat() : [error.code];
    return data<ActionResult>(
      { intent: "close-early", ok: false, agreementId, errors },
      { status: error.status },
    );
  }
  return data<ActionResult>({ intent: "close-early", ok: true, agreementId });
}

export default function ClosePeriods({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  const { ready, settling, running, recentlyClosed, settleDays } = loaderData;
  const day = useFormatDay();
  return (
    <>
      <h1>{t("goals.periods.title")}</h1>
      <p>{t("goals.periods.lead", { days: settleDays })}</p>
      <p role="status" aria-live="polite">
        {busy ? t("goals.periods.loading") : null}
        {!busy && actionData?.intent === "close-ready" ? (
          <span data-testid="close-result">
            {actionData.closed > 0
              ? t("goals.periods.result", { count: actionData.closed })
              : t("goals.periods.resultNone")}
          </span>
        ) : null}
        {!busy && actionData?.intent === "close-early" && actionData.ok ? (
          <span data-testid="close-result">{t("goals.periods.closedEarlyDone")}</span>
        ) : null}
      </p>
      {actionData?.intent === "close-ready" && actionData.failures.length > 0 ? (
        <div className="alert" role="alert">
          {t("goals.periods.failures")}
          <ul>
            {actionData.failures.map((f, i) => (
              <li key={i}>{t("goals.periods.failure", { who: f.who, reason: f.reason })}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <section className="card stack" aria-labelledby="ready-heading" data-testid="periods-ready">
        <h2 id="ready-heading">{t("goals.periods.ready")}</h2>
        <p className="hint">{t("goals.periods.readyHint")}</p>
        {ready.length === 0 ? (
          <p className="empty">{t("goals.periods.readyEmpty")}</p>
        ) : (
          <PeriodTable rows={ready} />
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="close-ready" />
          <button type="submit" disabled={busy || ready.length === 0} aria-busy={busy}>
            {t("goals.periods.closeAll", { count: ready.length })}
          </button>
        </Form>
      </section>

      <section className="card stack" aria-labelledby="settling-heading" data-testid="periods-settling">
        <h2 id="settling-heading">{t("goals.periods.settling")}</h2>
        <p className="hint">{t("goals.periods.settlingHint")}</p>
        {settling.length === 0 ? (
          <p className="empty">{t("goals.periods.settlingEmpty")}</p>
        ) : (
          <PeriodTable
            rows={settling}
            note={(r) => t("goals.periods.settlesOn", { day: day(r.settlesOn) })}
          />
        )}
      </section>

      <section className="card stack" aria-labelledby="running-heading" data-testid="periods-running">
        <h2 id="running-heading">{t("goals.periods.running")}</h2>
        <p className="hint">{t("goals.periods.runningHint")}</p>
        {running.length === 0 ? (
          <p className="empty">{t("goals.periods.runningEmpty")}</p>
        ) : (
          <PeriodTable
            rows={running}
            extra={(r) => (
              <CloseEarlyForm
                row={r}
                busy={busy}
                result={
                  actionData?.intent === "close-early" &&
                  !actionData.ok &&
                  actionData.agreementId === r.agreementId
                    ? actionData.errors
                    : null
                }
              />
            )}
          />
        )}
      </section>

      <section className="card stack" aria-labelledby="recent-heading" data-testid="periods-recent">
        <h2 id="recent-heading">{t("goals.periods.recent")}</h2>
        {recentlyClosed.length === 0 ? (
          <p className="empty">{t("goals.periods.recentEmpty")}</p>
        ) : (
          <PeriodTable
            rows={recentlyClosed}
            note={(r) => (r.closedEarly ? t("goals.periods.closedEarly") : "")}
          />
        )}
      </section>
    </>
  );
}

function PeriodTable({
  rows,
  note,
  extra,
}: {
  rows: ClosePeriodRow[];
  note?: (row: ClosePeriodRow) => string;
  extra?: (row: ClosePeriodRow) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const day = useFormatDay();
  return (
    <table className="stacked">
      <thead>
        <tr>
          <th scope="col">{t("goals.periods.employee")}</th>
          <th scope="col">{t("goals.periods.manager")}</th>
          <th scope="col">{t("goals.periods.period")}</th>
          <th scope="col">{t("goals.periods.days")}</th>
          {note || extra ? <td /> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.agreementId}>
            <th scope="row">{r.employeeName}</th>
            <td data-label={t("goals.periods.manager")}>{r.managerName ?? "—"}</td>
            <td data-label={t("goals.periods.period")}>{r.periodLabel}</td>
            <td data-label={t("goals.periods.days")}>
              {day(r.startsOn)} – {day(r.endsOn)}
            </td>
            {note || extra ? (
              <td>
                {note ? note(r) : null}
                {extra ? extra(r) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Close early" in a native disclosure: a reason and an explicit confirmation, keyboard-operable without script. */
function CloseEarlyForm({
  row,
  busy,
  result,
}: {
  row: ClosePeriodRow;
  busy: boolean;
  result: string[] | null;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText("goals");
  const id = `close-early-${row.agreementId}`;
  return (
    <details open={result !== null}>
      <summary>{t("goals.periods.closeEarly")}</summary>
      <Form
        method="post"
        className="stack"
        aria-label={t("goals.periods.closeEarlyTitle", { name: row.employeeName, period: row.periodLabel })}
      >
        <input type="hidden" name="intent" value="close-early" />
        <input type="hidden" name="agreementId" value={row.agreementId} />
        <label htmlFor={`${id}-reason`}>
          {t("goals.periods.reason")}
          <textarea
            id={`${id}-reason`}
            name="reason"
            required
            maxLength={2000}
            rows={2}
            aria-describedby={result ? `${id}-errors` : undefined}
          />
        </label>
        <label htmlFor={`${id}-confirm`}>
          <input id={`${id}-confirm`} type="checkbox" name="confirm" required />
          {t("goals.periods.confirm")}
        </label>
        {result ? (
          <p id={`${id}-errors`} className="field-error" role="alert">
            {result.map(errorText).join(" ")}
          </p>
        ) : null}
        <div>
          <button type="submit" className="danger" disabled={busy}>
            {t("goals.periods.closeEarlySubmit")}
          </button>
        </div>
      </Form>
    </details>
  );
}
