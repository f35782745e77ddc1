import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation } from "react-router";
import type { Route } from "./+types/guidelines";
import { withTenant } from "~/db/tenant.ts";
import { pageError } from "~/app/lib/errors.ts";
import { getAdvocateStatus } from "~/app/modules/advocacy/advocate-status.server.ts";
import {
  acknowledgeGuidelines,
  getAcknowledgement,
  getCurrentGuidelines,
} from "~/app/modules/advocacy/guidelines.server.ts";
import { AcknowledgeGuidelinesInput } from "~/app/modules/advocacy/schemas.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { useLocale } from "~/app/ui/advocacy.tsx";
import { useFormatDate } from "~/app/ui/content-bits.tsx";
import { Markdown } from "~/app/ui/markdown.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["advocacy", "content"], title: "titles.guidelines" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member, tenant } = await requireMember(request, params, "advocacy.join");
  return withTenant(db, member.tenantId, async (tx) => {
    const guidelines = await getCurrentGuidelines(tx, member.tenantId);
    const acknowledgedAt = guidelines ? await getAcknowledgement(tx, member, guidelines.version) : null;
    const { optedIn } = await getAdvocateStatus(tx, member);
    return { guidelines, acknowledgedAt, optedIn, tenantSlug: tenant.slug, timeZone: tenant.timeZone };
  });
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "advocacy.join");
  const submission = parseWithZod(await request.formData(), { schema: AcknowledgeGuidelinesInput });
  if (submission.status !== "success") throw new Response("invalid_input", { status: 400 });
  const { version } = submission.value;
  try {
    await withTenant(db, member.tenantId, (tx) => acknowledgeGuidelines(tx, member, version));
  } catch (error) {
    const { code, status } = pageError(error, ["guidelines_outdated"]);
    return data({ error: code }, { status });
  }
  return { error: null };
}

export default function GuidelinesPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const locale = useLocale();
  const formatDate = useFormatDate(loaderData.timeZone);
  const { guidelines, acknowledgedAt, optedIn, tenantSlug } = loaderData;

  if (!guidelines) {
    return (
      <>
        <h1>{t("advocacy.guidelines.title")}</h1>
        <p className="card">{t("advocacy.guidelines.empty")}</p>
      </>
    );
  }

  // the reader's language, or the other one when the admin left it empty
  const preferred = locale === "de" ? guidelines.bodyDe : guidelines.bodyEn;
  const fallbackLocale = locale === "de" ? "en" : "de";
  const body = preferred || (locale === "de" ? guidelines.bodyEn : guidelines.bodyDe);
  const usesFallback = !preferred;

  return (
    <>
      <h1>{t("advocacy.guidelines.title")}</h1>
      <p className="hint">
        {t("advocacy.guidelines.meta", {
          version: guidelines.version,
          date: formatDate(guidelines.publishedAt),
        })}
      </p>
      {usesFallback ? <p className="hint">{t("advocacy.guidelines.fallback")}</p> : null}
      <article className="card" lang={usesFallback ? fallbackLocale : locale}>
        <Markdown source={body} />
      </article>
      {actionData?.error ? (
        <p className="field-error" role="alert">
          {t(`advocacy.errors.${actionData.error}`)}
        </p>
      ) : null}
      {acknowledgedAt ? (
        <p className="notice" role="status">
          {t("advocacy.guidelines.acknowledged", { date: formatDate(acknowledgedAt) })}
        </p>
      ) : (
        <Form method="post" className="row">
          <input type="hidden" name="version" value={guidelines.version} />
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("advocacy.guidelines.accept")}
          </button>
        </Form>
      )}
      {acknowledgedAt && !optedIn ? (
        <p>
          <Link to={`/t/${tenantSlug}/advocacy`}>{t("advocacy.guidelines.joinHint")}</Link>
        </p>
      ) : null}
    </>
  );
}
