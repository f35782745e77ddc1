import type { Route } from "./+types/privacy.paper.download";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { readerLocale } from "~/app/modules/freshness/freshness.server.ts";
import { PaperParam, PaperQuery } from "~/app/modules/privacy/papers.ts";
import { paperFile } from "~/app/modules/privacy/papers.server.ts";

/**
 * GET /t/:tenant/privacy/:paper/download?format=md|pdf[&lang=de|en]: a paper as a file. A resource
 * route of its own because a page route's loader cannot answer a document request with a file;
 * the paper page's `?format=md|pdf` links land here. Every member may download: nothing personal.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireMember(request, params, "tenant.view");
  const paper = PaperParam.safeParse(params.paper);
  if (!paper.success)
    return new Response("There is no such paper.\n", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const url = new URL(request.url);
  const query = PaperQuery.safeParse({
    format: url.searchParams.get("format") ?? "pdf",
    lang: url.searchParams.get("lang") ?? undefined,
  });
  if (!query.success || query.data.format === "html") {
    return new Response("Invalid download: format is md or pdf; lang is de or en.\n", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const { db, tenant } = ctx;
  const locale = query.data.lang ?? readerLocale(request, ctx);
  const format = query.data.format;
  const file = await withTenant(db, tenant.id, (tx) => paperFile(tx, tenant, paper.data, locale, format));
  return new Response(typeof file.body === "string" ? file.body : new Uint8Array(file.body), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
