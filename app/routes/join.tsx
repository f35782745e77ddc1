import { TOKEN_PAGE_REFERRER_POLICY } from "~/app/lib/referrer-policy.ts";
import { useTranslation } from "react-i18next";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/join";
import { database } from "~/db/client.ts";
import { serializeSessionCookie } from "~/app/modules/auth/cookie.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import { ssoRequiredForEmail } from "~/app/modules/sso/sso-required.server.ts";
import { acceptInvitation, findInvitation } from "~/app/modules/tenancy/accept-invitation.server.ts";
import { LanguageSwitch } from "~/app/ui/language-switch.tsx";
import { SafeText } from "~/app/lib/validation.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["auth"], title: "titles.join" } satisfies I18nHandle;

/** The accept button's form: the invitation's token (missing or unreadable: no valid invitation). */
const AcceptInvitationInput = z.object({ token: SafeText.optional() });

/**
 * The invitation link lands here. GET only shows the invitation; the POST accepts it. Mail
 * scanners (Outlook Safe Links and the like) fetch links before the person does and would
 * otherwise use up a single-use invitation. No membership is required: this is how people get one.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const { db } = await database();
  const invitation = await findInvitation(db, params.tenant, token);
  // Used, withdrawn, expired or made up: the page explains it, the status tells crawlers and scanners.
  return data({ token, invitation: invitation ?? null }, { status: invitation ? 200 : 404 });
}

export async function action({ request, params }: Route.ActionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: AcceptInvitationInput });
  if (submission.status !== "success") return data({ invalid: true }, { status: 410 });
  const { db } = await database();
  const accepted = await acceptInvitation(db, params.tenant, submission.value.token ?? "");
  if (!accepted.ok) return data({ invalid: true }, { status: 410 });
  // A company that requires single sign-on for the address's domain takes no e-mailed link as a
  // sign-in, an invitation's included: the membership is made, the person signs in through the
  // company's identity provider (the sign-in page offers it for the company named in redirectTo).
  if (await ssoRequiredForEmail(db, accepted.email))
    return { invalid: false, tenantSlug: accepted.tenantSlug };
  // Opening the emailed link proved the address: this is a sign-in, with a fresh session.
  const session = await createSession(db, accepted.userId);
  return redirect(`/t/${accepted.tenantSlug}`, {
    headers: { "Set-Cookie": serializeSessionCookie(session.token, session.expiresAt) },
  });
}

/**
 * The invitation token is in this page's URL and HTML: the Referrer-Policy header covers what the meta
 * tag cannot (redirects, early requests), and no cache or back button may keep the page.
 */
export function headers(): HeadersInit {
  return { "Referrer-Policy": TOKEN_PAGE_REFERRER_POLICY, "Cache-Control": "no-store" };
}

export function meta() {
  // The token is in the URL: keep it out of referrers and search engines.
  return [
    { name: "referrer", content: TOKEN_PAGE_REFERRER_POLICY },
    { name: "robots", content: "noindex" },
  ];
}

export default function Join({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const { invitation, token } = loaderData;
  if (actionData && "tenantSlug" in actionData) {
    return (
      <main id="main" className="page narrow signed-out">
        <p className="brand">{t("appName")}</p>
        <h1>{t("auth.join.joinedTitle", { company: invitation?.tenantName ?? "" })}</h1>
        <p role="status">{t("auth.join.ssoRequired")}</p>
        <p>
          <Link
            className="button"
            to={`/login?redirectTo=${encodeURIComponent(`/t/${actionData.tenantSlug}`)}`}
          >
            {t("auth.join.ssoSignIn")}
          </Link>
        </p>
        <LanguageSwitch />
      </main>
    );
  }
  if (actionData?.invalid || !invitation) {
    return (
      <main id="main" className="page narrow signed-out">
        <p className="brand">{t("appName")}</p>
        <h1>{t("auth.join.invalidTitle")}</h1>
        <p className="alert" role="alert">
          {t("auth.join.invalid")}
        </p>
        <p>
          <Link className="button secondary" to="/login">
            {t("auth.landing.signIn")}
          </Link>
        </p>
        <LanguageSwitch />
      </main>
    );
  }
  const roles = invitation.roles.map((r) => t(`roles.${r}`)).join(", ");
  return (
    <main id="main" className="page narrow signed-out">
      <p className="brand">{t("appName")}</p>
      <h1>{t("auth.join.title", { company: invitation.tenantName })}</h1>
      <div className="card stack">
        <p>{t("auth.join.lead", { inviter: invitation.inviterName ?? invitation.tenantName, roles })}</p>
        <p className="hint">
          {invitation.inviteeName} · {invitation.email}
        </p>
        <Form method="post" className="actions">
          <input type="hidden" name="token" value={token} />
          <button
            type="submit"
            autoFocus
            disabled={navigation.state === "submitting"}
            aria-busy={navigation.state === "submitting"}
          >
            {t("auth.join.submit")}
          </button>
        </Form>
      </div>
      <LanguageSwitch />
    </main>
  );
}
