import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, redirect, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.billing";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { codeOf, ERROR_CODES } from "~/app/lib/errors.ts";
import { logger } from "~/runtime/logger.server.ts";
import { resolveLocale } from "~/app/lib/i18n/resolve-locale.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { startCheckout } from "~/app/modules/billing/checkout.server.ts";
import { loadBillingOverview } from "~/app/modules/billing/overview.server.ts";
import { PAID_PLANS } from "~/app/modules/billing/plans.ts";
import { openCustomerPortal } from "~/app/modules/billing/portal.server.ts";
import { useFormatDate } from "~/app/ui/content-bits.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { numberFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["billing", "content"], title: "titles.billing" } satisfies I18nHandle;

/** The billing page's buttons: start a checkout for a plan, or open Stripe's customer portal. */
const BillingActionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("checkout"), plan: z.enum(PAID_PLANS) }),
  z.object({ intent: z.literal("portal") }),
]);

type ActionError = "invalid" | "already_subscribed" | "no_customer" | "billing_off" | "stripe_unavailable";

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, tenant } = await requireMember(request, params, "billing.manage");
  return { overview: await loadBillingOverview(db, tenant.id) };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member, tenant, session } = await requireMember(request, params, "billing.manage");
  const submission = parseWithZod(await request.formData(), { schema: BillingActionInput });
  if (submission.status !== "success") return data({ error: "invalid" as ActionError }, { status: 400 });
  const input = submission.value;
  const locale = resolveLocale(request, {
    signedIn: true,
    userLocale: session.user.locale,
    tenantLocale: tenant.defaultLocale,
  });
  try {
    const { url } =
      input.intent === "checkout"
        ? await startCheckout(db, member, tenant, input.plan, locale)
        : await openCustomerPortal(db, tenant, locale);
    return redirect(url);
  } catch (error) {
    const refused = codeOf(error, ["already_subscribed", "no_customer", "billing_off"]);
    if (refused) return data({ error: refused as ActionError }, { status: ERROR_CODES[refused].status });
    // Stripe unreachable or refusing: say so on the page, nothing was changed
    logger.error({ err: error, tenantId: tenant.id }, "billing action failed");
    return data({ error: "stripe_unavailable" as ActionError }, { status: 502 });
  }
}

export default function Billing({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const navigation = useNavigation();
  const [search] = useSearchParams();
  const formatDate = useFormatDate(tenant.timeZone);
  const { overview } = loaderData;
  const pending = navigation.state !== "idle";
  const checkout = search.get("checkout");

  if (!overview.enabled) {
    return (
      <>
        <h1>{t("billing.title")}</h1>
        <p className="empty">{t("billing.notConfigured")}</p>
      </>
    );
  }
  const { access } = overview;
  const money = (amount: number, currency: string) =>
    numberFormat(i18n.language, { style: "currency", currency: currency.toUpperCase() }).format(amount / 100);

  return (
    <>
      <h1>{t("billing.title")}</h1>
      {checkout === "success" ? (
        <p className="notice" role="status">
          {t("billing.checkoutSuccess")}
        </p>
      ) : null}
      {checkout === "cancelled" ? (
        <p className="notice" role="status">
          {t("billing.checkoutCancelled")}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="alert" role="alert">
          {t(`billing.errors.${actionData.error}`)}
        </p>
      ) : null}

      <section className="card stack" aria-labelledby="plan-h">
        <h2 id="plan-h">{t("billing.currentPlan", { plan: t(`billing.plans.${access.plan}`) })}</h2>
        <p className={access.phase === "paused" || access.phase === "grace" ? "alert" : undefined}>
          {t(`billing.phase.${access.phase}`, {
            trialEnds: formatDate(access.trialEndsAt),
            graceEnds: formatDate(access.graceEndsAt),
          })}
        </p>
        <dl>
          <dt>{t("billing.seatsUsed")}</dt>
          <dd>{overview.seatsUsed}</dd>
          <dt>{t("billing.seatsPaid")}</dt>
          <dd>{overview.seatsPaid ?? t("billing.none")}</dd>
          <dt>{t("billing.nextInvoice")}</dt>
          <dd>
            {overview.nextInvoiceAt
              ? formatDate(overview.nextInvoiceAt)
              : overview.cancelAtPeriodEnd
                ? t("billing.endsAtPeriodEnd")
                : t("billing.none")}
          </dd>
        </dl>
        {access.features.maxAdvocates !== null ? (
          <p className="hint">{t("billing.freeLimit", { max: access.features.maxAdvocates })}</p>
        ) : null}
      </section>

      <section className="card stack" aria-labelledby="change-h">
        <h2 id="change-h">{overview.canCheckout ? t("billing.upgradeTitle") : t("billing.manageTitle")}</h2>
        {overview.canCheckout ? (
          <>
            <p>{t("billing.upgradeLead", { seats: Math.max(1, overview.seatsUsed) })}</p>
            <div className="row">
              {PAID_PLANS.map((plan) => (
                <Form method="post" key={plan}>
                  <input type="hidden" name="intent" value="checkout" />
                  <input type="hidden" name="plan" value={plan} />
                  <button
                    type="submit"
                    disabled={pending}
                    aria-busy={pending}
                    className={plan === "team" ? undefined : "secondary"}
                  >
                    {t("billing.upgradeTo", { plan: t(`billing.plans.${plan}`) })}
                  </button>
                </Form>
              ))}
            </div>
            <p className="hint">{t("billing.planSummary")}</p>
          </>
        ) : null}
        {overview.hasCustomer ? (
          <Form method="post">
            <input type="hidden" name="intent" value="portal" />
            <button
              type="submit"
              className={overview.canCheckout ? "secondary" : undefined}
              disabled={pending}
              aria-busy={pending}
            >
              {t("billing.openPortal")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card stack" aria-labelledby="invoices-h">
        <h2 id="invoices-h">{t("billing.invoices")}</h2>
        {overview.invoices === null ? (
          <p className="alert" role="alert">
            {t("billing.invoicesUnavailable")}
          </p>
        ) : overview.invoices.length === 0 ? (
          <p className="empty">{t("billing.noInvoices")}</p>
        ) : (
          <table className="stacked">
            <thead>
              <tr>
                <th scope="col">{t("billing.invoiceDate")}</th>
                <th scope="col">{t("billing.invoiceNumber")}</th>
                <th scope="col">{t("billing.invoiceTotal")}</th>
                <th scope="col">{t("billing.invoiceStatus")}</th>
              </tr>
            </thead>
            <tbody>
              {overview.invoices.map((inv) => (
                <tr key={inv.id}>
                  <td data-label={t("billing.invoiceDate")}>{formatDate(inv.createdAt)}</td>
                  <td data-label={t("billing.invoiceNumber")}>
                    {inv.url ? <a href={inv.url}>{inv.number ?? inv.id}</a> : (inv.number ?? inv.id)}
                  </td>
                  <td data-label={t("billing.invoiceTotal")}>{money(inv.total, inv.currency)}</td>
                  <td data-label={t("billing.invoiceStatus")}>
                    {inv.status
                      ? t(`billing.invoiceStatuses.${inv.status}`, { defaultValue: inv.status })
                      : ""}
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
