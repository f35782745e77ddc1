import { TOKEN_PAGE_REFERRER_POLICY } from "~/app/lib/referrer-policy.ts";
import { useTranslation } from "react-i18next";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/login.verify";
import { database } from "~/db/client.ts";
import { serializeSessionCookie } from "~/app/modules/auth/cookie.server.ts";
import { consumeSignInLink } from "~/app/modules/auth/consume-sign-in-link.server.ts";
import { SafeText } from "~/app/lib/validation.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["auth", "sso"], title: "titles.loginVerify" } satisfies I18nHandle;

/** The sign-in button's form: the link's token (missing or unreadable: an invalid link). */
const RedeemSignInLinkInput = z.object({ token: SafeText.optional() });

/**
 * GET only shows a button; the POST redeems the link. Mail scanners (Outlook Safe Links and the
 * like) fetch links before the person does, and would otherwise burn a single-use link.
 */
export function loader({ request }: Route.LoaderArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return { token, invalid: false };
}

/**
 * The sign-in token is in this page's URL and HTML: no link or resource on it may carry it off in a
 * Referer, and no cache or back button may keep it.
 */
export function headers(): HeadersInit {
  return { "Referrer-Policy": TOKEN_PAGE_REFERRER_POLICY, "Cache-Control": "no-store" };
}

export async function action({ request }: Route.ActionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: RedeemSignInLinkInput });
  if (submission.status !== "success") return { invalid: true, ssoRequired: false };
  const { db } = await database();
  const result = await consumeSignInLink(db, submission.value.token ?? "");
  // mailed before the company required single sign-on for the address: used up, no session
  if (!result.ok) return { invalid: true, ssoRequired: result.reason === "sso_required" };
  return redirect(result.tenantSlug ? `/t/${result.tenantSlug}` : "/tenants", {
    headers: { "Set-Cookie": serializeSessionCookie(result.token, result.expiresAt) },
  });
}

export default function Verify({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  if (actionData?.invalid || !loaderData.token) {
    return (
      <main id="main" className="page narrow signed-out">
        <p className="brand">{t("appName")}</p>
        <h1>{t("auth.verify.invalidTitle")}</h1>
        <p className="alert" role="alert">
          {actionData?.ssoRequired ? t("sso.login.linkRefused") : t("auth.verify.invalid")}
        </p>
        <Link className="button" to="/login">
          {t("auth.verify.requestNew")}
        </Link>
      </main>
    );
  }
  return (
    <main id="main" className="page narrow signed-out">
      <p className="brand">{t("appName")}</p>
      <h1>{t("auth.verify.title")}</h1>
      <p>{t("auth.verify.lead")}</p>
      <Form method="post" className="actions">
        <input type="hidden" name="token" value={loaderData.token} />
        <button type="submit" autoFocus disabled={navigation.state === "submitting"}>
          {t("auth.verify.submit")}
        </button>
      </Form>
    </main>
  );
}
