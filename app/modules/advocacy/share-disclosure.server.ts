import type { Conn, DB } from "../../../db/client.ts";
import { withTenant } from "../../../db/tenant.ts";
import { ForbiddenError, NotFoundError } from "../../lib/errors.ts";
import { can } from "../../lib/permissions.ts";
import { recordAudit } from "../tenancy/audit.server.ts";
import type { Member } from "../tenancy/member.ts";
import { ShareDisclosureInput } from "./schemas.ts";
import { parseAdvocacyInput } from "./parse-input.server.ts";

/** The text every share in this tenant must carry (e.g. "#mitarbeiter"), or null. */
export async function getShareDisclosure(conn: Conn, tenantId: string): Promise<string | null> {
  const row = await conn.selectFrom("tenants").select("share_disclosure").where("id", "=", tenantId).executeTakeFirst();
  return row?.share_disclosure ?? null;
}

/**
 * Sets or clears (null, empty) the tenant's share disclosure; trimmed, at most 40 characters.
 * tenants is a global table, so the row is the actor's verified tenant, never one from the request.
 */
export async function setShareDisclosure(db: DB, actor: Member, tenantId: string, disclosure: string | null): Promise<string | null> {
  if (tenantId !== actor.tenantId || !can(actor.roles, "guidelines.manage")) throw new ForbiddenError();
  const { disclosure: value } = parseAdvocacyInput(ShareDisclosureInput, { disclosure: disclosure ?? undefined });
  await withTenant(db, actor.tenantId, async (tx) => {
    const result = await tx.updateTable("tenants").set({ share_disclosure: value }).where("id", "=", actor.tenantId).executeTakeFirst();
    if (result.numUpdatedRows !== 1n) throw new NotFoundError("tenant");
    await recordAudit(tx, { tenantId: actor.tenantId, actorUserId: actor.userId, action: "tenant.share_disclosure_set", data: { disclosure: value } });
  });
  return value;
}
