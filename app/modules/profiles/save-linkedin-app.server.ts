import { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { ForbiddenError, ValidationError } from "~/app/lib/errors.ts";
import { can } from "~/app/lib/permissions.ts";
import { parseInput, safeString } from "~/app/lib/validation.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { seal } from "~/app/modules/profiles/secret-box.server.ts";
import { appContext, emptyToUndefined, requireKey } from "~/app/modules/profiles/linkedin-config.server.ts";

export const SaveLinkedInAppInput = z.object({
  clientId: safeString({ error: "required" })
    .trim()
    .min(1, "required")
    .max(200, "tooLong")
    .regex(/^[A-Za-z0-9_-]+$/, "clientId"),
  /** empty: keep the stored secret (it is never shown back, so the form cannot prefill it) */
  clientSecret: z.preprocess(emptyToUndefined, safeString().trim().min(1).max(500, "tooLong").optional()),
  enabled: z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean()),
  /** member post analytics (needs LinkedIn's approval of r_member_postAnalytics); absent: keep the stored choice */
  postAnalyticsEnabled: z.preprocess(
    (v) => (v === undefined ? undefined : v === true || v === "on" || v === "true" || v === "1"),
    z.boolean().optional(),
  ),
});
export type SaveLinkedInAppInput = z.input<typeof SaveLinkedInAppInput>;

export async function saveLinkedInApp(
  tx: Tx,
  member: Member,
  input: SaveLinkedInAppInput,
  now: Date = new Date(),
): Promise<void> {
  if (!can(member.roles, "linkedin.configure")) throw new ForbiddenError();
  const value = parseInput(SaveLinkedInAppInput, input, "invalid LinkedIn app");
  const { key } = requireKey();
  const existing = await tx
    .selectFrom("linkedin_apps")
    .select("client_id")
    .where("tenant_id", "=", member.tenantId)
    .executeTakeFirst();
  if (!existing && !value.clientSecret)
    throw new ValidationError("client secret required", { clientSecret: ["required"] });
  // a new client id with the old secret would be a broken pair
  if (existing && existing.client_id !== value.clientId && !value.clientSecret)
    throw new ValidationError("client secret required", { clientSecret: ["secretForNewId"] });

  const secret = value.clientSecret
    ? { client_secret_encrypted: seal(key, value.clientSecret, appContext(member.tenantId)) }
    : {};
  const analytics =
    value.postAnalyticsEnabled === undefined ? {} : { post_analytics_enabled: value.postAnalyticsEnabled };
  if (existing) {
    const result = await tx
      .updateTable("linkedin_apps")
      .set({
        client_id: value.clientId,
        enabled: value.enabled,
        updated_by: member.id,
        updated_at: now,
        ...secret,
        ...analytics,
      })
      .where("tenant_id", "=", member.tenantId)
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) throw new Error("linkedin_apps update touched no row");
  } else {
    await tx
      .insertInto("linkedin_apps")
      .values({
        tenant_id: member.tenantId,
        client_id: value.clientId,
        client_secret_encrypted: seal(key, value.clientSecret ?? "", appContext(member.tenantId)),
        enabled: value.enabled,
        ...analytics,
        updated_by: member.id,
        updated_at: now,
      })
      .execute();
  }
}
