import { useTranslation } from "react-i18next";
import { data, Link, redirect } from "react-router";
import type { Route } from "./+types/sso.callback";
import { database } from "~/db/client.ts";
import { logger } from "~/runtime/logger.server.ts";
import { DomainError } from "~/app/lib/errors.ts";
import { TOKEN_PAGE_REFERRER_POLICY } from "~/app/lib/referrer-policy.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { useErrorText } from "~/app/ui/error-notice.tsx";
import { completeSsoSignIn } from "~/app/modules/sso/complete-sso-sign-in.server.ts";
import { clearSsoFlowCookie } from "~/app/modules/sso/sso-flow-cookie.server.ts";

export const handle = { i18n: ["sso"], title: "titles.ssoCallback" } satisfies I18nHandle;

/** The code and state are in this page's URL: no Referer carries them off, no cache keeps the page. */
export function headers(): HeadersInit {
  return { "Referrer-Policy": TOKEN_PAGE_REFERRER_POLICY, "Cache-Control": "no-store" };
}

/**
 * The identity provider sends the person back here (one redirect URI for every tenant): finish the
 * sign-in (or an admin's domain verification) and land in the tenant, or say why not. The flow's
 * cookie is cleared either way. A refusal is logged with its reason and shown as a page in the
 * person's language, never as a stack.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const { db } = await database();
  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append("Set-Cookie", clearSsoFlowCookie());
  try {
    const outcome = await completeSsoSignIn(db, request);
    if (outcome.sessionCookie) headers.append("Set-Cookie", outcome.sessionCookie);
    const to = outcome.verifiedDomain
      ? `${outcome.redirectTo}${outcome.redirectTo.includes("?") ? "&" : "?"}sso_domain_verified=${encodeURIComponent(outcome.verifiedDomain)}`
      : outcome.redirectTo;
    logger.info({ tenantId: outcome.tenantId, purpose: outcome.purpose }, "sso sign-in completed");
    return redirect(to, { headers });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    logger.warn({ code: error.code, err: error.message }, "sso sign-in refused");
    return data({ error: error.code }, { status: error.status, headers });
  }
}

export default function SsoCallback({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const errorText = useErrorText("sso");
  return (
    <main id="main" className="page narrow signed-out">
      <p className="brand">{t("appName")}</p>
      <h1>{t("sso.callback.title")}</h1>
      <p className="alert" role="alert">
        {errorText(loaderData.error)}
      </p>
      <p>{t("sso.callback.lead")}</p>
      <Link className="button" to="/login">
        {t("sso.callback.tryAgain")}
      </Link>
    </main>
  );
}
