import type { Conn, Tx } from "~/db/client.ts";
import type { Locale, Network } from "~/db/schema.ts";
import { ValidationError } from "~/app/lib/errors.ts";
import { rulesOverview } from "~/app/modules/recognition/rules-admin.server.ts";
import { captionLength } from "~/app/modules/content/caption-length.ts";
import {
  insertDisclosure,
  resolveAll,
  resolveDisclosure,
  unmarkedWhileRewarded,
  type DisclosureLabels,
} from "~/app/modules/sharing/disclosure.ts";

/** The text every share in this tenant must carry (e.g. "#mitarbeiter"), or null. */
export async function getShareDisclosure(conn: Conn, tenantId: string): Promise<string | null> {
  const row = await conn
    .selectFrom("tenants")
    .select("share_disclosure")
    .where("id", "=", tenantId)
    .executeTakeFirst();
  return row?.share_disclosure ?? null;
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
