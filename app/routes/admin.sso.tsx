import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { data, Form, redirect, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.sso";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { IDENTITY_PROVIDER_KINDS, type IdentityProviderKind } from "~/db/tables/identity.ts";
import { domainFormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { DomainError } from "~/app/lib/errors.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { addSsoDomain } from "~/app/modules/sso/add-sso-domain.server.ts";
import { configureIdentityProvider } from "~/app/modules/sso/configure-identity-provider.server.ts";
import { getSsoSettings } from "~/app/modules/sso/get-sso-settings.server.ts";
import { removeIdentityProvider } from "~/app/modules/sso/remove-identity-provider.server.ts";
import { removeSsoDomain } from "~/app/modules/sso/remove-sso-domain.server.ts";
import { setSsoDomainRequired } from "~/app/modules/sso/set-sso-domain-required.server.ts";
import { startDomainVerificationSignIn } from "~/app/modules/sso/start-domain-verification-sign-in.server.ts";
import {
  ConfigureIdentityProviderInput,
  SetSsoDomainRequiredInput,
  SsoDomainInput,
} from "~/app/modules/sso/sso-schemas.ts";
import { verifySsoDomainByDns } from "~/app/modules/sso/verify-sso-domain-by-dns.server.ts";
import { SsoDomainList } from "~/app/ui/sso/domain-list.tsx";
import { CopyValue } from "~/app/ui/copy-value.tsx";
import { ErrorNotice } from "~/app/ui/error-notice.tsx";
import { FieldErrors, SubmitButton, TextField } from "~/app/ui/field.tsx";
import type { TextKey } from "~/app/lib/i18n/keys.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["sso"], title: "titles.adminSso" } satisfies I18nHandle;

const ProviderForm = ConfigureIdentityProviderInput.extend({ intent: z.literal("provider") });
const AddDomainForm = SsoDomainInput.extend({ intent: z.literal("add-domain") });
const SsoAction = z.discriminatedUnion("intent", [
  ProviderForm,
  z.object({ intent: z.literal("remove-provider") }),
  AddDomainForm,
  SsoDomainInput.extend({ intent: z.literal("verify-dns") }),
  SsoDomainInput.extend({ intent: z.literal("verify-sso") }),
  SsoDomainInput.extend({ intent: z.literal("remove-domain") }),
  SetSsoDomainRequiredInput.extend({ intent: z.literal("require") }),
]);
type Intent = z.infer<typeof SsoAction>["intent"];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "tenant.sso");
  return withTenant(db, member.tenantId, (tx) => getSsoSettings(tx, member));
}

interface ActionData {
  intent: string;
  result: SubmissionResult<string[]>;
  /** the domain row a row action was about (its errors and notice show there) */
  domain?: string;
  notice?: TextKey;
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member, tenant } = await requireMember(request, params, "tenant.sso");
  const submission = parseWithZod(await request.formData(), { schema: SsoAction });
  const intent = String(submission.payload.intent ?? "");
  // the client secret is write-only: never echoed back in the form's answer
  const hideFields = ["clientSecret"];
  // a row action's domain: its answer shows in that row (the add form shows its own)
  const domain =
    intent !== "add-domain" && typeof submission.payload.domain === "string"
      ? submission.payload.domain
      : undefined;
  if (submission.status !== "success")
    return data<ActionData>({ intent, domain, result: submission.reply({ hideFields }) }, { status: 400 });
  const input = submission.value;
  try {
    const notice = await run(input);
    if (notice instanceof Response) return notice;
    return data<ActionData>({
      intent,
      domain,
      notice,
      result: submission.reply({ resetForm: input.intent === "add-domain", hideFields }),
    });
  } catch (error) {
    // a refusal the admin can act on, next to its field or on its form (or domain row); else rethrown
    const errors = domainFormErrors(error);
    return data<ActionData>(
      { intent, domain, result: submission.reply({ ...errors, hideFields }) },
      { status: error instanceof DomainError ? error.status : 400 },
    );
  }

  async function run(value: z.infer<typeof SsoAction>): Promise<TextKey | Response> {
    switch (value.intent) {
      case "provider": {
        const { intent: _, ...provider } = value;
        const saved = await configureIdentityProvider(db, member, provider);
        return saved.requireSsoCleared.length ? "sso.admin.savedRequireCleared" : "sso.admin.saved";
      }
      case "remove-provider":
        await withTenant(db, member.tenantId, (tx) => removeIdentityProvider(tx, member));
        return "sso.admin.providerRemoved";
      case "add-domain":
        await withTenant(db, member.tenantId, (tx) => addSsoDomain(tx, member, value));
        return "sso.domains.added";
      case "verify-dns": {
        const verified = await verifySsoDomainByDns(db, member, value);
        return verified.alreadyVerified ? "sso.domains.alreadyVerified" : "sso.domains.verified";
      }
      case "verify-sso": {
        const { url, cookie } = await startDomainVerificationSignIn(db, member, tenant, value);
        return redirect(url, { headers: { "Set-Cookie": cookie } });
      }
      case "remove-domain":
        await withTenant(db, member.tenantId, (tx) => removeSsoDomain(tx, member, value));
        return "sso.domains.removed";
      case "require":
        await withTenant(db, member.tenantId, (tx) => setSsoDomainRequired(tx, member, value));
        return value.required ? "sso.domains.requireOn" : "sso.domains.requireOff";
    }
  }
}

export default function AdminSso({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const settings = loaderData;
  const navigation = useNavigation();
  const pendingIntent =
    navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : null;
  const lastResult = (intent: Intent) => (actionData?.intent === intent ? actionData.result : undefined);
  const notice = actionData?.notice && !actionData.domain ? actionData.notice : undefined;
  return (
    <>
      <h1>{t("sso.admin.title")}</h1>
      <p>{t("sso.admin.lead")}</p>
      {!settings.serverConfigured ? (
        <p className="alert" role="alert">
          {t("sso.admin.serverNotConfigured")}
        </p>
      ) : null}
      {notice ? (
        <p className="notice" role="status">
          {t(notice)}
        </p>
      ) : null}
      <ProviderSection
        // a fresh form after every save: the saved values, the write-only secret field empty again
        key={settings.provider ? String(settings.provider.updatedAt) : "none"}
        settings={settings}
        lastResult={lastResult("provider")}
        removeErrors={actionData?.intent === "remove-provider" ? actionData.result.error?.[""] : undefined}
        pending={pendingIntent}
      />
      <SsoDomainList
        domains={settings.domains}
        provider={settings.provider}
        actionData={actionData}
        addResult={lastResult("add-domain")}
        pending={pendingIntent}
        pendingDomain={navigation.formData?.get("domain")?.toString()}
      />
    </>
  );
}

function ProviderSection({
  settings,
  lastResult,
  removeErrors,
  pending,
}: {
  settings: Route.ComponentProps["loaderData"];
  lastResult: SubmissionResult<string[]> | undefined;
  removeErrors: string[] | null | undefined;
  pending: string | null;
}) {
  const { t } = useTranslation();
  const { tenant } = useTenantData();
  const provider = settings.provider;
  const [kind, setKind] = useState<IdentityProviderKind>(provider?.kind ?? "microsoft");
  const [form, fields] = useForm({
    id: "sso-provider",
    lastResult,
    constraint: getZodConstraint(ProviderForm),
    defaultValue: {
      kind: provider?.kind ?? "microsoft",
      displayName: provider?.kind === "oidc" ? provider.displayName : (provider?.displayName ?? ""),
      entraTenantId: provider?.entraTenantId ?? "",
      hostedDomain: provider?.hostedDomain ?? "",
      discoveryUrl: provider?.discoveryUrl ?? "",
      clientId: provider?.clientId ?? "",
    },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProviderForm }),
  });
  const errorText = (key: string) =>
    t([`sso.errors.${key}`, `validation.${key}`] as TextKey[], { defaultValue: t("sso.errors.generic") });
  return (
    <section className="card stack" aria-labelledby="sso-provider-h">
      <h2 id="sso-provider-h">{t("sso.admin.providerTitle")}</h2>
      <p>
        {provider
          ? provider.enabled
            ? t("sso.admin.statusOn", { name: provider.displayName })
            : t("sso.admin.statusOff", { name: provider.displayName })
          : t("sso.admin.statusNone")}
      </p>
      <CopyValue
        id="sso-redirect-uri"
        label={t("sso.admin.redirectUri")}
        hint={t("sso.admin.redirectUriHint")}
        value={settings.redirectUri}
        copyText={t("sso.admin.copy")}
        copiedText={t("sso.admin.copied")}
      />
      <CopyValue
        id="sso-scopes"
        label={t("sso.admin.scopes")}
        hint={t("sso.admin.scopesHint")}
        value={settings.scopes.join(" ")}
        copyText={t("sso.admin.copy")}
        copiedText={t("sso.admin.copied")}
      />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="provider" />
        <ErrorNotice area="sso" errors={form.errors} />
        <fieldset>
          <legend>{t("sso.admin.kind")}</legend>
          <div className="stack stack-sm">
            {IDENTITY_PROVIDER_KINDS.map((k) => (
              <label key={k} className="row radio-line">
                <input
                  type="radio"
                  name={fields.kind.name}
                  value={k}
                  checked={kind === k}
                  onChange={() => setKind(k)}
                />
                <span>{t(`sso.kind.${k}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {kind === "microsoft" ? (
          <TextField
            field={fields.entraTenantId}
            label={t("sso.admin.entraTenantId")}
            hint={t("sso.admin.entraTenantIdHint")}
            autoComplete="off"
            errorText={errorText}
          />
        ) : null}
        {kind === "google" ? (
          <TextField
            field={fields.hostedDomain}
            label={t("sso.admin.hostedDomain")}
            hint={t("sso.admin.hostedDomainHint")}
            autoComplete="off"
            errorText={errorText}
          />
        ) : null}
        {kind === "oidc" ? (
          <TextField
            field={fields.discoveryUrl}
            type="url"
            label={t("sso.admin.discoveryUrl")}
            hint={t("sso.admin.discoveryUrlHint")}
            autoComplete="off"
            errorText={errorText}
          />
        ) : null}
        {provider?.kind === "oidc" && kind === "oidc" ? (
          <p className="hint">{t("sso.admin.issuer", { issuer: provider.issuer })}</p>
        ) : null}
        <TextField
          field={fields.displayName}
          label={t("sso.admin.displayName")}
          hint={kind === "oidc" ? t("sso.admin.displayNameHintOidc") : t("sso.admin.displayNameHint")}
          autoComplete="off"
          errorText={errorText}
        />
        <TextField
          field={fields.clientId}
          label={t("sso.admin.clientId")}
          hint={t(`sso.admin.clientIdHint.${kind}`)}
          autoComplete="off"
          errorText={errorText}
        />
        <label htmlFor={fields.clientSecret.id}>
          {t("sso.admin.clientSecret")}
          <span id={`${fields.clientSecret.id}-hint`} className="hint">
            {provider ? t("sso.admin.clientSecretKeep") : t("sso.admin.clientSecretHint")}
          </span>
          {/* write-only: never prefilled, never sent back */}
          <input
            {...getInputProps(fields.clientSecret, {
              type: "password",
              ariaDescribedBy: `${fields.clientSecret.id}-hint`,
            })}
            key={fields.clientSecret.key}
            required={!provider}
            autoComplete="new-password"
          />
          <FieldErrors field={fields.clientSecret} errorText={errorText} />
        </label>
        <div>
          <label className="row radio-line">
            <input
              type="checkbox"
              name={fields.jitEnabled.name}
              defaultChecked={provider?.jitEnabled ?? false}
              aria-describedby="sso-jit-hint"
            />
            <span>{t("sso.admin.jit")}</span>
          </label>
          <p id="sso-jit-hint" className="hint">
            {t("sso.admin.jitHint", { company: tenant.name })}
          </p>
        </div>
        <div>
          <label className="row radio-line">
            <input
              type="checkbox"
              name={fields.enabled.name}
              defaultChecked={provider?.enabled ?? true}
              aria-describedby="sso-enabled-hint"
            />
            <span>{t("sso.admin.enabled")}</span>
          </label>
          <p id="sso-enabled-hint" className="hint">
            {t("sso.admin.enabledHint")}
          </p>
        </div>
        <div>
          <SubmitButton pending={pending === "provider"}>{t("sso.admin.save")}</SubmitButton>
        </div>
      </Form>
      {provider ? (
        <details>
          <summary className="button secondary">{t("sso.admin.remove")}</summary>
          <Form method="post" className="stack stack-sm revoke-confirm">
            <input type="hidden" name="intent" value="remove-provider" />
            <p>{t("sso.admin.removeConfirm", { name: provider.displayName })}</p>
            <ErrorNotice area="sso" errors={removeErrors ?? undefined} />
            <div>
              <button type="submit" className="danger" disabled={pending === "remove-provider"}>
                {t("sso.admin.remove")}
              </button>
            </div>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
