import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/statements.statement";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { pageError, toResponse } from "~/app/lib/errors.ts";
import { isConfirmedView } from "~/app/lib/same-site-view.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { isOwnStatement } from "~/app/modules/credit/own-statement.server.ts";
import { getStatementForViewer, releaseStatement } from "~/app/modules/goals/statements.server.ts";
import { useFormatDate } from "~/app/ui/content-bits.tsx";
import { FiguresWithheld } from "~/app/ui/figures-withheld.tsx";
import { ObjectivesTable, useFormatDay } from "~/app/ui/goals.tsx";
import { ErrorNotice } from "~/app/ui/error-notice.tsx";
import { StatementIntegrity } from "~/app/ui/statement-integrity.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = {
  i18n: ["content", "credit", "erasure", "goals"],
  title: "titles.statement",
} satisfies I18nHandle;

function statementIdOf(params: { statementId?: string }): string {
  const parsed = z.uuid().safeParse(params.statementId);
  if (!parsed.success) throw new Response("not_found", { status: 404, statusText: "Not Found" });
  return parsed.data;
}

/** Loads the statement for its employee or their manager; a manager's view is logged in the same transaction. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, tenant, member } = await requireMember(request, params, "tenant.view");
  const id = statementIdOf(params);
  return withTenant(db, tenant.id, async (tx) => {
    // someone else's view is logged for the employee: only when asked for from our own pages
    if (!isConfirmedView(request) && !(await isOwnStatement(tx, member, id)))
      return { withheld: true as const };
    return getStatementForViewer(tx, member, id);
  }).catch((error: unknown) => {
    throw toResponse(error) ?? error;
  });
}

/** The employee's "release this statement" form: the button and the confirmation checkbox. */
const ReleaseStatementInput = z.object({
  intent: z.literal("release"),
  confirm: z.literal("yes", { error: "confirm" }),
});

export async function action({ request, params }: Route.ActionArgs) {
  const { db, tenant, member } = await requireMember(request, params, "tenant.view");
  const id = statementIdOf(params);
  const submission = parseWithZod(await request.formData(), { schema: ReleaseStatementInput });
  if (submission.status !== "success") return data({ ok: false as const, error: "confirm" }, { status: 400 });
  try {
    await withTenant(db, tenant.id, (tx) => releaseStatement(tx, member, id));
  } catch (error) {
    const { code, status } = pageError(error);
    return data({ ok: false as const, error: code }, { status });
  }
  return { ok: true as const };
}

export default function StatementPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { tenant } = useTenantData();
  const date = useFormatDate(tenant.timeZone);
  const day = useFormatDay();
  const navigation = useNavigation();
  const s = loaderData;
  if ("withheld" in s) return <FiguresWithheld />;
  const c = s.content;
  const base = `/t/${tenant.slug}`;
  const releasing = navigation.state === "submitting";
  return (
    <>
      <p>
        <Link className="tap" to={`${base}/goals/${s.agreementId}`}>
          ← {t("goals.statement.toAgreement")}
        </Link>
      </p>
      <h1>{t("goals.statement.title", { period: c.period.label })}</h1>
      <p>{t("goals.statement.lead")}</p>
      {actionData?.ok ? (
        <p className="notice" role="status">
          {t("goals.statement.releasedNotice")}
        </p>
      ) : null}
      {s.supersedesId ? (
        <p className="notice">
          {t("goals.statement.supersedes")}{" "}
          <Link to={`${base}/statements/${s.supersedesId}`}>{t("goals.statement.supersedesLink")}</Link>
        </p>
      ) : null}
      {s.pseudonymisedAt ? (
        <p className="notice" data-testid="statement-pseudonymised">
          {t("erasure.statementPseudonymised", { date: date(s.pseudonymisedAt) })}
        </p>
      ) : null}
      {s.supersededBy ? (
        <p className="alert">
          {t("goals.statement.supersededBy")}{" "}
          <Link to={`${base}/statements/${s.supersededBy}`}>{t("goals.statement.supersededByLink")}</Link>
        </p>
      ) : null}

      <section className="card">
        <dl className="stack facts">
          <div>
            <dt className="hint">{t("goals.statement.employee")}</dt>
            <dd>
              {c.employee.name}
              {c.employee.team ? ` · ${c.employee.team}` : ""}
            </dd>
          </div>
          <div>
            <dt className="hint">{t("goals.statement.manager")}</dt>
            <dd>{c.manager?.name ?? "—"}</dd>
          </div>
          <div>
            <dt className="hint">{t("goals.period")}</dt>
            <dd>
              {c.period.label} ({day(c.period.startsOn)} – {day(c.period.endsOn)})
            </dd>
          </div>
          <div>
            <dt className="hint">{t("goals.statement.generatedAt")}</dt>
            <dd>{date(c.generatedAt)}</dd>
          </div>
        </dl>
      </section>

      <StatementIntegrity content={c} formatTime={date} />

      <section className="card" aria-labelledby="statement-objectives-h">
        <h2 id="statement-objectives-h">{t("goals.new.objectives")}</h2>
        <ObjectivesTable
          caption={t("goals.new.objectives")}
          capPercent={c.capPercent}
          overallPercent={c.overallPercent}
          objectives={c.objectives.map((o) => ({ ...o, key: String(o.position) }))}
        />
      </section>

      <section className="card" aria-labelledby="rules-h">
        <h2 id="rules-h">{t("goals.statement.rules")}</h2>
        <ul>
          {c.rules.map((r) => (
            <li key={r.id}>
              {r.id === "default"
                ? t("goals.statement.ruleDefault")
                : t("goals.statement.ruleVersion", { date: day(r.effectiveFrom) })}
              <details>
                <summary>{t("goals.statement.ruleDetails")}</summary>
                <pre>{JSON.stringify(r.rules, null, 2)}</pre>
              </details>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="hash-h">
        <h2 id="hash-h">{t("goals.statement.hash")}</h2>
        <p>
          <code data-testid="content-hash" className="hash">
            {s.contentHash}
          </code>
        </p>
        <p className={s.hashVerifies ? "hint" : "alert"}>
          {s.hashVerifies ? t("goals.statement.hashOk") : t("goals.statement.hashBad")}
        </p>
        <p className="hint">{t("goals.statement.verify")}</p>
      </section>

      <section className="card stack" aria-labelledby="release-h">
        <h2 id="release-h">
          {s.viewer === "employee" ? t("goals.statement.release") : t("goals.statement.releaseState")}
        </h2>
        {s.releasedAt ? (
          <p data-testid="release-state">
            {s.viewer === "manager"
              ? t("goals.statement.releasedForManager", { date: date(s.releasedAt) })
              : s.releaseMode === "automatic"
                ? t("goals.statement.releasedAutomatic", { date: date(s.releasedAt) })
                : t("goals.statement.released", { date: date(s.releasedAt) })}
          </p>
        ) : (
          <p data-testid="release-state">{t("goals.statement.notReleased")}</p>
        )}
        {s.viewer === "employee" && s.releasedAt ? (
          <p>
            <Link to={`${base}/credit/access`}>{t("credit.page.accessLog")}</Link>
          </p>
        ) : null}
        {s.viewer === "employee" && !s.releasedAt ? (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="release" />
            <p className="alert" id="release-warning">
              {t("goals.statement.releaseWarning")}
            </p>
            <label>
              <input type="checkbox" name="confirm" value="yes" required aria-describedby="release-warning" />
              {t("goals.statement.releaseConfirm")}
            </label>
            {actionData && !actionData.ok ? (
              <ErrorNotice
                area="goals"
                inline
                errors={[actionData.error === "confirm" ? "required" : actionData.error]}
              />
            ) : null}
            <div>
              <button type="submit" className="danger" disabled={releasing} aria-busy={releasing}>
                {t("goals.statement.releaseConfirmButton")}
              </button>
            </div>
          </Form>
        ) : null}
      </section>
    </>
  );
}
