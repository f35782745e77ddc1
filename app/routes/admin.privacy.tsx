import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import type { Route } from "./+types/admin.privacy";
import { withTenant } from "~/db/tenant.ts";
import { domainFormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import {
  lastRetentionRun,
  retentionRulesInForce,
  type RetentionRule,
} from "~/app/modules/privacy/retention.server.ts";
import { getPrivacySettings, savePrivacySettings } from "~/app/modules/privacy/settings.server.ts";
import {
  AUDIT_RETENTION_MONTHS_MAX,
  AUDIT_RETENTION_MONTHS_MIN,
  PrivacySettingsInput,
} from "~/app/modules/privacy/settings.ts";
import { NumberField, SubmitButton } from "~/app/ui/field.tsx";
import { ErrorNotice, useErrorText } from "~/app/ui/error-notice.tsx";
import { useTenantData } from "~/app/routes/tenant.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["retention"], title: "titles.adminPrivacy" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "tenant.settings");
  return withTenant(db, member.tenantId, async (tx) => {
    const settings = await getPrivacySettings(tx, member.tenantId);
    const run = await lastRetentionRun(tx, member.tenantId);
    return {
      // as the browser sends them: a ticked checkbox is "on", an unticked one absent
      settings: {
        auditRetentionMonths: String(settings.auditRetentionMonths),
        strictMode: settings.strictMode ? "on" : undefined,
      },
      rules: await retentionRulesInForce(tx, member.tenantId),
      lastRun: run && { ranAt: run.ranAt.toISOString(), removed: run.removed },
    };
  });
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "tenant.settings");
  const submission = parseWithZod(await request.formData(), { schema: PrivacySettingsInput });
  if (submission.status !== "success")
    return data({ result: submission.reply(), saved: false }, { status: 400 });
  try {
    await withTenant(db, member.tenantId, (tx) => savePrivacySettings(tx, member, submission.value));
  } catch (error) {
    return data({ result: submission.reply(domainFormErrors(error)), saved: false }, { status: 400 });
  }
  return { result: submission.reply(), saved: true };
}

const COUNT_KEYS = ["invitations", "auditEvents", "accessLog", "jobFailures", "dataExports"] as const;
const STRICT_ITEMS = ["leaderboard", "managers", "groups", "self"] as const;

function RuleText({ rule }: { rule: RetentionRule }) {
  const { t } = useTranslation();
  const count = rule.days ?? rule.months ?? 0;
  return (
    <>
      {t(`retention.rules.${rule.key}.rule`, {
        count,
        idleDays: rule.idleDays,
        absoluteDays: rule.absoluteDays,
      })}
    </>
  );
}

export default function AdminPrivacyPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const { tenant } = useTenantData();
  const { settings, rules, lastRun } = loaderData;
  const errorText = useErrorText("retention");
  const [form, f] = useForm({
    id: "privacy-settings",
    lastResult: actionData?.result,
    defaultValue: settings,
    constraint: getZodConstraint(PrivacySettingsInput),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PrivacySettingsInput }),
  });
  const strict = getInputProps(f.strictMode, {
    type: "checkbox",
    ariaDescribedBy: "strict-mode-hint strict-h",
  });
  const when = dateTimeFormat(i18n.language, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: tenant.timeZone,
  });
  const removedAny = lastRun ? COUNT_KEYS.some((k) => lastRun.removed[k] > 0) : false;

  return (
    <>
      <h1>{t("retention.title")}</h1>
      <p>{t("retention.lead")}</p>

      <Form method="post" className="card stack" {...getFormProps(form)}>
        <h2>{t("retention.settings.heading")}</h2>
        <ErrorNotice area="retention" errors={form.errors} />
        <NumberField
          errorText={errorText}
          field={f.auditRetentionMonths}
          label={t("retention.settings.auditMonths")}
          hint={t("retention.settings.auditMonthsHint", {
            min: AUDIT_RETENTION_MONTHS_MIN,
            max: AUDIT_RETENTION_MONTHS_MAX,
          })}
          step="1"
        />
        <div>
          <label htmlFor={f.strictMode.id}>
            <input {...strict} key={strict.key} />
            {t("retention.settings.strictMode")}
          </label>
          <span id="strict-mode-hint" className="hint">
            {t("retention.settings.strictModeHint")}
          </span>
        </div>
        <div className="row">
          <SubmitButton pending={navigation.state === "submitting"}>
            {t("retention.settings.save")}
          </SubmitButton>
          {actionData?.saved && navigation.state === "idle" ? (
            <span className="notice" role="status">
              {t("retention.settings.saved")}
            </span>
          ) : null}
        </div>
      </Form>

      <section className="card" aria-labelledby="strict-h">
        <h2 id="strict-h">{t("retention.strict.heading")}</h2>
        <p>{t("retention.strict.lead")}</p>
        <ul>
          {STRICT_ITEMS.map((item) => (
            <li key={item}>{t(`retention.strict.items.${item}`)}</li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="rules-h">
        <h2 id="rules-h">{t("retention.rules.heading")}</h2>
        <p className="hint">{t("retention.rules.lead")}</p>
        <table className="stacked">
          <thead>
            <tr>
              <th scope="col">{t("retention.rules.data")}</th>
              <th scope="col">{t("retention.rules.kept")}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.key}>
                <th scope="row">{t(`retention.rules.${rule.key}.name`)}</th>
                <td data-label={t("retention.rules.kept")}>
                  <RuleText rule={rule} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="last-run-h">
        <h2 id="last-run-h">{t("retention.lastRun.heading")}</h2>
        {!lastRun ? (
          <p>{t("retention.lastRun.never")}</p>
        ) : removedAny ? (
          <>
            <p>{t("retention.lastRun.ranAt", { date: when.format(new Date(lastRun.ranAt)) })}</p>
            <ul>
              {COUNT_KEYS.filter((k) => lastRun.removed[k] > 0).map((k) => (
                <li key={k}>{t(`retention.lastRun.counts.${k}`, { count: lastRun.removed[k] })}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t("retention.lastRun.nothing", { date: when.format(new Date(lastRun.ranAt)) })}</p>
        )}
        <p className="hint">{t("retention.lastRun.globalNote")}</p>
      </section>
    </>
  );
}
