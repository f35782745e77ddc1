import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/privacy.paper";
import { useTenantData } from "./tenant";
import { LOCALES } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";
import { requireMember } from "~/modules/auth/require.server";
import { readerLocale } from "~/modules/freshness/freshness.server";
import { PaperParam } from "~/modules/privacy/papers";
import { renderPaper } from "~/modules/privacy/papers.server";
import { Markdown } from "~/ui/markdown";

const PaperQuery = z.object({
  format: z.enum(["html", "md", "pdf"]).default("html"),
  lang: z.enum(LOCALES).optional(),
});

/**
 * GET /t/:tenant/privacy/:paper[?format=md|pdf][&lang=de|en]: the works agreement draft, the record
 * of processing or the DPIA outline, filled from the tenant's configuration. Every member may read
 * them: they describe the programme and hold nothing personal. Unknown papers are 404.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireMember(request, params, "tenant.view");
  const paper = PaperParam.safeParse(params.paper);
  if (!paper.success) throw new Response("not_found", { status: 404, statusText: "Not Found" });
  const url = new URL(request.url);
  const query = PaperQuery.safeParse({ format: url.searchParams.get("format") ?? undefined, lang: url.searchParams.get("lang") ?? undefined });
  if (!query.success) throw new Response("invalid_query: format is html, md or pdf; lang is de or en", { status: 400, statusText: "Bad Request" });
  const locale = query.data.lang ?? readerLocale(request, ctx);
  const { db, tenant } = ctx;
  const rendered = await withTenant(db, tenant.id, (tx) => renderPaper(tx, tenant, paper.data, locale, query.data.format));
  if (rendered.format !== "html") {
    return new Response(typeof rendered.body === "string" ? rendered.body : new Uint8Array(rendered.body), {
      headers: {
        "Content-Type": rendered.contentType,
        "Content-Disposition": `attachment; filename="${rendered.filename}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  }
  return { paper: rendered.kind, locale: rendered.locale, title: rendered.title, markdown: rendered.markdown };
}

export const meta: Route.MetaFunction = () => [{ title: "Chorus" }];

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
        <a href={`${base}/${paper}?format=md&lang=${locale}`} download>
          {t("dataMap.downloadMd")}
        </a>
        <a href={`${base}/${paper}?format=pdf&lang=${locale}`} download>
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
