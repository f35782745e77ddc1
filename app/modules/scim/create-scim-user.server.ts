import type { Tx } from "~/db/client.ts";
import { markSeatsDirty } from "~/app/modules/billing/account.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { ensureUser } from "~/app/modules/tenancy/create-tenant.server.ts";
import { emailDomain } from "~/app/modules/sso/sso-domain.ts";
import { invalidValue, uniqueness } from "~/app/modules/scim/errors.ts";
import {
  applyScimUserChange,
  assertValidManager,
  findScimUser,
  scimAuditData,
  toScimUser,
  type ScimActor,
  type ScimUser,
} from "~/app/modules/scim/scim-user-records.server.ts";
import { changeFromResource, type ScimUserInput } from "~/app/modules/scim/user-schemas.ts";

/**
 * POST /Users: the directory provisions a person. The person (users, global, by address) is reused
 * when Chorus knows them; the membership gets the employee role only — never admin, and never an
 * advocacy opt-in: joining the programme stays the person's own choice. A member the directory
 * deleted before (scim_deleted_at) comes back with their previous roles; any other existing member
 * is 409 uniqueness (the directory should have found them by `filter=userName eq`).
 *
 * Only addresses of the tenant's verified e-mail domains (assertVerifiedDomain): users are global,
 * so without it any company could sign up, create a SCIM token and add a stranger's address to its
 * tenant (their tenant switcher, Chorus mail to them, their name in the 201).
 */
export async function createScimUser(
  tx: Tx,
  actor: ScimActor,
  input: ScimUserInput,
): Promise<{ user: ScimUser; revived: boolean }> {
  const { tenantId } = actor;
  const change = changeFromResource(input);
  const email = input.userName;
  // before anything reads users: a refused request learns nothing about the person
  await assertVerifiedDomain(tx, tenantId, email);
  const existingUser = await tx
    .selectFrom("users")
    .select(["id", "name"])
    .where("email", "=", email)
    .executeTakeFirst();
  const existing = existingUser
    ? await tx
        .selectFrom("memberships")
        .select(["id", "scim_deleted_at"])
        .where("tenant_id", "=", tenantId)
        .where("user_id", "=", existingUser.id)
        .executeTakeFirst()
    : undefined;

  if (existing && existing.scim_deleted_at === null)
    throw uniqueness(`A member with userName ${email} already exists (id ${existing.id}).`);

  if (existing) {
    // revived: visible to SCIM again, then brought to what the directory says (active → reprovisioned)
    await tx
      .updateTable("memberships")
      .set({ scim_deleted_at: null, scim_external_id: null })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", existing.id)
      .execute();
    await recordAudit(tx, {
      tenantId,
      actorUserId: null,
      action: "member.scim_revived",
      subject: existing.id,
      data: scimAuditData(actor),
    });
    await applyScimUserChange(tx, actor, await findScimUser(tx, tenantId, existing.id), change);
    return { user: toScimUser(await findScimUser(tx, tenantId, existing.id)), revived: true };
  }

  // a person Chorus knows already keeps their name: a directory renames only people it created
  const userId = existingUser?.id ?? (await ensureUser(tx, email, change.name!));
  const active = change.active !== false;
  const membership = await tx
    .insertInto("memberships")
    .values({
      tenant_id: tenantId,
      user_id: userId,
      roles: ["employee"],
      status: active ? "active" : "deactivated",
      scim_external_id: change.externalId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (change.managerId) {
    await assertValidManager(tx, tenantId, membership.id, change.managerId);
    await tx
      .updateTable("memberships")
      .set({ manager_id: change.managerId })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", membership.id)
      .execute();
  }
  await recordAudit(tx, {
    tenantId,
    actorUserId: null,
    action: "member.provisioned",
    subject: membership.id,
    data: scimAuditData(actor, {
      // ownsIdentity: only a person this provisioning created may be renamed by the directory
      createdPerson: existingUser === undefined,
      externalId: change.externalId ?? null,
      active,
      managerId: change.managerId ?? null,
    }),
  });
  if (active) await markSeatsDirty(tx, tenantId);
  return { user: toScimUser(await findScimUser(tx, tenantId, membership.id)), revived: false };
}

const UNVERIFIED_DOMAIN_DETAIL =
  "userName must be an address of one of this company's e-mail domains verified by DNS; verify the domain under Admin → Single sign-on.";

/**
 * The address's domain (normalised as sign-in does: emailDomain, lower case, punycode) is one this
 * tenant verified by DNS (a sign-in through its provider proves only that one person of the domain
 * has an account there, not that the tenant speaks for the domain's people); else 400 invalidValue. Reads only the tenant's own claims, never users: the answer and the work done
 * are the same whether or not the address has a Chorus account. Exactly the domain, no subdomains,
 * as at sign-in (resolve_sso_domain).
 */
async function assertVerifiedDomain(tx: Tx, tenantId: string, email: string): Promise<void> {
  const domain = emailDomain(email);
  const verified =
    domain !== null &&
    (await tx
      .selectFrom("sso_domains")
      .select("domain")
      .where("tenant_id", "=", tenantId)
      .where("domain", "=", domain)
      .where("verified_at", "is not", null)
      .where("verified_by", "=", "dns")
      .executeTakeFirst()) !== undefined;
  if (!verified) throw invalidValue(UNVERIFIED_DOMAIN_DETAIL);
}
