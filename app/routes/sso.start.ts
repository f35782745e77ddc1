import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/sso.start";
import { database } from "~/db/client.ts";
import { codeOf, toResponse } from "~/app/lib/errors.ts";
import { consume, signInPerIp } from "~/app/lib/rate-limit.server.ts";
import { Email, SafeText, Slug } from "~/app/lib/validation.ts";
import { findTenantBySlug } from "~/app/modules/tenancy/find-membership.server.ts";
import { startSsoSignIn } from "~/app/modules/sso/start-sso-sign-in.server.ts";

/** The sign-in page's "Sign in with …" button: the company, and the address typed (if any). */
export const StartSsoInput = z.object({
  tenant: Slug,
  email: Email.optional(),
  returnTo: SafeText.optional(),
});

/**
 * POST /sso/start: off to the company's identity provider, with the flow's cookie. A form post (the
 * edge checks its Origin), counted against the client IP's sign-in limit: a generic provider's
 * discovery document is fetched for every start. A company without an enabled provider goes back to
 * the sign-in page with the reason.
 */
export async function action({ request, context }: Route.ActionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: StartSsoInput });
  if (submission.status !== "success") throw new Response("invalid_input", { status: 400 });
  try {
    await consume(signInPerIp(), context.ip);
  } catch (error) {
    throw toResponse(error) ?? error;
  }
  const { db } = await database();
  const tenant = await findTenantBySlug(db, submission.value.tenant);
  if (!tenant) throw new Response("not_found", { status: 404 });
  try {
    const { url, cookie } = await startSsoSignIn(db, {
      tenant,
      purpose: "sign-in",
      loginHint: submission.value.email,
      returnTo: submission.value.returnTo,
    });
    return redirect(url, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
  } catch (error) {
    const code = codeOf(error, [
      "sso_no_provider",
      "sso_server_not_configured",
      "sso_token_failed",
      "sso_token_invalid",
    ]);
    if (!code) throw error;
    return redirect(`/login?sso_error=${code}`);
  }
}

export function loader() {
  throw new Response("not_found", { status: 404 });
}
