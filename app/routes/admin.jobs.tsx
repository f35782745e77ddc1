import { withTenant } from "~/db/tenant.ts";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.jobs";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { codeOf, ValidationError } from "~/app/lib/errors.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { listTenantJobFailures, retryJobFailure } from "~/app/modules/jobs-admin/job-failures.server.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["digest"], title: "titles.adminJobs" } satisfies I18nHandle;

/** The retry button of a failed job. */
const RetryJobFailureInput = z.object({ intent: z.literal("retry"), failureId: z.uuid() });

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "tenant.settings");
  return {
    failures: await withTenant(db, member.tenantId, (tx) => listTenantJobFailures(tx, member.tenantId)),
  };
}

interface ActionData {
  retried?: string;
  error?: "notFound" | "unknownJob" | "invalidPayload" | "generic";
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "tenant.settings");
  const submission = parseWithZod(await request.formData(), { schema: RetryJobFailureInput });
  if (submission.status !== "success") return data<ActionData>({ error: "notFound" }, { status: 400 });
  const { failureId } = submission.value;
  try {
    const { jobName } = await retryJobFailure(db, member, failureId);
    return data<ActionData>({ retried: jobName });
  } catch (error) {
    if (codeOf(error, ["not_found"])) return data<ActionData>({ error: "notFound" }, { status: 404 });
    if (error instanceof ValidationError) {
      const code = error.fieldErrors.form?.[0];
      return data<ActionData>(
        { error: code === "unknownJob" || code === "invalidPayload" ? code : "generic" },
        { status: 400 },
      );
    }
    throw error;
  }
}

export default function AdminJobs({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const navigation = useNavigation();
  const date = dateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: tenant.timeZone,
  });
  const jobName = (name: string) => t(`digest.jobs.names.${name}`, { defaultValue: name });
  const retrying = (id: string) =>
    navigation.state === "submitting" && navigation.formData?.get("failureId") === id;
  const { failures } = loaderData;

  return (
    <>
      <h1>{t("digest.jobs.title")}</h1>
      <p>{t("digest.jobs.lead")}</p>
      {actionData?.retried ? (
        <p className="notice" role="status">
          {t("digest.jobs.retried", { job: jobName(actionData.retried) })}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="alert" role="alert">
          {t(`digest.jobs.${actionData.error}`)}
        </p>
      ) : null}
      {failures.length === 0 ? (
        <p className="empty card">{t("digest.jobs.empty")}</p>
      ) : (
        <table className="stacked">
          <caption>{t("digest.jobs.tableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("digest.jobs.job")}</th>
              <th scope="col">{t("digest.jobs.failedAt")}</th>
              <th scope="col">{t("digest.jobs.attempts")}</th>
              <th scope="col">{t("digest.jobs.error")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("digest.jobs.retry")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {failures.map((f) => (
              <tr key={f.id}>
                <td data-label={t("digest.jobs.job")}>{jobName(f.jobName)}</td>
                <td data-label={t("digest.jobs.failedAt")}>
                  <time dateTime={f.failedAt}>{date.format(new Date(f.failedAt))}</time>
                </td>
                <td data-label={t("digest.jobs.attempts")}>{f.attempts}</td>
                <td data-label={t("digest.jobs.error")}>
                  <p className="pre-wrap">{f.error}</p>
                  <details>
                    <summary>{t("digest.jobs.details")}</summary>
                    <p className="hint">{t("digest.jobs.jobId", { id: f.jobId })}</p>
                    <p className="hint">{t("digest.jobs.payload")}</p>
                    <pre className="pre-wrap">{f.payload}</pre>
                  </details>
                </td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="retry" />
                    <input type="hidden" name="failureId" value={f.id} />
                    <button
                      type="submit"
                      className="secondary"
                      disabled={retrying(f.id)}
                      aria-label={t("digest.jobs.retryLabel", { job: jobName(f.jobName) })}
                    >
                      {t("digest.jobs.retry")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
