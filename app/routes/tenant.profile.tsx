import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/tenant.profile";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { setUserLocale } from "~/app/modules/auth/set-user-locale.server.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["auth"], title: "titles.profile" } satisfies I18nHandle;

const SetProfileLanguageInput = z.object({ locale: z.enum(["de", "en", "tenant"]) });

export async function loader({ request, params }: Route.LoaderArgs) {
  const { session, tenant } = await requireMember(request, params);
  return { locale: session.user.locale, tenantLocale: tenant.defaultLocale, email: session.user.email };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, session } = await requireMember(request, params);
  const submission = parseWithZod(await request.formData(), { schema: SetProfileLanguageInput });
  if (submission.status !== "success") throw new Response("invalid_input", { status: 400 });
  const { locale } = submission.value;
  await setUserLocale(db, session.user.id, locale === "tenant" ? null : locale);
  return { saved: true };
}

export default function Profile({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  return (
    <>
      <h1>{t("auth.profile.title")}</h1>
      <p>{loaderData.email}</p>
      <Form method="post" className="card stack">
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
          {actionData?.saved ? (
            <span className="notice" role="status">
              {t("auth.profile.saved")}
            </span>
          ) : null}
        </div>
      </Form>
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
