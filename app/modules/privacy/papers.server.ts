import type { Tx } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";
import { todayIn } from "~/app/lib/days.ts";
import type { TenantInfo } from "~/app/modules/tenancy/member.ts";
import { loadDataMap } from "~/app/modules/privacy/data-map.server.ts";
import { paperPdf } from "~/app/modules/privacy/papers-pdf.server.ts";
import { paperFilename, paperMarkdown, paperTitle, type PaperKind } from "~/app/modules/privacy/papers.ts";

/*
 * The papers for the works council or the DPO, filled from the tenant's current configuration. They
 * hold no one's personal data (settings, roles and the data map only), so every member may read
 * them and nothing is audited.
 */

export interface PaperPage {
  kind: PaperKind;
  locale: Locale;
  title: string;
  markdown: string;
}

export interface PaperFile {
  filename: string;
  contentType: string;
  body: string | Uint8Array;
}

/** The paper as Markdown, for the page. */
export async function paperPage(
  tx: Tx,
  tenant: TenantInfo,
  kind: PaperKind,
  locale: Locale,
  now = new Date(),
): Promise<PaperPage> {
  const map = await loadDataMap(tx, tenant.id);
  const markdown = paperMarkdown(kind, locale, {
    companyName: tenant.name,
    map,
    generatedOn: todayIn(tenant.timeZone, now),
  });
  return { kind, locale, title: paperTitle(kind, locale), markdown };
}

/** The paper as a Markdown or PDF file to download. */
export async function paperFile(
  tx: Tx,
  tenant: TenantInfo,
  kind: PaperKind,
  locale: Locale,
  format: "md" | "pdf",
  now = new Date(),
): Promise<PaperFile> {
  const page = await paperPage(tx, tenant, kind, locale, now);
  if (format === "md")
    return {
      filename: paperFilename(kind, locale, "md"),
      contentType: "text/markdown; charset=utf-8",
      body: page.markdown,
    };
  const footer = `${page.title} · ${tenant.name} · ${todayIn(tenant.timeZone, now)}`;
  return {
    filename: paperFilename(kind, locale, "pdf"),
    contentType: "application/pdf",
    body: await paperPdf(page.markdown, page.title, locale, footer),
  };
}
