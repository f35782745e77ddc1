import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/logout";
import { database } from "~/db/client.ts";
import { clearSessionCookie } from "~/app/modules/auth/cookie.server.ts";
import { getSession } from "~/app/modules/auth/require.server.ts";
import { invalidateAllSessions, invalidateSession } from "~/app/modules/auth/session.server.ts";

/** The sign-out form: everywhere=1 signs out every session; any other value (or none) this one. */
const SignOutInput = z.object({
  everywhere: z
    .literal("1")
    .optional()
    .catch(undefined)
    .transform((value) => value === "1"),
});

/** POST signs out this session; with everywhere=1 every session of the person. */
export async function action({ request }: Route.ActionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: SignOutInput });
  const everywhere = submission.status === "success" && submission.value.everywhere;
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
