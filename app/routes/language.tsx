import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/language";
import { database } from "~/db/client.ts";
import { LocaleField, SafeText } from "~/app/lib/validation.ts";
import { safeRedirectPath } from "~/app/lib/safe-redirect.ts";
import { LOCALE_COOKIE } from "~/app/lib/i18n/resolve-locale.server.ts";
import { getSession } from "~/app/modules/auth/require.server.ts";
import { setUserLocale } from "~/app/modules/auth/set-user-locale.server.ts";

const SetLanguageInput = z.object({ locale: LocaleField, redirectTo: SafeText.optional() });

export async function action({ request }: Route.ActionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: SetLanguageInput });
  if (submission.status !== "success") throw new Response("invalid_input", { status: 400 });
  const input = submission.value;
  const session = await getSession(request);
  const to = safeRedirectPath(input.redirectTo);
  // Signed in: the choice belongs to the person (every device). Anonymous: a cookie for this browser.
  if (session) {
    await setUserLocale((await database()).db, session.user.id, input.locale);
    return redirect(to);
  }
  return redirect(to, {
    headers: {
      "Set-Cookie": `${LOCALE_COOKIE}=${input.locale}; Path=/; Max-Age=31536000; SameSite=Lax`,
    },
  });
}

export function loader() {
  return redirect("/");
}
