import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.linkedin";
import { withTenant } from "~/db/tenant.ts";
import { ValidationError } from "~/app/lib/errors.ts";
import { Checkbox, SafeText, submissionFieldErrors } from "~/app/lib/validation.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { getLinkedInAppSettings } from "~/app/modules/profiles/get-linkedin-app-settings.server.ts";
import { getPostAnalyticsEnabled } from "~/app/modules/profiles/linkedin-app.server.ts";
import { LinkedInError } from "~/app/modules/profiles/linkedin-config.server.ts";
import { saveLinkedInApp } from "~/app/modules/profiles/save-linkedin-app.server.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["digest", "profiles"], title: "titles.adminLinkedin" } satisfies I18nHandle;

/**
 * The LinkedIn app form. What a client id must look like, and when a secret is required, is
 * saveLinkedInApp's to say (SaveLinkedInAppInput): here the fields are read as text and checkboxes.
 */
const LinkedInAppFormInput = z.object({
  clientId: SafeText.optional(),
  clientSecret: SafeText.optional(),
  enabled: Checkbox,
  postAnalyticsEnabled: Checkbox,
});

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member, tenant } = await requireMember(request, params, "linkedin.configure");
  return withTenant(db, member.tenantId, async (tx) => ({
    ...(await getLinkedInAppSettings(tx, member, tenant.slug)),
    postAnalyticsEnabled: await getPostAnalyticsEnabled(tx, member.tenantId),
  }));
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "linkedin.configure");
  const submission = parseWithZod(await request.formData(), { schema: LinkedInAppFormInput });
  if (submission.status !== "success")
    return data({ saved: false, errors: submissionFieldErrors(submission.error) }, { status: 400 });
  const form = submission.value;
  try {
    await withTenant(db, member.tenantId, (tx) =>
      saveLinkedInApp(tx, member, {
        clientId: form.clientId ?? "",
        clientSecret: form.clientSecret ?? "",
        enabled: form.enabled,
        postAnalyticsEnabled: form.postAnalyticsEnabled,
      }),
    );
    return { saved: true, errors: null };
  } catch (error) {
    if (error instanceof ValidationError)
      return data({ saved: false, errors: error.fieldErrors }, { status: 400 });
    if (error instanceof LinkedInError)
      return data({ saved: false, errors: { form: [error.code] } }, { status: error.status });
    throw error;
  }
}

export default function AdminLinkedIn({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const settings = loaderData;
  const errors: Record<string, string[]> = actionData?.errors ?? {};
  const text = (key: string) =>
    t([`profiles.admin.errors.${key}`, `profiles.linkedin.errors.${key}`, `validation.${key}`], {
      defaultValue: t("profiles.admin.errors.generic"),
    });
  const errorFor = (field: string) =>
    errors[field]?.length ? (
      <span id={`${field}-error`} className="field-error">
        {errors[field].map(text).join(" ")}
      </span>
    ) : null;
  const invalid = (field: string) =>
    errors[field]?.length ? { "aria-invalid": true, "aria-describedby": `${field}-error` } : {};

  return (
    <>
      <h1>{t("profiles.admin.title")}</h1>
      <p>{t("profiles.admin.lead")}</p>
      {!settings.serverConfigured ? (
        <p className="alert" role="alert">
          {t("profiles.admin.serverNotConfigured")}
        </p>
      ) : null}
      <Form method="post" className="card stack">
        {errors.form?.length ? (
          <p className="alert" role="alert">
            {errors.form.map(text).join(" ")}
          </p>
        ) : null}
        <p>
          {settings.configured && settings.enabled
            ? t("profiles.admin.statusOn")
            : t("profiles.admin.statusOff")}
        </p>
        <label htmlFor="redirectUri">
          {t("profiles.admin.redirectUri")}
          <span className="hint">{t("profiles.admin.redirectUriHint")}</span>
          <input
            id="redirectUri"
            readOnly
            value={settings.redirectUri}
            onFocus={(e) => e.currentTarget.select()}
          />
        </label>
        <label htmlFor="clientId">
          {t("profiles.admin.clientId")}
          <input
            id="clientId"
            name="clientId"
            defaultValue={settings.clientId ?? ""}
            required
            maxLength={200}
            autoComplete="off"
            {...invalid("clientId")}
          />
          {errorFor("clientId")}
        </label>
        <label htmlFor="clientSecret">
          {t("profiles.admin.clientSecret")}
          <span className="hint">
            {settings.configured
              ? t("profiles.admin.clientSecretKeep")
              : t("profiles.admin.clientSecretHint")}
          </span>
          {/* write-only: never prefilled, never sent back */}
          <input
            id="clientSecret"
            name="clientSecret"
            type="password"
            autoComplete="new-password"
            required={!settings.configured}
            maxLength={500}
            {...invalid("clientSecret")}
          />
          {errorFor("clientSecret")}
        </label>
        <label className="row">
          <input
            type="checkbox"
            name="enabled"
            defaultChecked={settings.configured ? settings.enabled : true}
          />
          {t("profiles.admin.enabled")}
        </label>
        <label className="row" htmlFor="postAnalyticsEnabled">
          <input
            type="checkbox"
            id="postAnalyticsEnabled"
            name="postAnalyticsEnabled"
            defaultChecked={settings.postAnalyticsEnabled}
            aria-describedby="postAnalyticsEnabled-hint"
          />
          {t("digest.providerMetrics.label")}
        </label>
        <p id="postAnalyticsEnabled-hint" className="hint">
          {t("digest.providerMetrics.hint")}
        </p>
        <div className="row">
          <button type="submit" disabled={navigation.state === "submitting" || !settings.serverConfigured}>
            {t("profiles.admin.save")}
          </button>
          {actionData?.saved && navigation.state === "idle" ? (
            <span className="notice" role="status">
              {t("profiles.admin.saved")}
            </span>
          ) : null}
        </div>
      </Form>
    </>
  );
}
