import { useTranslation } from "react-i18next";
import { Link, redirect } from "react-router";
import type { Route } from "./+types/privacy.paper";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { readerLocale } from "~/app/modules/freshness/freshness.server.ts";
import { PaperParam, PaperQuery } from "~/app/modules/privacy/papers.ts";
import { paperPage } from "~/app/modules/privacy/papers.server.ts";
import { Markdown } from "~/app/ui/markdown.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["content", "dataMap"], title: "titles.privacyPaper" } satisfies I18nHandle;

/**
 * GET /t/:tenant/privacy/:paper[?lang=de|en]: the works agreement draft, the record of processing
 * or the DPIA outline, filled from the tenant's configuration. Every member may read them: they
 * describe the programme and hold nothing personal. Unknown papers are 404. `?format=md|pdf` is
 * sent on to the download route (a page route cannot answer with a file).
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireMember(request, params, "tenant.view");
  const paper = PaperParam.safeParse(params.paper);
  if (!paper.success) throw new Response("not_found", { status: 404, statusText: "Not Found" });
  const url = new URL(request.url);
  const query = PaperQuery.safeParse({
    format: url.searchParams.get("format") ?? undefined,
    lang: url.searchParams.get("lang") ?? undefined,
  });
  if (!query.success)
    throw new Response("invalid_query: format is html, md or pdf; lang is de or en", {
      status: 400,
      statusText: "Bad Request",
    });
  const { db, tenant } = ctx;
  const locale = query.data.lang ?? readerLocale(request, ctx);
  if (query.data.format !== "html")
    throw redirect(
      `/t/${tenant.slug}/privacy/${paper.data}/download?format=${query.data.format}&lang=${locale}`,
    );
  const page = await withTenant(db, tenant.id, (tx) => paperPage(tx, tenant, paper.data, locale));
  return { paper: page.kind, locale: page.locale, title: page.title, markdown: page.markdown };
}

export default function PaperPage({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { tenant } = useTenantData();
  const { paper, locale, title, markdown } = loaderData;
  // the paper's own "# title" becomes the page's h1, and its "## sections" (h3 in the renderer) move up to h2
  const body = markdown.replace(/^# .*\n/, "").replace(/^##/gm, "#");
  const base = `/t/${tenant.slug}/privacy`;
  const other = locale === "de" ? "en" : "de";
  return (
    <>
      <p>
        <Link to={base}>{t("dataMap.back")}</Link>
      </p>
      <p className="row" data-testid="paper-links">
        <a href={`${base}/${paper}/download?format=md&lang=${locale}`} download>
          {t("dataMap.downloadMd")}
        </a>
        <a href={`${base}/${paper}/download?format=pdf&lang=${locale}`} download>
          {t("dataMap.downloadPdf")}
        </a>
        <Link to={`${base}/${paper}?lang=${other}`} lang={other} hrefLang={other}>
          {other === "de" ? "Deutsch" : "English"}
        </Link>
      </p>
      <article lang={locale} data-testid="paper">
        <h1>{title}</h1>
        <Markdown source={body} className="paper" />
      </article>
    </>
  );
}
