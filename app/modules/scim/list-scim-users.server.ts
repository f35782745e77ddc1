import { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { conditionValues, type ScimCondition } from "~/app/modules/scim/filter.ts";
import {
  SCIM_USER_COLUMNS,
  scimUsers,
  toScimUser,
  type ScimActor,
  type ScimUser,
} from "~/app/modules/scim/scim-user-records.server.ts";

/** What `filter=` may compare on Users (ScimListQuery's conditions name these). */
export const USER_FILTER_ATTRIBUTES = [
  "id",
  "userName",
  "externalId",
  "emails.value",
  "emails.type",
] as const;

/**
 * GET /Users: the tenant's members (deactivated ones with active false, those deleted through
 * SCIM not at all), oldest first, a page at a time. userName and e-mail compare without case
 * (RFC 7643: caseExact false), externalId exactly; the one address is a "work" address.
 */
export async function listScimUsers(
  tx: Tx,
  actor: ScimActor,
  query: { conditions: readonly ScimCondition[]; startIndex: number; count: number },
): Promise<{ users: ScimUser[]; totalResults: number }> {
  const c = query.conditions;
  const ids = conditionValues(c, "id");
  const emails = [...conditionValues(c, "userName"), ...conditionValues(c, "emails.value")].map((e) =>
    e.toLowerCase(),
  );
  const externalIds = conditionValues(c, "externalId");
  const types = conditionValues(c, "emails.type").map((t) => t.toLowerCase());
  // a condition nothing can meet: no query (an id that is no uuid would be a cast error)
  const impossible =
    ids.some((id) => !z.uuid().safeParse(id).success) ||
    new Set(ids).size > 1 ||
    new Set(emails).size > 1 ||
    new Set(externalIds).size > 1 ||
    types.some((t) => t !== "work");
  if (impossible) return { users: [], totalResults: 0 };

  let base = scimUsers(tx, actor.tenantId);
  if (ids[0] !== undefined) base = base.where("m.id", "=", ids[0]);
  if (emails[0] !== undefined) base = base.where("u.email", "=", emails[0]);
  if (externalIds[0] !== undefined) base = base.where("m.scim_external_id", "=", externalIds[0]);

  const { total } = await base.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow();
  const rows =
    query.count === 0
      ? []
      : await base
          .select(SCIM_USER_COLUMNS)
          .orderBy("m.created_at")
          .orderBy("m.id")
          .offset(query.startIndex - 1)
          .limit(query.count)
          .execute();
  return { users: rows.map(toScimUser), totalResults: Number(total) };
}
