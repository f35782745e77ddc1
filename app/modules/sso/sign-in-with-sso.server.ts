import type { Tx } from "~/db/client.ts";
import type { IdentityProviderKind } from "~/db/tables/identity.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import { endSignInLinks } from "~/app/modules/auth/end-sign-in-links.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { ensureUser } from "~/app/modules/tenancy/create-tenant.server.ts";
import { SsoError } from "~/app/modules/sso/sso-error.ts";
import { emailDomain } from "~/app/modules/sso/sso-domain.ts";
import type { SsoIdentity } from "~/app/modules/sso/sso-sign-in-rules.ts";

export interface SsoSignIn {
  token: string;
  expiresAt: Date;
  userId: string;
  membershipId: string;
  /** the person became a member just now (just-in-time) */
  joined: boolean;
}

/**
 * Signs in the person a validated ID token names, in the tenant whose provider issued it (inside that
 * tenant's transaction):
 *
 * 1. The address's domain must be a verified domain of this tenant. Sessions are global, so without
 *    this a tenant admin running an issuer of their own could assert anybody's address and take over
 *    that person's account in every other tenant.
 * 2. The person: the provider's subject if it is bound already (sso_identities), else the user with
 *    that address. A subject bound to one user while the address is another user's, or an address
 *    whose user is bound to another subject of this provider, is refused (sso_identity_conflict):
 *    the directory and Chorus disagree about who this is, and an admin has to sort it out.
 * 3. The membership: a deactivated or SCIM-deleted one is refused. None: with just-in-time
 *    membership on, the person joins as an employee (never more, and not in the advocacy programme:
 *    joining it stays their choice); off, refused (sso_not_member).
 * 4. A fresh session, as a sign-in link gives one; the address's open sign-in links end; the audit
 *    log records the sign-in ("auth.sso_sign_in") and a just-in-time join ("member.joined").
 */
export async function signInWithSso(
  tx: Tx,
  input: {
    tenantId: string;
    provider: { id: string; kind: IdentityProviderKind; jitEnabled: boolean };
    identity: SsoIdentity;
  },
  opts: { now?: Date } = {},
): Promise<SsoSignIn> {
  const now = opts.now ?? new Date();
  const { tenantId, provider, identity } = input;

  const domain = emailDomain(identity.email);
  const verified =
    domain &&
    (await tx
      .selectFrom("sso_domains")
      .select("domain")
      .where("tenant_id", "=", tenantId)
      .where("domain", "=", domain)
      .where("verified_at", "is not", null)
      .executeTakeFirst());
  if (!verified)
    throw new SsoError(
      "sso_domain_not_verified",
      `${domain ?? "(no domain)"} is not a verified domain of the tenant`,
    );

  const bound = await tx
    .selectFrom("sso_identities")
    .select("user_id")
    .where("tenant_id", "=", tenantId)
    .where("provider_id", "=", provider.id)
    .where("subject", "=", identity.subject)
    .executeTakeFirst();
  const byEmail = await tx
    .selectFrom("users")
    .select("id")
    .where("email", "=", identity.email)
    .executeTakeFirst();
  if (bound && byEmail && bound.user_id !== byEmail.id)
    throw new SsoError("sso_identity_conflict", "the subject is bound to another user than the address's");
  if (!bound && byEmail) {
    const other = await tx
      .selectFrom("sso_identities")
      .select("subject")
      .where("tenant_id", "=", tenantId)
      .where("provider_id", "=", provider.id)
      .where("user_id", "=", byEmail.id)
      .executeTakeFirst();
    if (other) throw new SsoError("sso_identity_conflict", "the address's user is bound to another subject");
  }
  let userId = bound?.user_id ?? byEmail?.id;

  const membership = userId
    ? await tx
        .selectFrom("memberships")
        .select(["id", "status", "scim_deleted_at"])
        .where("tenant_id", "=", tenantId)
        .where("user_id", "=", userId)
        .executeTakeFirst()
    : undefined;
  let membershipId: string;
  let joined = false;
  if (membership) {
    if (membership.status !== "active" || membership.scim_deleted_at !== null)
      throw new SsoError("sso_member_deactivated", "the membership is deactivated");
    membershipId = membership.id;
  } else {
    if (!provider.jitEnabled)
      throw new SsoError("sso_not_member", "not a member, and just-in-time membership is off");
    userId ??= await ensureUser(tx, identity.email, identity.name ?? identity.email.split("@")[0]!);
    const created = await tx
      .insertInto("memberships")
      .values({ tenant_id: tenantId, user_id: userId, roles: ["employee"], status: "active" })
      // two sign-ins at once: the second finds the first's membership
      .onConflict((oc) => oc.constraint("memberships_tenant_user_key").doNothing())
      .returning("id")
      .executeTakeFirst();
    membershipId =
      created?.id ??
      (
        await tx
          .selectFrom("memberships")
          .select("id")
          .where("tenant_id", "=", tenantId)
          .where("user_id", "=", userId)
          .executeTakeFirstOrThrow()
      ).id;
    joined = created !== undefined;
    if (joined)
      await recordAudit(tx, {
        tenantId,
        actorUserId: userId,
        action: "member.joined",
        subject: membershipId,
        data: { via: "sso", providerId: provider.id },
      });
  }

  await tx
    .insertInto("sso_identities")
    .values({
      tenant_id: tenantId,
      provider_id: provider.id,
      subject: identity.subject,
      user_id: userId!,
      last_sign_in_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(["tenant_id", "provider_id", "subject"])
        .doUpdateSet({ last_sign_in_at: now })
        .where("sso_identities.user_id", "=", userId!),
    )
    .execute();

  const user = await tx
    .selectFrom("users")
    .select("email")
    .where("id", "=", userId!)
    .executeTakeFirstOrThrow();
  await endSignInLinks(tx, user.email);
  const session = await createSession(tx, userId!, now);
  await recordAudit(tx, {
    tenantId,
    actorUserId: userId!,
    action: "auth.sso_sign_in",
    subject: membershipId,
    data: { providerId: provider.id, kind: provider.kind, joined },
  });
  return { ...session, userId: userId!, membershipId, joined };
}
