import { z } from "zod";
import type { Route } from "./+types/privacy.my-data.download";
import { withTenant } from "~/db/tenant.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { resources } from "~/app/lib/i18n/resources.ts";
import { resolveLocale } from "~/app/lib/i18n/resolve-locale.server.ts";
import { codeOf } from "~/app/lib/errors.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { downloadMyExport, EXPORT_TTL_DAYS } from "~/app/modules/privacy/export-requests.server.ts";
import { renderExportSummary } from "~/app/modules/privacy/export-summary.ts";

const DownloadQuery = z.object({ exportId: z.uuid(), format: z.enum(["json", "html"]).default("json") });

// personal data: no shared cache, no sniffing
const PRIVATE = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };
const TEXT = { ...PRIVATE, "Content-Type": "text/plain; charset=utf-8" };

/**
 * GET /t/:tenant/my-data/:exportId[?format=html]: the member's own export — the JSON file as an
 * attachment, or the readable summary. Anyone else's export (or another tenant's, or one not ready)
 * is 404; an expired one is 410 with a pointer to the page where a new one is asked for.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, session, tenant, member } = await requireMember(request, params, "tenant.view");
  const parsed = DownloadQuery.safeParse({
    exportId: params.exportId,
    format: new URL(request.url).searchParams.get("format") ?? undefined,
  });
  if (!parsed.success) return new Response("not found\n", { status: 404, headers: TEXT });
  const { exportId, format } = parsed.data;
  const locale = resolveLocale(request, {
    signedIn: true,
    userLocale: session.user.locale,
    tenantLocale: tenant.defaultLocale,
  });
  let doc;
  try {
    doc = await withTenant(db, tenant.id, (tx) => downloadMyExport(tx, member, exportId, format));
  } catch (error) {
    // a download answers in plain text, not with a page: its own words for the two codes it expects
    const code = codeOf(error, ["not_found", "export_expired"]);
    if (code === "not_found") return new Response("not found\n", { status: 404, headers: TEXT });
    if (code === "export_expired") {
      const t = resources[locale].myData;
      const body = `${t.expiredTitle}\n\n${t.expiredBody.replace("{{days}}", String(EXPORT_TTL_DAYS)).replace("{{url}}", `${appUrl()}/t/${tenant.slug}/my-data`)}\n`;
      return new Response(body, { status: 410, headers: TEXT });
    }
    throw error;
  }
  if (format === "html") {
    return new Response(renderExportSummary(doc, locale), {
      headers: {
        ...PRIVATE,
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy":
          "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      },
    });
  }
  const day = doc.generatedAt.slice(0, 10);
  return new Response(`${JSON.stringify(doc, null, 2)}\n`, {
    headers: {
      ...PRIVATE,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="chorus-my-data-${tenant.slug}-${day}.json"`,
    },
  });
}
