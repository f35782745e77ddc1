import type { Tx } from "../../../db/client.ts";
import type { Locale } from "../../../db/schema.ts";
import { todayIn } from "../reach/analytics.ts";
import type { TenantInfo } from "../tenancy/member.ts";
import { loadDataMap } from "./data-map.server.ts";
import { paperPdf } from "./papers-pdf.server.ts";
import { paperFilename, paperMarkdown, paperTitle, type PaperKind } from "./papers.ts";

export type PaperFormat = "html" | "md" | "pdf";

export type RenderedPaper =
  | { format: "html"; kind: PaperKind; locale: Locale; title: string; markdown: string }
  | { format: "md" | "pdf"; kind: PaperKind; locale: Locale; filename: string; contentType: string; body: string | Uint8Array };

/**
 * A paper for the works council or the DPO, filled from the tenant's current configuration. Papers
 * hold no one's personal data (settings, roles and the data map only), so every member may read
 * them and nothing is audited.
 */
export async function renderPaper(tx: Tx, tenant: TenantInfo, kind: PaperKind, locale: Locale, format: PaperFormat, now = new Date()): Promise<RenderedPaper> {
  const map = await loadDataMap(tx, tenant.id);
  const generatedOn = todayIn(tenant.timeZone, now);
  const markdown = paperMarkdown(kind, locale, { companyName: tenant.name, map, generatedOn });
  const title = paperTitle(kind, locale);
  if (format === "html") return { format, kind, locale, title, markdown };
  if (format === "md") return { format, kind, locale, filename: paperFilename(kind, locale, "md"), contentType: "text/markdown; charset=utf-8", body: markdown };
  const footer = `${title} · ${tenant.name} · ${generatedOn}`;
  return { format, kind, locale, filename: paperFilename(kind, locale, "pdf"), contentType: "application/pdf", body: await paperPdf(markdown, title, locale, footer) };
}
