import type { Route } from "./+types/privacy.my-data.download";
import { requireMember } from "~/modules/auth/require.server";

// Scaffolding for issue 13: replaced by the download itself.
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireMember(request, params, "tenant.view");
  return new Response("not found", { status: 404 });
}
