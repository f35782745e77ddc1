import { sql } from "kysely";
import { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import {
  deprovisionMember,
  reprovisionMember,
  type Deprovisioner,
} from "~/app/modules/tenancy/deprovision-member.server.ts";
import {
  assertActiveMember,
  assertNotErased,
  assertNoReportingCycle,
} from "~/app/modules/tenancy/member-rules.server.ts";
import { invalidValue, mutability, scimNotFound, uniqueness } from "~/app/modules/scim/errors.ts";
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from "~/app/modules/scim/discovery.ts";
import { scimMeta } from "~/app/modules/scim/http.server.ts";
import { nextName, type ScimUserChange } from "~/app/modules/scim/user-schemas.ts";

/**
 * What the SCIM User use cases share: who acts (the directory, by its token), how a membership is
 * read and shown as a User resource, and how a change is applied. A User's id is the membership's
 * id: the person (users row) is global across tenants, the membership is this company's.
 */

/** The directory acting through a SCIM token: no person, so audit events have no actor user. */
export interface ScimActor {
  tenantId: string;
  tokenId: string;
}

export const scimDeprovisioner = (actor: ScimActor): Deprovisioner => ({
  tenantId: actor.tenantId,
  actorUserId: null,
  via: "scim",
  tokenId: actor.tokenId,
});

/** The audit data of every provisioning change. */
export const scimAuditData = (actor: ScimActor, more: Record<string, unknown> = {}) => ({
  via: "scim",
  tokenId: actor.tokenId,
  ...more,
});

export interface ScimUserRow {
  id: string;
  user_id: string;
  email: string;
  name: string;
  status: "active" | "deactivated";
  scim_external_id: string | null;
  manager_id: string | null;
  manager_name: string | null;
  created_at: Date;
}

/**
 * The tenant's memberships as SCIM sees them: not deleted through SCIM and not erased (an erased
 * person's membership keeps figures under a pseudonym; no directory manages it any more).
 */
export function scimUsers(tx: Tx, tenantId: string) {
  return tx
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("memberships as mm", (join) =>
      join.onRef("mm.id", "=", "m.manager_id").onRef("mm.tenant_id", "=", "m.tenant_id"),
    )
    .leftJoin("users as mu", "mu.id", "mm.user_id")
    .where("m.tenant_id", "=", tenantId)
    .where("m.scim_deleted_at", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("erasures as e")
            .select(sql`1`.as("one"))
            .whereRef("e.tenant_id", "=", "m.tenant_id")
            .whereRef("e.membership_id", "=", "m.id"),
        ),
      ),
    );
}

export const SCIM_USER_COLUMNS = [
  "m.id",
  "m.user_id",
  "u.email",
  "u.name",
  "m.status",
  "m.scim_external_id",
  "m.manager_id",
  "mu.name as manager_name",
  "m.created_at",
] as const;

/** The member as a User, or 404 (unknown, another tenant's, deleted through SCIM, erased, not an id). */
export async function findScimUser(tx: Tx, tenantId: string, id: string): Promise<ScimUserRow> {
  if (!z.uuid().safeParse(id).success) throw scimNotFound("User", id);
  const row = await scimUsers(tx, tenantId)
    .select(SCIM_USER_COLUMNS)
    .where("m.id", "=", id)
    .executeTakeFirst();
  if (!row) throw scimNotFound("User", id);
  return row;
}

/** The User resource (RFC 7643 §4.1, with the enterprise extension's manager). */
export function toScimUser(row: ScimUserRow) {
  return {
    schemas: [USER_SCHEMA, ...(row.manager_id ? [ENTERPRISE_USER_SCHEMA] : [])],
    id: row.id,
    ...(row.scim_external_id ? { externalId: row.scim_external_id } : {}),
    userName: row.email,
    name: { formatted: row.name },
    displayName: row.name,
    active: row.status === "active",
    emails: [{ value: row.email, type: "work", primary: true }],
    ...(row.manager_id
      ? {
          [ENTERPRISE_USER_SCHEMA]: {
            manager: {
              value: row.manager_id,
              ...(row.manager_name ? { displayName: row.manager_name } : {}),
            },
          },
        }
      : {}),
    // memberships keep no modification time; lastModified is the creation until they do
    meta: scimMeta("User", row.id, row.created_at, row.created_at),
  };
}
export type ScimUser = ReturnType<typeof toScimUser>;

/**
 * Whether this tenant's directory may rename the person (users.name is global across tenants): only
 * a person its own provisioning created (member.provisioned with createdPerson, not one Chorus
 * knew already) who is an active member of no other company (user_tenants, 0001). The second check
 * alone is not enough: user_tenants reads memberships under forced RLS as its definer, and with a
 * non-superuser owner (production's shape) it sees no row at all.
 */
export async function ownsIdentity(
  tx: Tx,
  tenantId: string,
  row: Pick<ScimUserRow, "id" | "user_id">,
): Promise<boolean> {
  const created = await tx
    .selectFrom("audit_events")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("action", "=", "member.provisioned")
    .where("subject", "=", row.id)
    .where(sql<boolean>`data->>'createdPerson' = 'true'`)
    .executeTakeFirst();
  if (!created) return false;
  const { rows } = await sql<{
    tenant_id: string;
  }>`select tenant_id from user_tenants(${row.user_id})`.execute(tx);
  return rows.every((r) => r.tenant_id === tenantId);
}

/**
 * Applies a change to a member, each attribute only when it differs: the address and name on the
 * person (ownsIdentity), externalId and the manager on the membership (same tenant, active, no loop:
 * the tenancy rules), then `active` through deprovisionMember / reprovisionMember, which end or
 * restore access and record their own audit events. The other changes are one
 * `member.scim_updated` event. Returns the names of the attributes that changed.
 */
export async function applyScimUserChange(
  tx: Tx,
  actor: ScimActor,
  row: ScimUserRow,
  change: ScimUserChange,
): Promise<string[]> {
  const { tenantId } = actor;
  await assertNotErased(tx, tenantId, row.id);
  const changed: string[] = [];

  // The address is how a person signs in, in every company they belong to. A directory that could
  // move it could sign in as them wherever they work, and this tenant cannot see their other
  // memberships (see ownsIdentity): refused; the person, or Chorus support, changes it.
  if (change.email !== undefined && change.email !== row.email)
    throw mutability(
      "userName (the address the person signs in with) cannot be changed through SCIM; delete and re-create the user, or ask Chorus support.",
    );
  const name = nextName(row.name, change);
  // a person this directory did not bring into Chorus keeps their name: skipped, not refused, so
  // the directory's next cycle does not fail on it
  if (name !== row.name && (await ownsIdentity(tx, tenantId, row))) {
    await tx.updateTable("users").set({ name }).where("id", "=", row.user_id).execute();
    changed.push("name");
  }

  if (change.externalId !== undefined && change.externalId !== row.scim_external_id) {
    const clash = change.externalId
      ? await tx
          .selectFrom("memberships")
          .select("id")
          .where("tenant_id", "=", tenantId)
          .where("scim_external_id", "=", change.externalId)
          .where("id", "<>", row.id)
          .executeTakeFirst()
      : undefined;
    if (clash) throw uniqueness(`Another member already has externalId ${change.externalId}.`);
    await tx
      .updateTable("memberships")
      .set({ scim_external_id: change.externalId })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", row.id)
      .execute();
    changed.push("externalId");
  }

  if (change.managerId !== undefined && change.managerId !== row.manager_id) {
    if (change.managerId !== null) await assertValidManager(tx, tenantId, row.id, change.managerId);
    await tx
      .updateTable("memberships")
      .set({ manager_id: change.managerId })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", row.id)
      .execute();
    changed.push("manager");
  }

  if (changed.length > 0)
    await recordAudit(tx, {
      tenantId,
      actorUserId: null,
      action: "member.scim_updated",
      subject: row.id,
      data: scimAuditData(actor, { changed }),
    });

  if (change.active === false && row.status === "active") {
    await deprovisionMember(tx, scimDeprovisioner(actor), row.id);
    changed.push("active");
  } else if (change.active === true && row.status === "deactivated") {
    await reprovisionMember(tx, scimDeprovisioner(actor), row.id);
    changed.push("active");
  }
  return changed;
}

/** The manager is a SCIM id (a membership id) of an active member of this tenant, not the member, no loop. */
export async function assertValidManager(
  tx: Tx,
  tenantId: string,
  memberId: string,
  managerId: string,
): Promise<void> {
  if (!z.uuid().safeParse(managerId).success)
    throw invalidValue(`manager ${managerId} is not the id of a User here.`);
  await assertNoReportingCycle(tx, tenantId, memberId, managerId);
  await assertActiveMember(tx, tenantId, managerId);
}
