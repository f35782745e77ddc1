import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/tenant.profile";
import { withTenant } from "~/db/tenant.ts";
import { pageError } from "~/app/lib/errors.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { setUserLocale } from "~/app/modules/auth/set-user-locale.server.ts";
import { getChatDigestChoice } from "~/app/modules/chat/chat-digest-choice.server.ts";
import { subscribeChatDigest } from "~/app/modules/chat/subscribe-chat-digest.server.ts";
import { unsubscribeChatDigest } from "~/app/modules/chat/unsubscribe-chat-digest.server.ts";
import { ErrorNotice } from "~/app/ui/error-notice.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["auth", "chat"], title: "titles.profile" } satisfies I18nHandle;

const ProfileActionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("language"), locale: z.enum(["de", "en", "tenant"]) }),
  z.object({ intent: z.literal("slack-digest"), wanted: z.enum(["on", "off"]) }),
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, session, tenant, member } = await requireMember(request, params);
  const slackDigest = await withTenant(db, member.tenantId, (tx) => getChatDigestChoice(tx, member));
  return {
    locale: session.user.locale,
    tenantLocale: tenant.defaultLocale,
    email: session.user.email,
    // shown while the company's Slack workspace is live, or while the member still has it on (to stop it)
    slackDigest: slackDigest.available || slackDigest.subscribed ? slackDigest : null,
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, session, member } = await requireMember(request, params);
  const submission = parseWithZod(await request.formData(), { schema: ProfileActionInput });
  if (submission.status !== "success") throw new Response("invalid_input", { status: 400 });
  const input = submission.value;
  if (input.intent === "language") {
    await setUserLocale(db, session.user.id, input.locale === "tenant" ? null : input.locale);
    return { saved: "language" as const, error: null };
  }
  try {
    await withTenant(db, member.tenantId, (tx) =>
      input.wanted === "on" ? subscribeChatDigest(tx, member) : unsubscribeChatDigest(tx, member),
    );
  } catch (error) {
    const { code, status } = pageError(error, ["slack_digest_unavailable"]);
    return data({ saved: null, error: code }, { status });
  }
  return {
    saved: input.wanted === "on" ? ("slackDigestOn" as const) : ("slackDigestOff" as const),
    error: null,
  };
}

export default function Profile({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const digest = loaderData.slackDigest;
  return (
    <>
      <h1>{t("auth.profile.title")}</h1>
      <p>{loaderData.email}</p>
      <Form method="post" className="card stack">
        <input type="hidden" name="intent" value="language" />
        <label htmlFor="locale">
          {t("auth.profile.language")}
          <select id="locale" name="locale" defaultValue={loaderData.locale ?? "tenant"}>
            <option value="tenant">
              {t("auth.profile.languageTenant", { language: t(`languages.${loaderData.tenantLocale}`) })}
            </option>
            <option value="de">{t("languages.de")}</option>
            <option value="en">{t("languages.en")}</option>
          </select>
        </label>
        <div className="row">
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("save")}
          </button>
          {actionData?.saved === "language" ? (
            <span className="notice" role="status">
              {t("auth.profile.saved")}
            </span>
          ) : null}
        </div>
      </Form>
      {digest ? (
        <section className="card stack" aria-labelledby="slack-digest-h">
          <h2 id="slack-digest-h">{t("chat.personal.title")}</h2>
          {digest.available ? (
            <>
              <p>{t("chat.personal.lead", { team: digest.teamName ?? "Slack" })}</p>
              <p>{t("chat.personal.noFigures")}</p>
              <p>{t("chat.personal.howFound", { email: loaderData.email })}</p>
            </>
          ) : (
            <p className="warning">{t("chat.personal.gone")}</p>
          )}
          <p>{t("chat.personal.howStop")}</p>
          <p>
            <strong>{t(digest.subscribed ? "chat.personal.statusOn" : "chat.personal.statusOff")}</strong>
          </p>
          <Form method="post" className="row">
            <input type="hidden" name="intent" value="slack-digest" />
            <input type="hidden" name="wanted" value={digest.subscribed ? "off" : "on"} />
            <button
              type="submit"
              className={digest.subscribed ? "secondary" : undefined}
              disabled={navigation.state === "submitting"}
            >
              {t(digest.subscribed ? "chat.personal.unsubscribe" : "chat.personal.subscribe")}
            </button>
            {actionData?.saved === "slackDigestOn" || actionData?.saved === "slackDigestOff" ? (
              <span className="notice" role="status">
                {t(
                  actionData.saved === "slackDigestOn"
                    ? "chat.personal.subscribed"
                    : "chat.personal.unsubscribed",
                )}
              </span>
            ) : null}
          </Form>
          {actionData?.error ? <ErrorNotice errors={[actionData.error]} area="chat" /> : null}
        </section>
      ) : null}
      <section className="card stack" aria-labelledby="sessions-h">
        <h2 id="sessions-h">{t("auth.profile.sessionsTitle")}</h2>
        <p>{t("auth.profile.sessionsLead")}</p>
        <Form method="post" action="/logout">
          <input type="hidden" name="everywhere" value="1" />
          <button type="submit" className="danger">
            {t("auth.profile.signOutEverywhere")}
          </button>
        </Form>
      </section>
    </>
  );
}
