import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import { z } from "zod";
import type { IdentityProviderKind } from "~/db/tables/identity.ts";
import type { TextKey } from "~/app/lib/i18n/keys.ts";
import { SsoDomainInput } from "~/app/modules/sso/sso-schemas.ts";
import { CopyValue } from "~/app/ui/copy-value.tsx";
import { ErrorNotice } from "~/app/ui/error-notice.tsx";
import { SubmitButton, TextField } from "~/app/ui/field.tsx";

const AddDomainForm = SsoDomainInput.extend({ intent: z.literal("add-domain") });

export interface SsoDomainRow {
  domain: string;
  verifiedAt: string | Date | null;
  verifiedBy: "dns" | "sso" | null;
  requireSso: boolean;
  record: { name: string; value: string };
  alsoVerifiedElsewhere: boolean;
}

interface RowActionData {
  intent: string;
  domain?: string | undefined;
  notice?: TextKey | undefined;
  result: SubmissionResult<string[]>;
}

/**
 * The admin page's domains (admin.sso.tsx): the claim form, then every claim with its state, the TXT
 * record to add, and its actions. A row action's answer (notice or error) shows in its own row.
 */
export function SsoDomainList({
  domains,
  provider,
  actionData,
  addResult,
  pending,
  pendingDomain,
}: {
  domains: SsoDomainRow[];
  provider: { kind: IdentityProviderKind; enabled: boolean } | null;
  actionData: RowActionData | undefined;
  addResult: SubmissionResult<string[]> | undefined;
  pending: string | null;
  pendingDomain: string | undefined;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "sso-add-domain",
    lastResult: addResult,
    constraint: getZodConstraint(AddDomainForm),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddDomainForm }),
  });
  const errorText = (key: string) =>
    t([`sso.errors.${key}`, `validation.${key}`] as TextKey[], { defaultValue: t("sso.errors.generic") });
  // a Microsoft or Google provider proves the domain with the person's signed-in address
  const proveBySignIn = provider?.enabled && provider.kind !== "oidc";
  return (
    <section className="card stack" aria-labelledby="sso-domains-h">
      <h2 id="sso-domains-h">{t("sso.domains.title")}</h2>
      <p>{t("sso.domains.lead")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="add-domain" />
        <ErrorNotice area="sso" errors={form.errors} />
        <TextField
          field={fields.domain}
          label={t("sso.domains.domain")}
          hint={t("sso.domains.domainHint")}
          autoComplete="off"
          errorText={errorText}
        />
        <div>
          <SubmitButton pending={pending === "add-domain"}>{t("sso.domains.add")}</SubmitButton>
        </div>
      </Form>
      {domains.length === 0 ? (
        <p className="empty">{t("sso.domains.empty")}</p>
      ) : (
        <ul className="entry-list stack" aria-label={t("sso.domains.title")}>
          {domains.map((d) => {
            const own = actionData?.domain === d.domain && actionData.intent !== "add-domain";
            const errors = own
              ? [...(actionData.result.error?.[""] ?? []), ...(actionData.result.error?.domain ?? [])]
              : [];
            const busy = (intent: string) => pending === intent && pendingDomain === d.domain;
            const id = `sso-domain-${d.domain.replace(/[^a-z0-9]/g, "-")}`;
            return (
              <li key={d.domain} className="stack stack-sm" aria-labelledby={`${id}-h`}>
                <div className="toolbar">
                  <h3 id={`${id}-h`}>{d.domain}</h3>
                  {d.verifiedAt ? (
                    <span className="badge ok">
                      {t(d.verifiedBy === "sso" ? "sso.domains.verifiedBySso" : "sso.domains.verifiedByDns")}
                    </span>
                  ) : (
                    <span className="badge warn">{t("sso.domains.unverified")}</span>
                  )}
                </div>
                {own && actionData.notice ? (
                  <p className="notice" role="status">
                    {t(actionData.notice, { domain: d.domain })}
                  </p>
                ) : null}
                <ErrorNotice area="sso" errors={errors} />
                {d.alsoVerifiedElsewhere ? <p className="warning">{t("sso.domains.elsewhere")}</p> : null}
                {d.verifiedAt ? null : (
                  <>
                    <p>{t("sso.domains.recordHowTo")}</p>
                    <CopyValue
                      id={`${id}-name`}
                      label={t("sso.domains.recordName")}
                      hint={t("sso.domains.recordNameHint", { domain: d.domain })}
                      value={d.record.name}
                      copyText={t("sso.admin.copy")}
                      copiedText={t("sso.admin.copied")}
                    />
                    <CopyValue
                      id={`${id}-value`}
                      label={t("sso.domains.recordValue")}
                      value={d.record.value}
                      copyText={t("sso.admin.copy")}
                      copiedText={t("sso.admin.copied")}
                    />
                    <div className="cluster">
                      <Form method="post">
                        <input type="hidden" name="intent" value="verify-dns" />
                        <input type="hidden" name="domain" value={d.domain} />
                        <SubmitButton pending={busy("verify-dns")}>{t("sso.domains.verifyDns")}</SubmitButton>
                      </Form>
                      {proveBySignIn ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="verify-sso" />
                          <input type="hidden" name="domain" value={d.domain} />
                          <SubmitButton pending={busy("verify-sso")} className="secondary">
                            {t("sso.domains.verifySso")}
                          </SubmitButton>
                        </Form>
                      ) : null}
                    </div>
                    {proveBySignIn ? <p className="hint">{t("sso.domains.verifySsoHint")}</p> : null}
                  </>
                )}
                {d.verifiedAt ? (
                  <Form method="post" className="stack stack-sm">
                    <input type="hidden" name="intent" value="require" />
                    <input type="hidden" name="domain" value={d.domain} />
                    {d.requireSso ? null : <input type="hidden" name="required" value="on" />}
                    <p>{t(d.requireSso ? "sso.domains.requiredOn" : "sso.domains.requiredOff")}</p>
                    {d.requireSso ? null : <p className="hint">{t("sso.domains.requireHint")}</p>}
                    <div>
                      <SubmitButton pending={busy("require")} className="secondary">
                        {t(d.requireSso ? "sso.domains.allowLinks" : "sso.domains.require")}
                      </SubmitButton>
                    </div>
                  </Form>
                ) : null}
                <details>
                  <summary
                    className="button secondary"
                    aria-label={t("sso.domains.removeLabel", { domain: d.domain })}
                  >
                    {t("sso.domains.remove")}
                  </summary>
                  <Form method="post" className="stack stack-sm revoke-confirm">
                    <input type="hidden" name="intent" value="remove-domain" />
                    <input type="hidden" name="domain" value={d.domain} />
                    <p>{t("sso.domains.removeConfirm", { domain: d.domain })}</p>
                    <div>
                      <button type="submit" className="danger" disabled={busy("remove-domain")}>
                        {t("sso.domains.remove")}
                      </button>
                    </div>
                  </Form>
                </details>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
