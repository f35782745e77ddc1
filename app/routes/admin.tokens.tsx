import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.tokens";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { codeOf } from "~/app/lib/errors.ts";
import { safeString } from "~/app/lib/validation.ts";
import { API_SCOPES, type ApiScope } from "~/db/schema.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "~/app/modules/api/api-tokens.server.ts";
import {
  API_TOKEN_LIFETIMES,
  CreateApiTokenInput,
  DEFAULT_API_TOKEN_LIFETIME,
} from "~/app/modules/api/token-schemas.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { scimBaseUrl } from "~/app/modules/scim/http.server.ts";
import { FormErrors, Input, Select, useErrorText } from "~/app/ui/admin/form-bits.tsx";
import { SubmitButton } from "~/app/ui/field.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["admin", "escalations"], title: "titles.adminTokens" } satisfies I18nHandle;

const CreateForm = CreateApiTokenInput.extend({ intent: z.literal("create") });
const TokensAction = z.discriminatedUnion("intent", [
  CreateForm,
  z.object({ intent: z.literal("revoke"), tokenId: safeString().min(1) }),
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "tokens.manage");
  const tokens = await withTenant(db, member.tenantId, (tx) => listApiTokens(tx, member.tenantId));
  // Decided here, not while rendering: the browser's clock must not disagree with the server's.
  const now = new Date();
  return {
    tokens: tokens.map((token) => ({
      ...token,
      expired: token.expiresAt !== null && token.expiresAt <= now,
    })),
    // what a directory is configured with next to a scim token (Entra ID: "Tenant URL")
    scimBaseUrl: scimBaseUrl(),
  };
}

interface ActionData {
  intent: string;
  result: SubmissionResult<string[]>;
  /** the plain token: in this one response only, never stored or loaded again */
  created?: { name: string; token: string; scopes: ApiScope[]; expiresAt: Date | null };
  notice?: "revoked";
  error?: "notFound";
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member, tenant } = await requireMember(request, params, "tokens.manage");
  const submission = parseWithZod(await request.formData(), { schema: TokensAction });
  const intent = String(submission.payload.intent ?? "");
  if (submission.status !== "success")
    return data<ActionData>({ intent, result: submission.reply() }, { status: 400 });
  const input = submission.value;
  if (input.intent === "create") {
    const { token, scopes, expiresAt } = await withTenant(db, member.tenantId, (tx) =>
      createApiToken(tx, {
        name: input.name,
        scopes: input.scopes,
        lifetime: input.lifetime,
        tenantId: member.tenantId,
        tenantSlug: tenant.slug,
        createdBy: member.userId,
      }),
    );
    // The secret is in this body: no cache may keep it.
    return data<ActionData>(
      {
        intent,
        result: submission.reply({ resetForm: true }),
        created: { name: input.name, token, scopes, expiresAt },
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  }
  try {
    await withTenant(db, member.tenantId, (tx) =>
      revokeApiToken(tx, member.tenantId, input.tokenId, member.userId),
    );
  } catch (error) {
    if (codeOf(error, ["not_found"]))
      return data<ActionData>({ intent, result: submission.reply(), error: "notFound" }, { status: 404 });
    throw error;
  }
  return data<ActionData>({ intent, result: submission.reply(), notice: "revoked" });
}

export default function Tokens({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const navigation = useNavigation();
  const submitting = (intent: string, tokenId?: string) =>
    navigation.state === "submitting" &&
    navigation.formData?.get("intent") === intent &&
    (!tokenId || navigation.formData.get("tokenId") === tokenId);
  const [form, fields] = useForm({
    id: "create-token",
    lastResult: actionData?.intent === "create" ? actionData.result : undefined,
    constraint: getZodConstraint(CreateForm),
    defaultValue: { lifetime: DEFAULT_API_TOKEN_LIFETIME },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateForm }),
  });
  const date = dateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: tenant.timeZone,
  });
  return (
    <>
      <h1>{t("escalations.tokens.title")}</h1>
      <p>{t("escalations.tokens.lead")}</p>
      <p>
        <a href="/api/v1/openapi.json" target="_blank" rel="noopener noreferrer">
          {t("escalations.tokens.docs")}
        </a>
      </p>
      {actionData?.notice ? (
        <p className="notice" role="status">
          {t(`escalations.tokens.${actionData.notice}`)}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="alert" role="alert">
          {t(`escalations.tokens.${actionData.error}`)}
        </p>
      ) : null}
      {actionData?.created ? (
        <CreatedToken
          {...actionData.created}
          scimBaseUrl={loaderData.scimBaseUrl}
          expiresAt={actionData.created.expiresAt && date.format(new Date(actionData.created.expiresAt))}
        />
      ) : null}

      <section className="card stack" aria-labelledby="create-token-h">
        <h2 id="create-token-h">{t("escalations.tokens.create")}</h2>
        <Form method="post" className="stack" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="create" />
          <FormErrors errors={form.errors} />
          <Input
            field={fields.name}
            label={t("escalations.tokens.name")}
            hint={t("escalations.tokens.nameHint")}
            autoComplete="off"
          />
          <ScopeCheckboxes field={fields.scopes} />
          <Select
            field={fields.lifetime}
            label={t("escalations.tokens.lifetime")}
            hint={t("escalations.tokens.lifetimeHint")}
            options={API_TOKEN_LIFETIMES.map((value) => ({
              value,
              label: t(`escalations.tokens.lifetimeOption.${value}`),
            }))}
          />
          <div>
            <SubmitButton pending={submitting("create")}>{t("escalations.tokens.create")}</SubmitButton>
          </div>
        </Form>
      </section>

      <section className="card stack" aria-labelledby="tokens-h">
        <h2 id="tokens-h">{t("escalations.tokens.list")}</h2>
        {loaderData.tokens.length === 0 ? (
          <p className="empty">{t("escalations.tokens.empty")}</p>
        ) : (
          <table className="stacked">
            <thead>
              <tr>
                <th scope="col">{t("escalations.tokens.name")}</th>
                <th scope="col">{t("escalations.tokens.scopes")}</th>
                <th scope="col">{t("escalations.tokens.createdAt")}</th>
                <th scope="col">{t("escalations.tokens.lastUsed")}</th>
                <th scope="col">{t("escalations.tokens.expires")}</th>
                <th scope="col">{t("escalations.tokens.status")}</th>
                <th scope="col">{t("escalations.tokens.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.tokens.map((token) => (
                <tr key={token.id}>
                  <td data-label={t("escalations.tokens.name")}>{token.name}</td>
                  <td data-label={t("escalations.tokens.scopes")}>
                    <ScopeBadges scopes={token.scopes} />
                    {token.scopes.includes("scim") && !token.revokedAt ? (
                      <ScimUrl url={loaderData.scimBaseUrl} />
                    ) : null}
                  </td>
                  <td data-label={t("escalations.tokens.createdAt")}>
                    {date.format(new Date(token.createdAt))}
                  </td>
                  <td data-label={t("escalations.tokens.lastUsed")}>
                    {token.lastUsedAt
                      ? date.format(new Date(token.lastUsedAt))
                      : t("escalations.tokens.never")}
                  </td>
                  <td data-label={t("escalations.tokens.expires")}>
                    {token.expiresAt
                      ? date.format(new Date(token.expiresAt))
                      : t("escalations.tokens.noExpiry")}
                  </td>
                  <td data-label={t("escalations.tokens.status")}>
                    {token.revokedAt ? (
                      t("escalations.tokens.revokedAt", { date: date.format(new Date(token.revokedAt)) })
                    ) : token.expired ? (
                      t("escalations.tokens.expiredAt", { date: date.format(new Date(token.expiresAt!)) })
                    ) : (
                      <span className="badge">{t("escalations.tokens.active")}</span>
                    )}
                  </td>
                  <td>
                    {token.revokedAt ? null : (
                      // A second, explicit step: works without JavaScript, unlike window.confirm.
                      <details>
                        <summary
                          className="button secondary"
                          aria-label={t("escalations.tokens.revokeLabel", { name: token.name })}
                        >
                          {t("escalations.tokens.revoke")}
                        </summary>
                        <Form method="post" className="stack stack-sm revoke-confirm">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="tokenId" value={token.id} />
                          <p>{t("escalations.tokens.revokeConfirm", { name: token.name })}</p>
                          <div>
                            <button
                              type="submit"
                              className="danger"
                              disabled={submitting("revoke", token.id)}
                            >
                              {t("escalations.tokens.revoke")}
                            </button>
                          </div>
                        </Form>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/**
 * One checkbox a scope, each with the sentence that says what it opens; "content" is ticked to start
 * with because it is what most integrations need, "credit" must be chosen on purpose.
 */
function ScopeCheckboxes({ field }: { field: FieldMetadata<string[] | undefined> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const invalid = Boolean(field.errors?.length);
  return (
    <fieldset aria-describedby={invalid ? field.errorId : undefined} aria-invalid={invalid || undefined}>
      <legend>{t("escalations.tokens.scopesLegend")}</legend>
      <div className="stack">
        {API_SCOPES.map((scope) => (
          <div key={scope}>
            <label>
              <input
                type="checkbox"
                name={field.name}
                value={scope}
                defaultChecked={scope === "content"}
                aria-describedby={`${field.id}-${scope}-hint`}
              />
              {t(`escalations.tokens.scope.${scope}`)}
            </label>
            <p id={`${field.id}-${scope}-hint`} className="hint">
              {t(`escalations.tokens.scopeHint.${scope}`)}
            </p>
          </div>
        ))}
      </div>
      {invalid ? (
        <span id={field.errorId} className="field-error">
          {field
            .errors!.map((key) => t(`escalations.tokens.${key}`, { defaultValue: errorText(key) }))
            .join(" ")}
        </span>
      ) : null}
    </fieldset>
  );
}

function ScopeBadges({ scopes }: { scopes: readonly ApiScope[] }) {
  const { t } = useTranslation();
  return (
    <span className="row">
      {scopes.map((scope) => (
        <span key={scope} className="badge">
          {t(`escalations.tokens.scopeShort.${scope}`)}
        </span>
      ))}
    </span>
  );
}

/** The SCIM base URL a directory needs beside a scim token. */
function ScimUrl({ url }: { url: string }) {
  const { t } = useTranslation();
  return (
    <p className="hint">
      {t("escalations.tokens.scimUrl")}: <code data-testid="scim-base-url">{url}</code>
    </p>
  );
}

/** expiresAt: already formatted in the tenant's time zone, or null for a token without expiry. */
function CreatedToken({
  name,
  token,
  scopes,
  expiresAt,
  scimBaseUrl,
}: {
  name: string;
  token: string;
  scopes: ApiScope[];
  expiresAt: string | null;
  scimBaseUrl: string;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(token);
    setCopied(true);
  };
  return (
    <section className="card stack" aria-labelledby="created-token-h">
      <h2 id="created-token-h">
        {t("escalations.tokens.createdTitle")}: {name}
      </h2>
      <p>
        {t("escalations.tokens.scopes")}: <ScopeBadges scopes={scopes} />
      </p>
      {scopes.includes("scim") ? <ScimUrl url={scimBaseUrl} /> : null}
      <p>
        {expiresAt
          ? t("escalations.tokens.validUntil", { date: expiresAt })
          : t("escalations.tokens.validForever")}
      </p>
      <p className="alert" role="alert">
        {t("escalations.tokens.createdWarning")}
      </p>
      <div className="row">
        <code className="token-value" data-testid="new-token">
          {token}
        </code>
        <button type="button" className="secondary" onClick={() => void copy()}>
          {copied ? t("escalations.tokens.copied") : t("escalations.tokens.copy")}
        </button>
      </div>
      <span className="visually-hidden" role="status">
        {copied ? t("escalations.tokens.copied") : ""}
      </span>
    </section>
  );
}
