import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation, useRevalidator } from "react-router";
import type { Route } from "./+types/privacy.my-data";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { pageError } from "~/app/lib/errors.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import {
  EXPORT_TTL_DAYS,
  EXPORTS_PER_DAY,
  listMyExports,
  requestMemberExport,
} from "~/app/modules/privacy/export-requests.server.ts";
import { SubmitButton } from "~/app/ui/field.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["myData"], title: "titles.myData" } satisfies I18nHandle;

/** "My data" (GDPR Art. 15/20): what the download contains, "prepare my download", the member's own downloads. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "tenant.view");
  const exports = await withTenant(db, member.tenantId, (tx) => listMyExports(tx, member));
  return { exports, ttlDays: EXPORT_TTL_DAYS, perDay: EXPORTS_PER_DAY };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "tenant.view");
  try {
    await withTenant(db, member.tenantId, (tx) => requestMemberExport(tx, member));
  } catch (error) {
    const { code, status, headers } = pageError(error, ["export_pending", "rate_limited"]);
    return data({ ok: false as const, error: code }, { status, headers });
  }
  return { ok: true as const, error: null };
}

export default function MyData({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const { exports, ttlDays, perDay } = loaderData;
  const date = dateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: tenant.timeZone,
  });
  // a list in the dictionary: checked, not cast
  const listed: unknown = t("myData.contains", { returnObjects: true });
  const contains = Array.isArray(listed) ? listed.map(String) : [];
  const pending = exports.some((e) => e.status === "pending");
  const statusOf = (e: (typeof exports)[number]) =>
    e.status === "ready" && !e.downloadable ? "expired" : e.status;
  return (
    <>
      <h1>{t("myData.title")}</h1>
      <p>{t("myData.lead", { tenant: tenant.name })}</p>

      <section className="card" aria-labelledby="contains-h">
        <h2 id="contains-h">{t("myData.containsTitle")}</h2>
        <ul>
          {contains.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p>{t("myData.notContained")}</p>
        <h3>{t("myData.howTitle")}</h3>
        <p>{t("myData.how", { days: ttlDays, perDay })}</p>
      </section>

      {actionData?.ok ? (
        <p className="notice" role="status" data-testid="export-requested">
          {t("myData.requested")}
        </p>
      ) : null}
      {actionData && !actionData.ok ? (
        <p className="alert" role="alert" data-testid="export-error">
          {t(`myData.errors.${actionData.error}`, { perDay })}
        </p>
      ) : null}

      <Form method="post" className="card">
        <SubmitButton pending={navigation.state === "submitting" && navigation.formMethod === "POST"}>
          {t("myData.prepare")}
        </SubmitButton>
      </Form>

      <section className="card" aria-labelledby="exports-h">
        <div className="row">
          <h2 id="exports-h">{t("myData.listTitle")}</h2>
          {pending ? (
            <button
              type="button"
              onClick={() => void revalidator.revalidate()}
              disabled={revalidator.state !== "idle"}
            >
              {t("myData.refresh")}
            </button>
          ) : null}
        </div>
        {exports.length === 0 ? (
          <p className="empty" data-testid="exports-empty">
            {t("myData.empty")}
          </p>
        ) : (
          <table data-testid="exports" className="stacked">
            <caption className="visually-hidden">{t("myData.listTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("myData.requestedAt")}</th>
                <th scope="col">{t("myData.statusLabel")}</th>
                <th scope="col">{t("myData.expires")}</th>
                <th scope="col">{t("myData.download")}</th>
              </tr>
            </thead>
            <tbody>
              {exports.map((e) => (
                <tr key={e.id} data-status={statusOf(e)}>
                  <th scope="row" className="plain">
                    <time dateTime={new Date(e.createdAt).toISOString()}>
                      {date.format(new Date(e.createdAt))}
                    </time>
                    {e.byOperator ? <span className="hint"> ({t("myData.byOperator")})</span> : null}
                  </th>
                  <td data-label={t("myData.statusLabel")}>{t(`myData.status.${statusOf(e)}`)}</td>
                  <td data-label={t("myData.expires")}>
                    {e.status === "ready" ? (
                      <time dateTime={new Date(e.expiresAt).toISOString()}>
                        {date.format(new Date(e.expiresAt))}
                      </time>
                    ) : (
                      "–"
                    )}
                  </td>
                  <td data-label={t("myData.download")}>
                    {e.downloadable ? (
                      <span className="row">
                        <a className="button secondary" href={`/t/${tenant.slug}/my-data/${e.id}`} download>
                          {t("myData.json")}
                        </a>
                        <Link
                          className="button secondary"
                          to={`/t/${tenant.slug}/my-data/${e.id}?format=html`}
                          reloadDocument
                          target="_blank"
                          rel="noopener"
                        >
                          {t("myData.html")}
                        </Link>
                      </span>
                    ) : (
                      "–"
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
