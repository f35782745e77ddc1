import type { DB } from "~/db/client.ts";
import {
  consumeSignInLimits,
  sendSignInLink,
  type SignInLinkRequest,
} from "~/app/modules/auth/request-sign-in-link.server.ts";
import {
  findSsoSignInOptions,
  type SsoSignInChoice,
} from "~/app/modules/sso/find-sso-sign-in-options.server.ts";

export type SignInStart =
  /** as before single sign-on: a link is mailed if the address has an account (the answer is the same) */
  | { kind: "link" }
  /** the address's domain belongs to companies with single sign-on: their buttons, no mail yet */
  | { kind: "sso"; choice: SsoSignInChoice };

/**
 * The sign-in page's first step, after the e-mail address: counted against the same limits as a
 * sign-in link (consumeSignInLimits), then the address's domain is looked up. A domain that verified
 * companies with single sign-on claim gets their buttons (and, unless one requires single sign-on,
 * the choice of a link after all: requestSignInLink); any other address gets its link as before. Both
 * answers depend on the domain alone, never on whether the address has an account.
 */
export async function startSignIn(db: DB, input: SignInLinkRequest, now = new Date()): Promise<SignInStart> {
  await consumeSignInLimits(input);
  const choice = await findSsoSignInOptions(db, input.email);
  if (choice.options.length > 0 || choice.requireSso) return { kind: "sso", choice };
  await sendSignInLink(db, input, now);
  return { kind: "link" };
}
