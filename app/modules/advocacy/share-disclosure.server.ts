import { z } from "zod";
import type { Conn, Tx } from "~/db/client.ts";
import { LOCALES, NETWORKS, type Locale, type Network } from "~/db/schema.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "~/app/lib/errors.ts";
import { can } from "~/app/lib/permissions.ts";
import { rulesOverview } from "~/app/modules/recognition/rules-admin.server.ts";
import { captionLength } from "~/app/modules/content/caption-length.ts";
import {
  insertDisclosure,
  resolveAll,
  resolveDisclosure,
  unmarkedWhileRewarded,
  type DisclosureLabels,
} from "~/app/modules/sharing/disclosure.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { ShareDisclosureInput } from "~/app/modules/advocacy/schemas.ts";
import { parseInput } from "~/app/lib/validation.ts";

/** The text every share in this tenant must carry (e.g. "#mitarbeiter"), or null. */
export async function getShareDisclosure(conn: Conn, tenantId: string): Promise<string | null> {
  const row = await conn
    .selectFrom("tenants")
    .select("share_disclosure")
    .where("id", "=", tenantId)
    .executeTakeFirst();
  return row?.share_disclosure ?? null;
}

/**
 * Sets or clears (null, empty) the tenant's share disclosure; trimmed, at most 40 characters.
 * tenants is a global table, so the row is the actor's verified tenant, never one from the request.
 */
export async function setShareDisclosure(
  tx: Tx,
  actor: Member,
  tenantId: string,
  disclosure: string | null,
): Promise<string | null> {
  if (tenantId !== actor.tenantId || !can(actor.roles, "guidelines.manage")) throw new ForbiddenError();
  const { disclosure: value } = parseInput(ShareDisclosureInput, {
    disclosure: disclosure ?? undefined,
  });
  const result = await tx
    .updateTable("tenants")
    .set({ share_disclosure: value })
    .where("id", "=", actor.tenantId)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new NotFoundError("tenant");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "tenant.share_disclosure_set",
    data: { disclosure: value },
  });
  return value;
}

// ── labels per network and language (issue 13) ─────────────────────────────

/** The tenant's disclosure labels per network and language, and the fallback (tenants.share_disclosure). */
export async function getDisclosureLabels(tx: Tx, tenantId: string): Promise<DisclosureLabels> {
  const [rows, fallback] = await Promise.all([
    tx
      .selectFrom("disclosure_labels")
      .select(["network", "language", "label"])
      .where("tenant_id", "=", tenantId)
      .orderBy("network")
      .orderBy("language")
      .execute(),
    getShareDisclosure(tx, tenantId),
  ]);
  return { labels: rows, fallback };
}

/**
 * Are shares rewarded in this tenant? Then the suggested label is "#Werbung"/"#ad": a share earns
 * points (rules in force today: per share, or per unique click on it), or counts toward a goal
 * agreement in force (an objective on points, shares or unique clicks: its credit statement is the
 * reward, even with points at zero).
 */
export async function sharesIncentivised(tx: Tx, tenantId: string, now: Date = new Date()): Promise<boolean> {
  const { current } = await rulesOverview(tx, tenantId, now);
  if (current.rules.perShare > 0 || current.rules.perUniqueClick > 0) return true;
  const goal = await tx
    .selectFrom("goal_objectives as o")
    .innerJoin("goal_agreements as a", (j) =>
      j.onRef("a.id", "=", "o.agreement_id").onRef("a.tenant_id", "=", "o.tenant_id"),
    )
    .select("o.id")
    .where("o.tenant_id", "=", tenantId)
    .where("a.status", "=", "accepted")
    .where("o.metric", "in", ["points", "shares", "unique_clicks"])
    .limit(1)
    .executeTakeFirst();
  return goal !== undefined;
}

/**
 * While shares are rewarded (sharesIncentivised): the networks and languages whose label, as a share
 * gets it, carries no advertising marker ("#Werbung", "#Anzeige", "#ad", "#advertisement"), or no
 * label at all. The guidelines page warns about them; saving such labels is allowed (the tenant's
 * counsel decides), the save returns them as a warning.
 */
export async function rewardedWithoutAdLabel(
  tx: Tx,
  tenantId: string,
  now: Date = new Date(),
): Promise<ReturnType<typeof unmarkedWhileRewarded>> {
  const incentivised = await sharesIncentivised(tx, tenantId, now);
  if (!incentivised) return [];
  return unmarkedWhileRewarded(resolveAll(await getDisclosureLabels(tx, tenantId)), incentivised);
}

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

/**
 * A comms lead's captions must still fit their network once the share page appends the label of
 * the caption's network and language (disclosure.ts): otherwise every employee starting from it
 * would have to shorten it before sharing. Checked where a post's captions are written (create,
 * edit, API); the editor's counter counts the label too. Refused as "captionTooLongWithLabel" on
 * the caption's text field ("captions[i].text").
 */
export async function assertCaptionsFitDisclosure(
  tx: Tx,
  tenantId: string,
  captions: readonly { network: Network; language: Locale; text: string }[],
): Promise<void> {
  if (captions.length === 0) return;
  const labels = await getDisclosureLabels(tx, tenantId);
  const fieldErrors: Record<string, string[]> = {};
  captions.forEach((c, i) => {
    const label = resolveDisclosure(labels, c.network, c.language);
    if (!captionLength(c.network, insertDisclosure(c.text, label)).ok)
      fieldErrors[`captions[${i}].text`] = ["captionTooLongWithLabel"];
  });
  if (Object.keys(fieldErrors).length > 0)
    throw new ValidationError("a caption with its disclosure label is too long for its network", fieldErrors);
}
