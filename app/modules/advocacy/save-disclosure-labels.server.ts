import { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { LOCALES, NETWORKS, type Locale, type Network } from "~/db/schema.ts";
import { ForbiddenError } from "~/app/lib/errors.ts";
import { can } from "~/app/lib/permissions.ts";
import { parseInput } from "~/app/lib/validation.ts";
import type { DisclosureLabels } from "~/app/modules/sharing/disclosure.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { ShareDisclosureInput } from "~/app/modules/advocacy/schemas.ts";
import { getDisclosureLabels } from "~/app/modules/advocacy/share-disclosure.server.ts";

/** The admin form: one field per network and language, "<network>.<language>"; empty clears. */
export const DisclosureLabelsInput = z.object(
  Object.fromEntries(
    NETWORKS.flatMap((n) => LOCALES.map((l) => [`${n}.${l}`, ShareDisclosureInput.shape.disclosure])),
  ) as Record<`${Network}.${Locale}`, typeof ShareDisclosureInput.shape.disclosure>,
);
export type DisclosureLabelsInput = z.input<typeof DisclosureLabelsInput>;

/**
 * Sets the labels per network and language (admin, "guidelines.manage"): a filled field is saved,
 * an empty one removed (the fallback applies there again). Audited with the labels before and after.
 */
export async function saveDisclosureLabels(
  tx: Tx,
  actor: Member,
  raw: DisclosureLabelsInput,
): Promise<DisclosureLabels> {
  if (!can(actor.roles, "guidelines.manage")) throw new ForbiddenError();
  const input = parseInput(DisclosureLabelsInput, raw);
  const before = await getDisclosureLabels(tx, actor.tenantId);
  for (const network of NETWORKS) {
    for (const language of LOCALES) {
      const label = input[`${network}.${language}`];
      if (label) {
        await tx
          .insertInto("disclosure_labels")
          .values({ tenant_id: actor.tenantId, network, language, label, updated_at: new Date() })
          .onConflict((oc) =>
            oc.columns(["tenant_id", "network", "language"]).doUpdateSet({ label, updated_at: new Date() }),
          )
          .execute();
      } else {
        await tx
          .deleteFrom("disclosure_labels")
          .where("tenant_id", "=", actor.tenantId)
          .where("network", "=", network)
          .where("language", "=", language)
          .execute();
      }
    }
  }
  const after = await getDisclosureLabels(tx, actor.tenantId);
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "tenant.disclosure_labels_set",
    data: { before: before.labels, after: after.labels },
  });
  return after;
}
