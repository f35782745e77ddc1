import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/goals.agreement";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { ConflictError, pageError, toResponse, ValidationError } from "~/app/lib/errors.ts";
import { isConfirmedView } from "~/app/lib/same-site-view.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { acceptAgreement } from "~/app/modules/goals/accept-agreement.server.ts";
import { commentAgreement } from "~/app/modules/goals/comment-agreement.server.ts";
import { loadAgreementPage } from "~/app/modules/goals/load-agreement-page.server.ts";
import { setManualScore } from "~/app/modules/goals/set-manual-score.server.ts";
import { withdrawAgreement } from "~/app/modules/goals/withdraw-agreement.server.ts";
import { correctAgreement } from "~/app/modules/goals/close.server.ts";
import { CommentInput, ManualScoreInput } from "~/app/modules/goals/schemas.ts";
import { submissionFieldErrors } from "~/app/lib/validation.ts";
import { useFormatDate } from "~/app/ui/content-bits.tsx";
import { AgreementTargetsTable } from "~/app/ui/agreement-targets.tsx";
import { FiguresWithheld } from "~/app/ui/figures-withheld.tsx";
import { Freshness } from "~/app/ui/freshness.tsx";
import { loadFreshness, readerLocale } from "~/app/modules/freshness/freshness.server.ts";
import { AgreementStatusBadge, ObjectivesTable, useFormatDay } from "~/app/ui/goals.tsx";
import { ErrorNotice, useErrorText } from "~/app/ui/error-notice.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["content", "goals"], title: "titles.goalsAgreement" } satisfies I18nHandle;

const NOTICES = ["proposed", "revised", "accepted", "commented", "withdrawn", "scored", "corrected"] as const;
type Notice = (typeof NOTICES)[number];

function agreementIdOf(params: { agreementId?: string }): string {
  const parsed = z.uuid().safeParse(params.agreementId);
  if (!parsed.success) throw new Response("not_found", { status: 404, statusText: "Not Found" });
  return parsed.data;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireMember(request, params, "tenant.view");
  const { db, tenant, member } = ctx;
  const id = agreementIdOf(params);
  // a manager's view of figures is logged for the employee: only when asked for from our own pages
  return withTenant(db, tenant.id, async (tx) => ({
    ...(await loadAgreementPage(tx, member, id, { confirmed: isConfirmedView(request) })),
    // points come from the award run; shares count as they are made
    freshness: await loadFreshness(tx, tenant, readerLocale(request, ctx), { points: true }),
  })).catch((error: unknown) => {
    throw toResponse(error) ?? error;
  });
}

/**
 * The agreement page's forms, one per intent. `revision` is read as text: what a missing or
 * unreadable one means is shownRevision's to say (a conflict, not a field error).
 */
const AgreementActionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept"), revision: z.string().optional() }),
  CommentInput.extend({ intent: z.literal("comment"), revision: z.string().optional() }),
  z.object({ intent: z.literal("withdraw") }),
  ManualScoreInput.extend({ intent: z.literal("score") }),
  z.object({ intent: z.literal("recompute") }),
]);

/**
 * The revision of the proposal the employee's page showed: accepting or commenting answers that
 * version only. A form without it (a page from before revisions were sent) cannot say what it
 * answers, so it is treated like a stale one (409). A comment is checked for itself first (400).
 */
const ShownRevision = z.object({ revision: z.coerce.number().int().min(0) });

function shownRevision(form: { revision?: string | undefined }): { revision: number } {
  const parsed = ShownRevision.safeParse({ revision: form.revision || undefined });
  if (!parsed.success)
    throw new ConflictError("the form does not say which proposal it answers", "proposal_changed");
  return parsed.data;
}

type ActionResult =
  | { ok: true; notice: Notice }
  | { ok: false; error: string; field?: string | undefined; objectiveId?: string | undefined };

export async function action({ request, params }: Route.ActionArgs) {
  // Every intent here changes the agreement and most mail the other side: counted like proposing.
  const { db, tenant, member } = await requireMember(request, params, "tenant.view", { countsAs: "goal" });
  const id = agreementIdOf(params);
  const submission = parseWithZod(await request.formData(), { schema: AgreementActionInput });
  if (submission.status !== "success") {
    const errors = submissionFieldErrors(submission.error);
    const [field, messages] = Object.entries(errors)[0] ?? ["form", ["generic"]];
    if (errors.intent) return data<ActionResult>({ ok: false, error: "generic" }, { status: 400 });
    const { objectiveId } = submission.payload;
    return data<ActionResult>(
      {
        ok: false,
        error: messages[0] ?? "generic",
        field,
        objectiveId: typeof objectiveId === "string" ? objectiveId : undefined,
      },
      { status: 400 },
    );
  }
  const form = submission.value;
  try {
    const notice = await withTenant(db, tenant.id, async (tx): Promise<Notice> => {
      switch (form.intent) {
        case "accept":
          await acceptAgreement(tx, member, id, shownRevision(form));
          return "accepted";
        case "comment":
          // an empty comment is invalid input (400) whatever revision the form names: parsed above
          await commentAgreement(tx, member, id, form, shownRevision(form));
          return "commented";
        case "withdraw":
          await withdrawAgreement(tx, member, id);
          return "withdrawn";
        case "score":
          await setManualScore(tx, member, id, form);
          return "scored";
        case "recompute":
          await correctAgreement(tx, member, id);
          return "corrected";
      }
    });
    return data<ActionResult>({ ok: true, notice });
  } catch (error) {
    if (error instanceof ValidationError) {
      const [field, errors] = Object.entries(error.fieldErrors)[0] ?? ["form", ["generic"]];
      return data<ActionResult>(
        {
          ok: false,
          error: errors[0] ?? "generic",
          field,
          objectiveId: form.intent === "score" ? form.objectiveId : undefined,
        },
        { status: 400 },
      );
    }
    const { code, status } = pageError(error);
    return data<ActionResult>({ ok: false, error: code }, { status });
  }
}

export default function AgreementPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { tenant } = useTenantData();
  const date = useFormatDate(tenant.timeZone);
  const day = useFormatDay();
  const errorText = useErrorText("goals");
  const navigation = useNavigation();
  const [search] = useSearchParams();
  const { agreement, role, counts, capPercent, measuredEndsOn, objectives, figures, statements, freshness } =
    loaderData;
  const base = `/t/${tenant.slug}`;
  const busy = (intent: string) =>
    navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const queryNotice = NOTICES.find((n) => n === search.get("notice"));
  const notice = actionData?.ok ? actionData.notice : queryNotice;
  const error = actionData && !actionData.ok ? actionData : null;
  const open = agreement.status === "proposed" || agreement.status === "commented";
  const manualObjectives = objectives.filter((o) => o.metric === "manual");
  // a manager's list holds released statements only: any there means one was released to them
  const released = statements.some((s) => s.releasedAt !== null);

  return (
    <>
      <p>
        <Link className="tap" to={`${base}/goals`}>
          ← {t("goals.title")}
        </Link>
      </p>
      <h1>
        {t("goals.agreement.title", { period: agreement.periodLabel })}{" "}
        <AgreementStatusBadge status={agreement.status} />
      </h1>
      <p>
        {t("goals.agreement.between", {
          employee: agreement.employeeName,
          manager: agreement.managerName ?? "—",
        })}{" "}
        · {day(agreement.startsOn)} – {day(agreement.endsOn)}
        {agreement.agreedCapPercent !== null ? (
          <> · {t("goals.agreement.capAgreed", { cap: agreement.agreedCapPercent })}</>
        ) : null}
        {agreement.backdatedFrom ? (
          <>
            {" "}
            ·{" "}
            <strong data-testid="backdated">
              {t("goals.start.backdated", {
                agreed: day(agreement.backdatedFrom),
                day: day(agreement.startsOn),
              })}
            </strong>
          </>
        ) : null}
        {measuredEndsOn !== agreement.endsOn ? (
          <>
            {" "}
            ·{" "}
            <strong data-testid="measured-through">
              {t("goals.agreement.measuredThrough", { day: day(measuredEndsOn) })}
            </strong>
          </>
        ) : null}
      </p>
      {figures.shown !== "none" ? <Freshness view={freshness} /> : null}
      {notice ? (
        <p className="notice" role="status">
          {t(`goals.agreement.notices.${notice}`)}
        </p>
      ) : null}
      {error && (!error.field || error.field === "form") ? (
        <p className="alert" role="alert">
          {errorText(error.error)}
        </p>
      ) : null}

      {agreement.employeeComment && open ? (
        <blockquote className="card">
          <strong>{t("goals.agreement.employeeComment", { name: agreement.employeeName })}</strong>
          <p className="pre-wrap">{agreement.employeeComment}</p>
        </blockquote>
      ) : null}

      <section className="card" aria-labelledby="objectives-h">
        <h2 id="objectives-h">{t("goals.new.objectives")}</h2>
        {figures.shown === "all" ? (
          <>
            <p className="hint">
              {role === "manager"
                ? t("goals.consentView.allFigures", { name: agreement.employeeName })
                : agreement.status === "closed"
                  ? t("goals.agreement.closedNote")
                  : counts
                    ? t("goals.agreement.live")
                    : t("goals.agreement.notCounting")}
            </p>
            <ObjectivesTable
              caption={t("goals.new.objectives")}
              capPercent={figures.evaluation.capPercent}
              overallPercent={counts ? figures.evaluation.overallPercent : null}
              objectives={figures.evaluation.objectives.map((o) => ({
                ...o,
                key: o.id,
                pending: o.metric === "manual" && o.manualScore === null,
              }))}
            />
          </>
        ) : (
          <>
            {figures.shown === "attainment" ? (
              <p className="hint">
                {t("goals.consentView.attainmentOnly", { name: agreement.employeeName })}
              </p>
            ) : figures.reason === "unconfirmed" ? (
              <FiguresWithheld name={agreement.employeeName} />
            ) : figures.reason === "strict_mode" ? (
              <p className="hint" data-testid="figures-note">
                {released
                  ? t("goals.consentView.strictModeReleased", { name: agreement.employeeName })
                  : t("goals.consentView.strictMode", { name: agreement.employeeName })}
              </p>
            ) : figures.reason === "other_manager" ? (
              <p className="hint" data-testid="figures-note">
                {t("goals.consentView.otherManager", { manager: agreement.managerName ?? "—" })}
              </p>
            ) : (
              <p className="hint" data-testid="figures-note">
                {figures.reason !== "closed"
                  ? t("goals.consentView.notAccepted", { name: agreement.employeeName })
                  : released
                    ? t("goals.agreement.closedManagerNoteReleased", { name: agreement.employeeName })
                    : t("goals.agreement.closedManagerNote", { name: agreement.employeeName })}
              </p>
            )}
            <AgreementTargetsTable
              caption={t("goals.new.objectives")}
              capPercent={capPercent}
              objectives={objectives}
              attainment={figures.shown === "attainment" ? figures.evaluation : undefined}
            />
          </>
        )}
      </section>

      {role === "employee" && agreement.status === "proposed" ? (
        <section className="card stack" aria-labelledby="respond-h">
          <h2 id="respond-h">{t("goals.agreement.respond")}</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="accept" />
            <input type="hidden" name="revision" value={agreement.revision} />
            <p className="hint">{t("goals.agreement.acceptHint")}</p>
            <div>
              <button type="submit" disabled={busy("accept")} aria-busy={busy("accept")}>
                {t("goals.agreement.accept")}
              </button>
            </div>
          </Form>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="comment" />
            <input type="hidden" name="revision" value={agreement.revision} />
            <label htmlFor="agreement-comment">
              {t("goals.agreement.comment")}
              <textarea
                id="agreement-comment"
                name="comment"
                rows={4}
                required
                maxLength={2000}
                aria-invalid={error?.field === "comment" || undefined}
                aria-describedby={error?.field === "comment" ? "agreement-comment-error" : undefined}
              />
              {error?.field === "comment" ? (
                <ErrorNotice area="goals" inline id="agreement-comment-error" errors={[error.error]} />
              ) : null}
            </label>
            <div>
              <button
                type="submit"
                className="secondary"
                disabled={busy("comment")}
                aria-busy={busy("comment")}
              >
                {t("goals.agreement.sendComment")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {role === "manager" && open ? (
        <section className="card row" aria-label={t("goals.manager")}>
          <Link className="button" to={`${base}/goals/new?revise=${agreement.id}`}>
            {t("goals.agreement.revise")}
          </Link>
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <button
              type="submit"
              className="danger"
              disabled={busy("withdraw")}
              aria-busy={busy("withdraw")}
              aria-describedby="withdraw-hint"
            >
              {t("goals.agreement.withdraw")}
            </button>{" "}
            <span id="withdraw-hint" className="hint">
              {t("goals.agreement.withdrawHint")}
            </span>
          </Form>
        </section>
      ) : null}

      {role === "manager" && agreement.status === "accepted" ? (
        <p>
          <Link to={`${base}/goals/new?revise=${agreement.id}`}>{t("goals.start.reviseAccepted")}</Link>
        </p>
      ) : null}

      {role === "manager" && (agreement.status === "accepted" || agreement.status === "closed")
        ? manualObjectives.map((o) => {
            const mine = error?.objectiveId === o.id ? error : null;
            return (
              <Form method="post" className="card stack" key={o.id} aria-labelledby={`score-${o.id}-h`}>
                <h2 id={`score-${o.id}-h`}>{t("goals.agreement.manualScore", { title: o.title })}</h2>
                <input type="hidden" name="intent" value="score" />
                <input type="hidden" name="objectiveId" value={o.id} />
                <div className="score">
                  <div className="field-row score-fields">
                    <label htmlFor={`score-${o.id}`}>
                      {t("goals.agreement.score")}
                      <input
                        id={`score-${o.id}`}
                        name="score"
                        type="number"
                        min="0"
                        max="300"
                        step="any"
                        required
                        defaultValue={o.manualScore ?? ""}
                        aria-invalid={mine?.field === "score" || undefined}
                        aria-describedby={mine?.field === "score" ? `score-${o.id}-error` : undefined}
                      />
                      {mine?.field === "score" ? (
                        <ErrorNotice area="goals" inline id={`score-${o.id}-error`} errors={[mine.error]} />
                      ) : null}
                    </label>
                    <label htmlFor={`note-${o.id}`}>
                      {t("goals.agreement.manualNote")}
                      <input
                        id={`note-${o.id}`}
                        name="note"
                        type="text"
                        maxLength={2000}
                        defaultValue={o.manualNote ?? ""}
                      />
                    </label>
                  </div>
                </div>
                <div>
                  <button
                    type="submit"
                    className="secondary"
                    disabled={busy("score")}
                    aria-busy={busy("score")}
                  >
                    {t("goals.agreement.saveScore")}
                  </button>
                </div>
              </Form>
            );
          })
        : null}

      <section className="card" aria-labelledby="statements-h">
        <h2 id="statements-h">{t("goals.statements")}</h2>
        {statements.length === 0 ? (
          <p className="hint">{t("goals.statementsEmpty")}</p>
        ) : (
          <ul className="list-plain">
            {statements.map((s) => (
              <li key={s.id}>
                <Link className="tap" to={`${base}/statements/${s.id}`}>
                  {date(s.generatedAt)}
                </Link>{" "}
                {s.supersedesId ? <span className="badge">{t("goals.correction")}</span> : null}{" "}
                <span className="hint">
                  {s.releasedAt ? t("goals.released", { date: date(s.releasedAt) }) : t("goals.notReleased")}
                </span>
              </li>
            ))}
          </ul>
        )}
        {role === "manager" && agreement.status === "closed" ? (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="recompute" />
            <p id="recompute-hint" className="hint">
              {t("goals.agreement.recomputeHint")}
            </p>
            <div>
              <button
                type="submit"
                className="secondary"
                disabled={busy("recompute")}
                aria-busy={busy("recompute")}
                aria-describedby="recompute-hint"
              >
                {t("goals.agreement.recompute")}
              </button>
            </div>
          </Form>
        ) : null}
      </section>
    </>
  );
}
