import type { Route } from "./+types/admin.chat.teams-app";
import { appUrl } from "~/app/lib/env.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { teamsAppPackage } from "~/app/modules/chat/teams-app-package.server.ts";

/**
 * GET /t/:tenant/admin/chat/teams-app.zip: the tenant's Teams app package (manifest + icons, made on
 * every download; see teams-app-package.server.ts). Linked from the admin page /t/:tenant/admin/chat.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { tenant } = await requireMember(request, params, "integrations.manage");
  const zip = teamsAppPackage(tenant, appUrl());
  // the slug is [a-z0-9-] (tenancy), so it needs no quoting inside the filename
  return new Response(new Uint8Array(zip), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="chorus-${tenant.slug}-teams.zip"`,
      "Content-Length": String(zip.byteLength),
      "Cache-Control": "no-store",
    },
  });
}
