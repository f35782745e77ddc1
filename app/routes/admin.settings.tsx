import { withTenant } from "~/db/tenant.ts";
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import type { Route } from "./+types/admin.settings";
import { domainFormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { UpdateTenantSettingsInput } from "~/app/modules/tenancy/member-schemas.ts";
import { updateTenantSettings } from "~/app/modules/tenancy/update-tenant-settings.server.ts";
import { FormErrors, Input, Select } from "~/app/ui/admin/form-bits.tsx";
import { SubmitButton } from "~/app/ui/field.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["admin"], title: "titles.adminSettings" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { tenant } = await requireMember(request, params, "tenant.settings");
  return {
    settings: { name: tenant.name, defaultLocale: tenant.defaultLocale, timeZone: tenant.timeZone },
    timeZones: timeZoneOptions(tenant.timeZone),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "tenant.settings");
  const submission = parseWithZod(await request.formData(), { schema: UpdateTenantSettingsInput });
  if (submission.status !== "success")
    return data({ result: submission.reply(), saved: false }, { status: 400 });
  try {
    await withTenant(db, member.tenantId, (tx) => updateTenantSettings(tx, member, submission.value));
  } catch (error) {
    return data({ result: submission.reply(domainFormErrors(error)), saved: false }, { status: 409 });
  }
  return { result: submission.reply(), saved: true };
}

/**
 * The server's IANA list, not the browser's: browsers and Node ship different ICU versions (zones are
 * added and renamed), and the options must be the same on both sides, else hydration fails (React
 * error 418) and the page renders again. The saved zone stays selectable even if this runtime lacks it.
 */
function timeZoneOptions(current: string): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes(current) ? zones : [current, ...zones];
}

export default function Settings({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const { settings, timeZones } = loaderData;
  const [form, fields] = useForm({
    id: "tenant-settings",
    lastResult: actionData?.result,
    defaultValue: settings,
    constraint: getZodConstraint(UpdateTenantSettingsInput),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UpdateTenantSettingsInput }),
  });
  return (
    <>
      <h1>{t("admin.settings.title")}</h1>
      <Form method="post" className="card stack" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <Input field={fields.name} label={t("admin.settings.name")} autoComplete="organization" />
        <Select
          field={fields.defaultLocale}
          label={t("admin.settings.defaultLocale")}
          hint={t("admin.settings.defaultLocaleHint")}
          options={[
            { value: "de", label: t("languages.de") },
            { value: "en", label: t("languages.en") },
          ]}
        />
        <Select
          field={fields.timeZone}
          label={t("admin.settings.timeZone")}
          options={timeZones.map((z) => ({ value: z, label: z.replaceAll("_", " ") }))}
        />
        <div className="row">
          <SubmitButton pending={navigation.state === "submitting"}>{t("save")}</SubmitButton>
          {actionData?.saved && navigation.state === "idle" ? (
            <span className="notice" role="status">
              {t("admin.settings.saved")}
            </span>
          ) : null}
        </div>
      </Form>
    </>
  );
}
