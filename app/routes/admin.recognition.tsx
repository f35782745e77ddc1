import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Fragment } from "react";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.recognition";
import { withTenant } from "~/db/tenant.ts";
import { domainFormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { getRecognitionSettings, saveRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import { RecognitionSettingsInput, RELEASE_MODES } from "~/app/modules/goals/settings.ts";
import { addRulesVersion, rulesOverview } from "~/app/modules/recognition/rules-admin.server.ts";
import {
  PointsRulesForm,
  rulesFromForm,
  rulesToForm,
  type PointsRules,
  type RulesVersion,
} from "~/app/modules/recognition/rules.ts";
import { NumberField, SubmitButton } from "~/app/ui/field.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import type { KeysUnder } from "~/app/lib/i18n/keys.ts";
import { dateTimeFormat, numberFormat } from "~/app/lib/intl.ts";

export const handle = {
  i18n: ["goals", "recognition"],
  title: "titles.adminRecognition",
} satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "recognition.manage");
  return withTenant(db, member.tenantId, async (tx) => {
    const overview = await rulesOverview(tx, member.tenantId);
    const settings = await getRecognitionSettings(tx, member.tenantId);
    return {
      ...overview,
      // the new version's form starts from the rules in force today, as a browser would send them
      formDefaults: rulesToForm(overview.current.rules, overview.today),
      // as the browser sends them: a ticked checkbox is "on", an unticked one absent
      settings: {
        attainmentCapPercent: String(settings.attainmentCapPercent),
        releaseMode: settings.releaseMode,
        selfReportedSharesEarnPoints: settings.selfReportedSharesEarnPoints ? "on" : undefined,
        selfReportedWeeklyCap: String(settings.selfReportedWeeklyCap),
        allowBackdatedStart: settings.allowBackdatedStart ? "on" : undefined,
      },
    };
  });
}

/** The page's two forms: a new version of the points rules, and the recognition settings. */
const RecognitionAdminActionInput = z.discriminatedUnion("intent", [
  PointsRulesForm.safeExtend({ intent: z.literal("rules") }),
  RecognitionSettingsInput.extend({ intent: z.literal("settings") }),
]);

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "recognition.manage");
  const submission = parseWithZod(await request.formData(), { schema: RecognitionAdminActionInput });
  if (submission.status !== "success") {
    const intent = submission.payload.intent === "settings" ? ("settings" as const) : ("rules" as const);
    return data({ intent, result: submission.reply(), saved: false }, { status: 400 });
  }
  if (submission.value.intent === "settings") {
    const { intent: _settingsIntent, ...settings } = submission.value;
    try {
      await withTenant(db, member.tenantId, (tx) => saveRecognitionSettings(tx, member, settings));
    } catch (error) {
      return data(
        { intent: "settings" as const, result: submission.reply(domainFormErrors(error)), saved: false },
        { status: 400 },
      );
    }
    return { intent: "settings" as const, result: submission.reply(), saved: true };
  }
  const { intent: _rulesIntent, ...rules } = submission.value;
  try {
    await withTenant(db, member.tenantId, (tx) => addRulesVersion(tx, member, rulesFromForm(rules)));
  } catch (error) {
    const errors = domainFormErrors(error);
    // the domain reports nested paths ("rules.normalisation.followerFloor"); the form's fields are flat
    const fieldErrors = Object.fromEntries(
      Object.entries(errors.fieldErrors).map(([k, v]) => [k.split(".").at(-1) ?? k, v]),
    );
    return data(
      {
        intent: "rules" as const,
        result: submission.reply({ fieldErrors, formErrors: errors.formErrors }),
        saved: false,
      },
      { status: 400 },
    );
  }
  return { intent: "rules" as const, result: submission.reply({ resetForm: true }), saved: true };
}

function useErrorText() {
  const { t } = useTranslation();
  return (key: string) =>
    t([`recognition.errors.${key}`, `goals.errors.${key}`], {
      defaultValue: t("recognition.errors.generic"),
    });
}

/** The settings form's keys mean the goals' texts first ("cap_range" is the attainment cap there, not a points cap). */
function useSettingsErrorText() {
  const { t } = useTranslation();
  return (key: string) =>
    t([`goals.errors.${key}`, `recognition.errors.${key}`], {
      defaultValue: t("recognition.errors.generic"),
    });
}

/** A labelled checkbox with its explanation, wired to conform (ticked: "on"). */
function CheckboxField({
  field,
  label,
  hint,
}: {
  field: FieldMetadata<unknown>;
  label: string;
  hint: string;
}) {
  const props = getInputProps(field, { type: "checkbox", ariaDescribedBy: `${field.id}-hint` });
  return (
    <div>
      <label htmlFor={field.id}>
        <input {...props} key={props.key} />
        {label}
      </label>
      <span id={`${field.id}-hint`} className="hint">
        {hint}
      </span>
    </div>
  );
}

/** One version's values, as a definition list. */
function RulesView({ rules }: { rules: PointsRules }) {
  const { t, i18n } = useTranslation();
  const n = numberFormat(i18n.language, { maximumFractionDigits: 2 });
  const { normalisation, ...flat } = rules;
  const items: [KeysUnder<"recognition.admin.fields">, number][] = [
    ["perShare", flat.perShare],
    ["perUniqueClick", flat.perUniqueClick],
    ["uniqueClickCapPerShareDay", flat.uniqueClickCapPerShareDay],
    ["perApprovedSuggestion", flat.perApprovedSuggestion],
    ["perGuidelinesTraining", flat.perGuidelinesTraining],
    ["perHandledEscalation", flat.perHandledEscalation],
    ["referenceFollowers", normalisation.referenceFollowers],
    ["followerFloor", normalisation.followerFloor],
    ["minFactor", normalisation.minFactor],
    ["maxFactor", normalisation.maxFactor],
  ];
  return (
    <dl className="pairs rules">
      {items.map(([key, value]) => (
        <Fragment key={key}>
          <dt>{t(`recognition.admin.fields.${key}`)}</dt>
          <dd>{n.format(value)}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

export default function AdminRecognitionPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const errorText = useErrorText();
  const settingsErrorText = useSettingsErrorText();
  const { current, upcoming, past, formDefaults, settings } = loaderData;
  const day = dateTimeFormat(i18n.language, { dateStyle: "long", timeZone: "UTC" });
  const dayOf = (d: string) => day.format(new Date(`${d}T00:00:00Z`));
  const submittingIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;

  const [rulesForm, f] = useForm({
    id: "points-rules",
    lastResult: actionData?.intent === "rules" ? actionData.result : undefined,
    defaultValue: formDefaults,
    constraint: getZodConstraint(PointsRulesForm),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PointsRulesForm }),
  });
  const [settingsForm, s] = useForm({
    id: "recognition-settings",
    lastResult: actionData?.intent === "settings" ? actionData.result : undefined,
    defaultValue: settings,
    constraint: getZodConstraint(RecognitionSettingsInput),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RecognitionSettingsInput }),
  });
  const effective = getInputProps(f.effectiveFrom, {
    type: "date",
    ariaDescribedBy: `${f.effectiveFrom.id}-hint`,
  });
  const releaseMode = getSelectProps(s.releaseMode);
  const version = (v: RulesVersion) => (
    <section
      key={v.id}
      className="card"
      aria-label={t("recognition.admin.from", { date: dayOf(v.effectiveFrom) })}
    >
      <h3>{t("recognition.admin.from", { date: dayOf(v.effectiveFrom) })}</h3>
      <RulesView rules={v.rules} />
    </section>
  );

  return (
    <>
      <h1>{t("recognition.admin.title")}</h1>
      <p>{t("recognition.admin.lead")}</p>

      <section className="card" aria-labelledby="current-h">
        <h2 id="current-h">
          {t("recognition.admin.current")}{" "}
          <span className="hint">
            {current.id === "default"
              ? t("recognition.admin.defaults")
              : t("recognition.admin.currentSince", { date: dayOf(current.effectiveFrom) })}
          </span>
        </h2>
        <RulesView rules={current.rules} />
      </section>

      <section aria-labelledby="upcoming-h">
        <h2 id="upcoming-h">{t("recognition.admin.upcoming")}</h2>
        {upcoming.length === 0 ? (
          <p className="hint">{t("recognition.admin.upcomingEmpty")}</p>
        ) : (
          upcoming.map(version)
        )}
      </section>

      <Form method="post" className="card stack" {...getFormProps(rulesForm)}>
        <input type="hidden" name="intent" value="rules" />
        <h2>{t("recognition.admin.newVersion")}</h2>
        <p className="hint">{t("recognition.admin.newVersionHint")}</p>
        {rulesForm.errors?.length ? (
          <p className="alert" role="alert">
            {rulesForm.errors.map(errorText).join(" ")}
          </p>
        ) : null}
        <label htmlFor={f.effectiveFrom.id}>
          {t("recognition.admin.effectiveFrom")}
          <span id={`${f.effectiveFrom.id}-hint`} className="hint">
            {t("recognition.admin.effectiveFromHint")}
          </span>
          <input {...effective} key={effective.key} min={loaderData.today} className="input-short" />
          {f.effectiveFrom.errors?.length ? (
            <span id={f.effectiveFrom.errorId} className="field-error">
              {f.effectiveFrom.errors.map(errorText).join(" ")}
            </span>
          ) : null}
        </label>
        <fieldset className="stack">
          <legend>{t("recognition.admin.effort")}</legend>
          <NumberField
            errorText={errorText}
            field={f.perShare}
            label={t("recognition.admin.fields.perShare")}
            step="0.01"
          />
          <NumberField
            errorText={errorText}
            field={f.perApprovedSuggestion}
            label={t("recognition.admin.fields.perApprovedSuggestion")}
            step="0.01"
          />
          <NumberField
            errorText={errorText}
            field={f.perGuidelinesTraining}
            label={t("recognition.admin.fields.perGuidelinesTraining")}
            hint={t("recognition.admin.fields.perGuidelinesTrainingHint")}
            step="0.01"
          />
          <NumberField
            errorText={errorText}
            field={f.perHandledEscalation}
            label={t("recognition.admin.fields.perHandledEscalation")}
            hint={t("recognition.admin.fields.perHandledEscalationHint")}
            step="0.01"
          />
        </fieldset>
        <fieldset className="stack">
          <legend>{t("recognition.admin.reach")}</legend>
          <NumberField
            errorText={errorText}
            field={f.perUniqueClick}
            label={t("recognition.admin.fields.perUniqueClick")}
            step="0.01"
          />
          <NumberField
            errorText={errorText}
            field={f.uniqueClickCapPerShareDay}
            label={t("recognition.admin.fields.uniqueClickCapPerShareDay")}
            step="1"
          />
        </fieldset>
        <fieldset className="stack" aria-describedby="normalisation-hint">
          <legend>{t("recognition.admin.normalisation")}</legend>
          <p id="normalisation-hint" className="hint">
            {t("recognition.admin.normalisationHint")}
          </p>
          <NumberField
            errorText={errorText}
            field={f.referenceFollowers}
            label={t("recognition.admin.fields.referenceFollowers")}
            step="1"
          />
          <NumberField
            errorText={errorText}
            field={f.followerFloor}
            label={t("recognition.admin.fields.followerFloor")}
            step="1"
          />
          <NumberField
            errorText={errorText}
            field={f.minFactor}
            label={t("recognition.admin.fields.minFactor")}
            step="0.01"
          />
          <NumberField
            errorText={errorText}
            field={f.maxFactor}
            label={t("recognition.admin.fields.maxFactor")}
            step="0.01"
          />
        </fieldset>
        <div className="row">
          <SubmitButton pending={submittingIntent === "rules"}>{t("recognition.admin.save")}</SubmitButton>
          {actionData?.intent === "rules" && actionData.saved && navigation.state === "idle" ? (
            <span className="notice" role="status">
              {t("recognition.admin.saved")}
            </span>
          ) : null}
        </div>
      </Form>

      {past.length > 0 ? (
        <details className="card">
          <summary>{t("recognition.admin.past")}</summary>
          {past.map(version)}
        </details>
      ) : null}

      <Form method="post" className="card stack" {...getFormProps(settingsForm)}>
        <input type="hidden" name="intent" value="settings" />
        <h2>{t("recognition.admin.settings")}</h2>
        <p className="hint">{t("recognition.admin.settingsLead")}</p>
        {settingsForm.errors?.length ? (
          <p className="alert" role="alert">
            {settingsForm.errors.map(settingsErrorText).join(" ")}
          </p>
        ) : null}
        <NumberField
          errorText={settingsErrorText}
          field={s.attainmentCapPercent}
          label={t("recognition.admin.attainmentCap")}
          hint={t("recognition.admin.attainmentCapHint")}
          step="1"
        />
        <label htmlFor={s.releaseMode.id}>
          {t("recognition.admin.releaseMode")}
          <select {...releaseMode} key={releaseMode.key}>
            {RELEASE_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {t(`recognition.admin.releaseModes.${mode}`)}
              </option>
            ))}
          </select>
          {s.releaseMode.errors?.length ? (
            <span id={s.releaseMode.errorId} className="field-error">
              {s.releaseMode.errors.map(settingsErrorText).join(" ")}
            </span>
          ) : null}
        </label>
        <CheckboxField
          field={s.allowBackdatedStart}
          label={t("recognition.admin.backdating.allow")}
          hint={t("recognition.admin.backdating.allowHint")}
        />
        <fieldset className="stack" aria-describedby="share-rules-lead">
          <legend>{t("recognition.admin.shareRules.legend")}</legend>
          <p id="share-rules-lead" className="hint">
            {t("recognition.admin.shareRules.lead")}
          </p>
          <CheckboxField
            field={s.selfReportedSharesEarnPoints}
            label={t("recognition.admin.shareRules.earnPoints")}
            hint={t("recognition.admin.shareRules.earnPointsHint")}
          />
          <NumberField
            errorText={settingsErrorText}
            field={s.selfReportedWeeklyCap}
            label={t("recognition.admin.shareRules.weeklyCap")}
            hint={t("recognition.admin.shareRules.weeklyCapHint")}
            step="1"
          />
        </fieldset>
        <div className="row">
          <SubmitButton pending={submittingIntent === "settings"}>
            {t("recognition.admin.saveSettings")}
          </SubmitButton>
          {actionData?.intent === "settings" && actionData.saved && navigation.state === "idle" ? (
            <span className="notice" role="status">
              {t("recognition.admin.settingsSaved")}
            </span>
          ) : null}
        </div>
      </Form>
    </>
  );
}
