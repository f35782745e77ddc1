import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import type { Route } from "./+types/suggest";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { domainFormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { createSuggestion } from "~/app/modules/content/create-suggestion.server.ts";
import { listSuggestions } from "~/app/modules/content/list-suggestions.server.ts";
import { SuggestionInput } from "~/app/modules/content/schemas.ts";
import { suggestPrefill } from "~/app/modules/content/share-target.ts";
import { FieldErrors, SubmitButton } from "~/app/ui/field.tsx";
import { FormErrors } from "~/app/ui/admin/form-bits.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["admin", "hub"], title: "titles.suggest" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "content.suggest");
  const mine = await withTenant(db, member.tenantId, (tx) =>
    listSuggestions(tx, member.tenantId, { suggesterId: member.id }),
  );
  return {
    mine: mine.map(({ id, url, reason, status, declineReason, createdAt }) => ({
      id,
      url,
      reason,
      status,
      declineReason,
      createdAt,
    })),
    // ?url=…&note=…: a link shared from another app (app/routes/share-target.tsx)
    prefill: suggestPrefill(new URL(request.url).searchParams),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "content.suggest");
  const submission = parseWithZod(await request.formData(), { schema: SuggestionInput });
  if (submission.status !== "success")
    return data({ result: submission.reply(), sent: false }, { status: 400 });
  try {
    await withTenant(db, member.tenantId, (tx) => createSuggestion(tx, member, submission.value));
  } catch (error) {
    return data({ result: submission.reply(domainFormErrors(error)), sent: false }, { status: 400 });
  }
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function Suggest({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "suggest",
    lastResult: actionData?.result,
    // once sent, the form resets to empty rather than to the shared link again
    defaultValue: actionData?.sent ? undefined : loaderData.prefill,
    constraint: getZodConstraint(SuggestionInput),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SuggestionInput }),
  });
  const date = dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: tenant.timeZone });
  const urlProps = getInputProps(fields.url, { type: "url", ariaDescribedBy: `${fields.url.id}-hint` });
  const reasonProps = getTextareaProps(fields.reason, { ariaDescribedBy: `${fields.reason.id}-hint` });
  return (
    <>
      <h1>{t("hub.suggest.title")}</h1>
      <p>{t("hub.suggest.lead")}</p>
      {actionData?.sent ? (
        <p className="notice" role="status">
          {t("hub.suggest.sent")}
        </p>
      ) : null}

      <Form method="post" className="card stack" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <label htmlFor={fields.url.id}>
          {t("hub.suggest.url")}
          <span id={`${fields.url.id}-hint`} className="hint">
            {t("hub.suggest.urlHint")}
          </span>
          <input {...urlProps} key={urlProps.key} autoComplete="url" placeholder="https://" />
          <FieldErrors field={fields.url} />
        </label>
        <label htmlFor={fields.reason.id}>
          {t("hub.suggest.reason")}
          <span id={`${fields.reason.id}-hint`} className="hint">
            {t("hub.suggest.reasonHint")}
          </span>
          <textarea {...reasonProps} key={reasonProps.key} rows={4} />
          <FieldErrors field={fields.reason} />
        </label>
        <div>
          <SubmitButton pending={navigation.state === "submitting" && navigation.formMethod === "POST"}>
            {t("hub.suggest.submit")}
          </SubmitButton>
        </div>
      </Form>

      <section className="card" aria-labelledby="mine-h">
        <h2 id="mine-h">{t("hub.suggest.mine")}</h2>
        {loaderData.mine.length === 0 ? (
          <p className="empty">{t("hub.suggest.mineEmpty")}</p>
        ) : (
          <ul className="list-plain stack entry-list">
            {loaderData.mine.map((s) => (
              <li key={s.id}>
                <div className="row">
                  <span className="badge">{t(`hub.status.${s.status}`)}</span>
                  <a href={s.url} target="_blank" rel="noopener noreferrer nofollow" className="break-all">
                    {s.url}
                  </a>
                </div>
                <p className="pre-wrap">{s.reason}</p>
                <span className="hint">
                  {t("hub.suggest.suggestedAt", { date: date.format(new Date(s.createdAt)) })}
                </span>
                {s.status === "declined" && s.declineReason ? (
                  <p className="pre-wrap">{t("hub.suggest.declineReason", { reason: s.declineReason })}</p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
