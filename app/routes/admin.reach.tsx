import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import type { Route } from "./+types/admin.reach";
import { NETWORKS, type Network } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { domainFormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { saveReachSettings } from "~/app/modules/reach/reach-settings.server.ts";
import { getReachSettings } from "~/app/modules/reach/settings.server.ts";
import {
  ReachSettingsForm,
  reachSettingsFromForm,
  reachSettingsToForm,
} from "~/app/modules/reach/settings.ts";
import { FormErrors } from "~/app/ui/admin/form-bits.tsx";
import { NumberField, SubmitButton } from "~/app/ui/field.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = {
  i18n: ["admin", "content", "reach"],
  title: "titles.adminReach",
} satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, tenant } = await requireMember(request, params, "tenant.settings");
  const settings = await withTenant(db, tenant.id, (tx) => getReachSettings(tx, tenant.id));
  const form = reachSettingsToForm(settings);
  // the form's default values are strings, as a browser would send them
  return {
    // the server's list, not the browser's: Node and Chromium know different currencies, and the
    // page's options must be the same on both sides (else hydration fails and React renders it again)
    currencies: Intl.supportedValuesOf("currency"),
    settings: {
      impressionPercents: Object.fromEntries(
        NETWORKS.map((n) => [n, String(form.impressionPercents[n])]),
      ) as Record<Network, string>,
      cpm: String(form.cpm),
      cpc: String(form.cpc),
      currency: form.currency,
      minGroupSize: String(form.minGroupSize),
      clickRetentionDays: String(form.clickRetentionDays),
    },
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "tenant.settings");
  const submission = parseWithZod(await request.formData(), { schema: ReachSettingsForm });
  if (submission.status !== "success")
    return data({ result: submission.reply(), saved: false }, { status: 400 });
  try {
    await withTenant(db, member.tenantId, (tx) =>
      saveReachSettings(tx, member, reachSettingsFromForm(submission.value)),
    );
  } catch (error) {
    return data({ result: submission.reply(domainFormErrors(error)), saved: false }, { status: 400 });
  }
  return { result: submission.reply(), saved: true };
}

function useErrorText() {
  const { t } = useTranslation();
  return (key: string) =>
    t(`reach.settings.errors.${key}`, { defaultValue: t("reach.settings.errors.generic") });
}

export default function ReachSettingsPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const errorText = useErrorText();
  const { settings } = loaderData;
  const currencies = useMemo(() => {
    const all = loaderData.currencies;
    return all.includes(settings.currency) ? all : [settings.currency, ...all];
  }, [loaderData.currencies, settings.currency]);
  const [form, fields] = useForm({
    id: "reach-settings",
    lastResult: actionData?.result,
    defaultValue: settings,
    constraint: getZodConstraint(ReachSettingsForm),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReachSettingsForm }),
  });
  const percents = fields.impressionPercents.getFieldset();
  const currency = getSelectProps(fields.currency, { ariaDescribedBy: `${fields.currency.id}-hint` });
  return (
    <>
      <h1>{t("reach.settings.title")}</h1>
      <p>{t("reach.settings.lead")}</p>
      <Form method="post" className="card stack" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <fieldset className="stack" aria-describedby="factors-hint">
          <legend>{t("reach.settings.factors")}</legend>
          <p id="factors-hint" className="hint">
            {t("reach.settings.factorsHint")}
          </p>
          <div className="grid grid-sm">
            {NETWORKS.map((network) => (
              <NumberField
                errorText={errorText}
                key={network}
                field={percents[network]}
                label={t("reach.settings.factorLabel", { network: t(`content.networks.${network}`) })}
                step="0.1"
              />
            ))}
          </div>
        </fieldset>
        <NumberField
          errorText={errorText}
          field={fields.cpm}
          label={t("reach.settings.cpm")}
          hint={t("reach.settings.cpmHint")}
          step="0.01"
        />
        <NumberField
          errorText={errorText}
          field={fields.cpc}
          label={t("reach.settings.cpc")}
          hint={t("reach.settings.cpcHint")}
          step="0.01"
        />
        <label htmlFor={fields.currency.id}>
          {t("reach.settings.currency")}
          <span id={`${fields.currency.id}-hint`} className="hint">
            {t("reach.settings.currencyHint")}
          </span>
          <select {...currency} key={currency.key} className="input-short">
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          {fields.currency.errors?.length ? (
            <span id={fields.currency.errorId} className="field-error">
              {fields.currency.errors.map(errorText).join(" ")}
            </span>
          ) : null}
        </label>
        <NumberField
          errorText={errorText}
          field={fields.minGroupSize}
          label={t("reach.settings.minGroupSize")}
          hint={t("reach.settings.minGroupSizeHint")}
          step="1"
        />
        <NumberField
          errorText={errorText}
          field={fields.clickRetentionDays}
          label={t("reach.settings.clickRetentionDays")}
          hint={t("reach.settings.clickRetentionDaysHint")}
          step="1"
        />
        <div className="row">
          <SubmitButton pending={navigation.state === "submitting"}>{t("reach.settings.save")}</SubmitButton>
          {actionData?.saved && navigation.state === "idle" ? (
            <span className="notice" role="status">
              {t("reach.settings.saved")}
            </span>
          ) : null}
        </div>
      </Form>
    </>
  );
}
