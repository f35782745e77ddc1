import type { Tx } from "~/db/client.ts";
import { NETWORKS, type Locale, type Network } from "~/db/schema.ts";
import { linksUrl } from "~/app/lib/env.server.ts";
import { getAdvocateStatus, type AdvocateGateCode } from "~/app/modules/advocacy/advocate-status.server.ts";
import { getLinkedInConnection } from "~/app/modules/profiles/get-linkedin-connection.server.ts";
import { getProfile } from "~/app/modules/profiles/profiles.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { getDisclosureLabels, sharesIncentivised } from "~/app/modules/advocacy/share-disclosure.server.ts";
import { getShareablePost, similarShareCount } from "~/app/modules/sharing/create-share.server.ts";
import { insertDisclosure, resolveAll, type ResolvedDisclosures } from "~/app/modules/sharing/disclosure.ts";
import { LINK_CODE_LENGTH, trackedUrlFor } from "~/app/modules/sharing/link-code.ts";
import { textWithLink } from "~/app/modules/sharing/intent-url.ts";
import { xWeightedLength } from "~/app/modules/content/caption-length.ts";

export interface SharePageCaption {
  id: string;
  network: Network;
  language: Locale;
  /** the caption as prefilled: with the disclosure label of its network and language appended when it lacks it */
  text: string;
  /** colleagues who already shared exactly this text on this network */
  similar: number;
}

export type SharePage =
  | { gate: AdvocateGateCode; post: { id: string; title: string } }
  | {
      gate: null;
      post: { id: string; title: string; url: string | null };
      captions: SharePageCaption[];
      /** the reader's language: the default language of own words */
      language: Locale;
      /** the label every network and language requires (null: none), inserted into the captions already */
      disclosures: ResolvedDisclosures;
      /** shares earn points here: the label says "advertising", and the page says why */
      incentivised: boolean;
      /** a link as long as the tracked one will be, for the live length counter; null: text-only post */
      sampleLink: string | null;
      linkedInConnected: boolean;
      hasMastodonInstance: boolean;
      /**
       * the network to preselect: the requested one, else the requested caption's, else the first
       * with captions
       */
      network: Network;
      /**
       * the caption to preselect: the requested one when it is a caption of this post for that
       * network (a link from a Teams card or a Slack message), else null — the form then starts
       * with the network's first caption
       */
      captionId: string | null;
      /**
       * X's count of each text the page can start X with (with the sample link): the browser shows
       * these until it has downloaded twitter-text (app/ui/use-caption-length.ts)
       */
      xLengths: Record<string, number>;
    };

/**
 * Everything the share page shows, for a post the member may share (NotFoundError otherwise).
 * Members outside the programme get only the gate: no captions, nothing to share with.
 * `captionId` (from `?caption=`, app/modules/chat/share-links.ts) preselects that caption when it
 * is one of this post's for the network; any other id is ignored, never an error: a link may be
 * older than an edit of the post.
 */
export async function loadSharePage(
  tx: Tx,
  member: Member,
  postId: string,
  {
    network,
    captionId,
    locale,
  }: { network?: Network | undefined; captionId?: string | undefined; locale: Locale },
): Promise<SharePage> {
  const post = await getShareablePost(tx, member, postId);
  const status = await getAdvocateStatus(tx, member);
  if (!status.optedIn) return { gate: "not_opted_in", post: { id: post.id, title: post.title } };
  if (status.consentOutdated) return { gate: "consent_outdated", post: { id: post.id, title: post.title } };
  if (!status.guidelinesAcknowledged)
    return { gate: "guidelines_pending", post: { id: post.id, title: post.title } };

  const disclosures = resolveAll(await getDisclosureLabels(tx, member.tenantId));
  const rows = await tx
    .selectFrom("captions")
    .select(["id", "network", "language", "text"])
    .where("tenant_id", "=", member.tenantId)
    .where("post_id", "=", post.id)
    .orderBy("network")
    .orderBy("position")
    .orderBy("id")
    .execute();
  // The reader's language first; the other one stays available (people post in either).
  rows.sort((a, b) => Number(b.language === locale) - Number(a.language === locale));
  const captions: SharePageCaption[] = [];
  // One count per caption variant: a post has a handful, and each is an indexed lookup.
  for (const row of rows) {
    const text = insertDisclosure(row.text, disclosures[row.network][row.language]);
    captions.push({
      id: row.id,
      network: row.network,
      language: row.language,
      text,
      similar: await similarShareCount(tx, member.tenantId, post.id, row.network, text, member.id),
    });
  }

  const linkedIn = await getLinkedInConnection(tx, member);
  const mastodon = await getProfile(tx, member, "mastodon");
  const hasLink = post.kind === "link" && post.url !== null;
  const firstWithCaptions = NETWORKS.find((n) => captions.some((c) => c.network === n));
  // the captions were read for this post and tenant only: an id of anything else matches none
  const requested = captions.find((c) => c.id === captionId && (network ?? c.network) === c.network);
  const sampleLink = hasLink ? trackedUrlFor(linksUrl(), "x".repeat(LINK_CODE_LENGTH)) : null;
  const xTexts = ["", ...captions.filter((c) => c.network === "x").map((c) => c.text)];
  for (const label of Object.values(disclosures.x)) if (label) xTexts.push(label);
  const xLengths = Object.fromEntries(
    xTexts.map((t) => textWithLink(t, sampleLink)).map((t) => [t, xWeightedLength(t)]),
  );
  return {
    gate: null,
    post: { id: post.id, title: post.title, url: post.url },
    captions,
    language: locale,
    disclosures,
    incentivised: await sharesIncentivised(tx, member.tenantId),
    sampleLink,
    linkedInConnected: linkedIn.connected,
    hasMastodonInstance: Boolean(mastodon?.mastodonInstance),
    network: network ?? requested?.network ?? firstWithCaptions ?? "linkedin",
    captionId: requested?.id ?? null,
    xLengths,
  };
}
