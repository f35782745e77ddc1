import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import type { Route } from "./+types/escalate";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { domainFormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { listEscalations } from "~/app/modules/escalations/list-escalations.server.ts";
import { reportEscalation } from "~/app/modules/escalations/report-escalation.server.ts";
import { ReportEscalationInput } from "~/app/modules/escalations/schemas.ts";
import { FieldErrors, SubmitButton } from "~/app/ui/field.tsx";
import { FormErrors } from "~/app/ui/admin/form-bits.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["admin", "escalations"], title: "titles.escalate" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "escalations.report");
  const mine = await withTenant(db, member.tenantId, (tx) =>
    listEscalations(tx, member.tenantId, { reporterId: member.id, limit: 50 }),
  );
  // The reporter sees what they sent and whether it was handled, not the comms team's internal note.
  return {
    mine: mine.map(({ id, url, note, status, createdAt, handledAt }) => ({
      id,
      url,
      note,
      status,
      createdAt,
      handledAt,
    })),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "escalations.report");
  const submission = parseWithZod(await request.formData(), { schema: ReportEscalationInput });
  if (submission.status !== "success")
    return data({ result: submission.reply(), sent: false }, { status: 400 });
  try {
    await withTenant(db, member.tenantId, (tx) => reportEscalation(tx, member, submission.value));
  } catch (error) {
    return data({ result: submission.reply(domainFormErrors(error)), sent: false }, { status: 400 });
  }
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function Escalate({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "escalate",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ReportEscalationInput),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReportEscalationInput }),
  });
  const date = dateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: tenant.timeZone,
  });
  const urlProps = getInputProps(fields.url, { type: "url", ariaDescribedBy: `${fields.url.id}-hint` });
  const noteProps = getTextareaProps(fields.note, { ariaDescribedBy: `${fields.note.id}-hint` });
  return (
    <>
      <h1>{t("escalations.report.title")}</h1>
      <p>{t("escalations.report.lead")}</p>
      <p className="card" role="note">
        <strong>{t("escalations.report.dontEngage")}</strong>
      </p>
      {actionData?.sent ? (
        <p className="notice" role="status">
          {t("escalations.report.sent")}
        </p>
      ) : null}

      <Form method="post" className="card stack" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <label htmlFor={fields.url.id}>
          {t("escalations.report.url")}
          <span id={`${fields.url.id}-hint`} className="hint">
            {t("escalations.report.urlHint")}
          </span>
          <input {...urlProps} key={urlProps.key} autoComplete="url" placeholder="https://" />
          <FieldErrors field={fields.url} />
        </label>
        <label htmlFor={fields.note.id}>
          {t("escalations.report.note")}
          <span id={`${fields.note.id}-hint`} className="hint">
            {t("escalations.report.noteHint")}
          </span>
          <textarea {...noteProps} key={noteProps.key} rows={4} />
          <FieldErrors field={fields.note} />
        </label>
        <div>
          <SubmitButton pending={navigation.state === "submitting" && navigation.formMethod === "POST"}>
            {t("escalations.report.submit")}
          </SubmitButton>
        </div>
      </Form>

      <section className="card" aria-labelledby="mine-h">
        <h2 id="mine-h">{t("escalations.report.mine")}</h2>
        {loaderData.mine.length === 0 ? (
          <p className="empty">{t("escalations.report.mineEmpty")}</p>
        ) : (
          <ul className="list-plain stack entry-list">
            {loaderData.mine.map((e) => (
              <li key={e.id}>
                <div className="row">
                  <span className="badge">{t(`escalations.status.${e.status}`)}</span>
                  <a href={e.url} target="_blank" rel="noopener noreferrer nofollow" className="break-all">
                    {e.url}
                  </a>
                </div>
                <p className="pre-wrap">{e.note}</p>
                <span className="hint">
                  {t("escalations.report.reportedAt", { date: date.format(new Date(e.createdAt)) })}
                  {e.handledAt
                    ? ` · ${t("escalations.report.handledAt", { date: date.format(new Date(e.handledAt)) })}`
                    : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
