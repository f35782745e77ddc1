import { getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import type { Route } from "./+types/kudos";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { domainFormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { giveKudos, kudosGiven, kudosRecipients } from "~/app/modules/recognition/kudos.server.ts";
import { KUDOS_MAX, KudosInput } from "~/app/modules/recognition/schemas.ts";
import { FieldErrors, SubmitButton } from "~/app/ui/field.tsx";
import { ErrorNotice, useErrorText } from "~/app/ui/error-notice.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["recognition"], title: "titles.kudos" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "kudos.give");
  const [recipients, given] = await withTenant(
    db,
    member.tenantId,
    async (tx) => [await kudosRecipients(tx, member), await kudosGiven(tx, member)] as const,
  );
  return { recipients, given };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "kudos.give");
  const submission = parseWithZod(await request.formData(), { schema: KudosInput });
  if (submission.status !== "success")
    return data({ result: submission.reply(), sent: false }, { status: 400 });
  try {
    await withTenant(db, member.tenantId, (tx) => giveKudos(tx, member, submission.value));
  } catch (error) {
    return data({ result: submission.reply(domainFormErrors(error)), sent: false }, { status: 400 });
  }
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function KudosPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const navigation = useNavigation();
  const errorText = useErrorText("recognition");
  const [form, fields] = useForm({
    id: "kudos",
    lastResult: actionData?.result,
    constraint: getZodConstraint(KudosInput),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: KudosInput }),
  });
  const date = dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: tenant.timeZone });
  const toProps = getSelectProps(fields.toMembershipId);
  const reasonProps = getTextareaProps(fields.reason, { ariaDescribedBy: `${fields.reason.id}-hint` });
  const { recipients, given } = loaderData;
  return (
    <>
      <h1>{t("recognition.kudos.title")}</h1>
      <p>{t("recognition.kudos.lead")}</p>
      {actionData?.sent ? (
        <p className="notice" role="status">
          {t("recognition.kudos.sent")}
        </p>
      ) : null}
      {recipients.length === 0 ? (
        <p className="empty">{t("recognition.kudos.noColleagues")}</p>
      ) : (
        <Form method="post" className="card stack" {...getFormProps(form)}>
          <ErrorNotice area="recognition" errors={form.errors} />
          <label htmlFor={fields.toMembershipId.id}>
            {t("recognition.kudos.to")}
            <select {...toProps} key={toProps.key}>
              <option value="">{t("recognition.kudos.choose")}</option>
              {recipients.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
            <FieldErrors field={fields.toMembershipId} errorText={errorText} />
          </label>
          <label htmlFor={fields.reason.id}>
            {t("recognition.kudos.reason")}
            <span id={`${fields.reason.id}-hint`} className="hint">
              {t("recognition.kudos.reasonHint")}
            </span>
            <textarea {...reasonProps} key={reasonProps.key} rows={3} maxLength={KUDOS_MAX} />
            <FieldErrors field={fields.reason} errorText={errorText} />
          </label>
          <div className="row">
            <SubmitButton pending={navigation.state === "submitting"}>
              {t("recognition.kudos.submit")}
            </SubmitButton>
          </div>
        </Form>
      )}

      <section className="card" aria-labelledby="given-h">
        <h2 id="given-h">{t("recognition.kudos.given")}</h2>
        {given.length === 0 ? (
          <p className="hint">{t("recognition.kudos.givenEmpty")}</p>
        ) : (
          <ul className="stack list-plain">
            {given.map((k) => (
              <li key={k.id}>
                <blockquote className="quote pre-wrap">{k.reason}</blockquote>
                <span className="hint">
                  {t("recognition.kudos.to_name", { name: k.name ?? "" })} ·{" "}
                  <time dateTime={new Date(k.createdAt).toISOString()}>
                    {date.format(new Date(k.createdAt))}
                  </time>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
