import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { database } from "~/db/client.ts";
import { clearSessionCookie } from "~/app/modules/auth/cookie.server";
import { getSession } from "~/app/modules/auth/require.server";
import { invalidateAllSessions, invalidateSession } from "~/app/modules/auth/session.server";

/** POST signs out this session; with everywhere=1 every session of the person. */
export async function action({ request }: Route.ActionArgs) {
  const everywhere = (await request.formData()).get("everywhere") === "1";
  const session = await getSession(request);
  if (session) {
    const { db } = await database();
    if (everywhere) await invalidateAllSessions(db, session.user.id);
    else await invalidateSession(db, session.id);
  }
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie() } });
}

export function loader() {
  return redirect("/");
}
