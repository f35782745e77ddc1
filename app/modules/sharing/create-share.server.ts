import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { Locale, Network } from "~/db/schema.ts";
import { linksUrl } from "~/app/lib/env.server.ts";
import { NotFoundError, ValidationError } from "~/app/lib/errors.ts";
import { requireAdvocate } from "~/app/modules/advocacy/advocate-status.server.ts";
import { assertSharingAllowed } from "~/app/modules/billing/gates.server.ts";
import { getDisclosureLabels } from "~/app/modules/advocacy/share-disclosure.server.ts";
import { captionLength } from "~/app/modules/content/caption-length.ts";
import { visibleTo } from "~/app/modules/content/list-hub-posts.server.ts";
import { getProfile } from "~/app/modules/profiles/profiles.server.ts";
import { getLinkedInConnection } from "~/app/modules/profiles/get-linkedin-connection.server.ts";
import { postToLinkedIn } from "~/app/modules/profiles/post-to-linkedin.server.ts";
import { markDirtyDays } from "~/app/modules/reach/settings.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { shareTargetFor, textWithLink, type ShareTarget } from "~/app/modules/sharing/intent-url.ts";
import {
  destinationWithUtm,
  generateLinkCode,
  LINK_CODE_LENGTH,
  trackedUrlFor,
} from "~/app/modules/sharing/link-code.ts";
import { acceptedDisclosures, carriesDisclosure } from "~/app/modules/sharing/disclosure.ts";
import { normaliseShareText, type ShareChannel } from "~/app/modules/sharing/schemas.ts";

export interface CreateShareInput {
  postId: string;
  network: Network;
  captionId?: string | undefined;
  /** the language of own words (a caption's own language wins): decides the disclosure label */
  language?: Locale | undefined;
  text: string;
  channel: ShareChannel;
}

export interface CreatedShare {
  shareId: string;
  /** null for a text-only post: there is no link to track */
  code: string | null;
  trackedUrl: string | null;
  /** where the browser goes next (for channel "api": the network's post is already made) */
  target: ShareTarget;
  /** what "copy" puts on the clipboard: the text with the tracked link */
  copyText: string;
  /** channel "api": the LinkedIn post's URN */
  postUrn?: string | undefined;
}

/** A post this member may share right now, or NotFoundError (whether it exists is nobody's business). */
export async function getShareablePost(tx: Tx, member: Member, postId: string, now: Date = new Date()) {
  const post = await tx
    .selectFrom("posts")
    .select(["posts.id", "posts.slug", "posts.kind", "posts.title", "posts.url", "posts.body"])
    .where("posts.id", "=", postId)
    .where((eb) => visibleTo(eb, member, now))
    .executeTakeFirst();
  if (!post) throw new NotFoundError("post");
  return post;
}

const MAX_CODE_ATTEMPTS = 5;

/**
 * Records a share and its tracked link, and says where the browser goes next. Only for members in
 * the programme with the current guidelines acknowledged, only for a post they may see, only with
 * the disclosure label of the network and language in the text and within the network's length
 * (the link and the label included).
 * Channel "api" posts to LinkedIn through the member's connection; if that fails nothing is recorded.
 */
export async function createShare(
  tx: Tx,
  member: Member,
  input: CreateShareInput,
  now: Date = new Date(),
): Promise<CreatedShare> {
  await requireAdvocate(tx, member);
  // unpaid beyond the grace period: no new shares and no new tracked links (existing ones keep working)
  await assertSharingAllowed(tx, member.tenantId, now);
  const post = await getShareablePost(tx, member, input.postId, now);
  const text = input.text.trim();
  if (text === "") throw new ValidationError("the text is empty", { text: ["required"] });

  let language: Locale | null = input.language ?? null;
  if (input.captionId) {
    const caption = await tx
      .selectFrom("captions")
      .select(["id", "language"])
      .where("tenant_id", "=", member.tenantId)
      .where("post_id", "=", post.id)
      .where("id", "=", input.captionId)
      .where("network", "=", input.network)
      .executeTakeFirst();
    if (!caption)
      throw new ValidationError("the caption is not one of this post's for this network", {
        captionId: ["unknown_caption"],
      });
    // the caption's language decides the label
    language = caption.language;
  }

  // the label for this network and language (disclosure.ts); the share page inserted it, it must stay.
  // It is part of the text, so the length check below counts it.
  const accepted = acceptedDisclosures(
    await getDisclosureLabels(tx, member.tenantId),
    input.network,
    language,
  );
  if (!carriesDisclosure(text, accepted))
    throw new ValidationError("the disclosure label was removed", { text: ["disclosure_required"] });

  const origin = linksUrl();
  const hasLink = post.kind === "link" && post.url !== null;
  // Counted with a link of the real length: the code is drawn only once the text is accepted.
  const lengthProbe = textWithLink(
    text,
    hasLink ? trackedUrlFor(origin, "x".repeat(LINK_CODE_LENGTH)) : null,
  );
  if (!captionLength(input.network, lengthProbe).ok)
    throw new ValidationError("too long for the network", { text: ["too_long_for_network"] });

  if (input.channel === "api") {
    if (input.network !== "linkedin")
      throw new ValidationError("only LinkedIn can be posted to directly", { form: ["api_not_available"] });
    const connection = await getLinkedInConnection(tx, member);
    if (!connection.connected)
      throw new ValidationError("LinkedIn is not connected", { form: ["linkedin_not_connected"] });
  }

  // Snapshots for the reach rollup: a re-run later attributes the share as it was made.
  const sharer = await tx
    .selectFrom("memberships as m")
    .leftJoin("social_profiles as p", (join) =>
      join.onRef("p.membership_id", "=", "m.id").on("p.network", "=", input.network),
    )
    .select(["m.team_id", "p.follower_count"])
    .where("m.tenant_id", "=", member.tenantId)
    .where("m.id", "=", member.id)
    .executeTakeFirstOrThrow();
  const share = await tx
    .insertInto("shares")
    .values({
      tenant_id: member.tenantId,
      post_id: post.id,
      membership_id: member.id,
      network: input.network,
      caption_id: input.captionId ?? null,
      text,
      channel: input.channel,
      code: null,
      followers_at_share: sharer.follower_count,
      team_id: sharer.team_id,
    })
    .returning(["id", "created_at"])
    .executeTakeFirstOrThrow();
  await markDirtyDays(tx, member.tenantId, [share.created_at]);

  let code: string | null = null;
  if (hasLink && post.url) {
    const destination = destinationWithUtm(post.url, { network: input.network, campaign: post.slug });
    // link_codes holds every code of every tenant: a code free there is free in shares too.
    // ON CONFLICT DO NOTHING rather than catching the violation, which would abort the transaction.
    for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS && code === null; attempt++) {
      const candidate = generateLinkCode();
      const inserted = await tx
        .insertInto("link_codes")
        .values({
          code: candidate,
          tenant_id: member.tenantId,
          share_id: share.id,
          sharer_user_id: member.userId,
          destination,
        })
        .onConflict((oc) => oc.column("code").doNothing())
        .returning("code")
        .executeTakeFirst();
      if (inserted) code = inserted.code;
    }
    if (code === null) throw new Error("no free link code after several attempts");
    await tx
      .updateTable("shares")
      .set({ code })
      .where("tenant_id", "=", member.tenantId)
      .where("id", "=", share.id)
      .execute();
  }
  const trackedUrl = code ? trackedUrlFor(origin, code) : null;

  const mastodonInstance =
    input.network === "mastodon"
      ? ((await getProfile(tx, member, "mastodon"))?.mastodonInstance ?? null)
      : null;
  const target = shareTargetFor(input.network, { text, url: trackedUrl, mastodonInstance });

  await recordAudit(tx, {
    tenantId: member.tenantId,
    actorUserId: member.userId,
    action: "share.created",
    subject: share.id,
    data: {
      postId: post.id,
      network: input.network,
      channel: input.channel,
      captionId: input.captionId ?? null,
      code,
    },
  });

  // Last, because it cannot be undone: everything that can still fail in here has run. (Only the
  // COMMIT is left; should it fail, LinkedIn has a post whose link answers 404.)
  let postUrn: string | undefined;
  if (input.channel === "api") {
    postUrn = (await postToLinkedIn(tx, member, { text, url: trackedUrl })).postUrn;
    // provider metrics ask LinkedIn for this post's figures
    if (postUrn)
      await tx
        .updateTable("shares")
        .set({ external_id: postUrn })
        .where("tenant_id", "=", member.tenantId)
        .where("id", "=", share.id)
        .execute();
  }

  return { shareId: share.id, code, trackedUrl, target, copyText: textWithLink(text, trackedUrl), postUrn };
}

/**
 * How many colleagues (other members than `excludeMembershipId`) already shared this post on this
 * network with the same text, ignoring case and whitespace. Identical posts read as spam.
 */
export async function similarShareCount(
  tx: Tx,
  tenantId: string,
  postId: string,
  network: Network,
  text: string,
  excludeMembershipId?: string,
): Promise<number> {
  const normalised = normaliseShareText(text);
  // Anonymised shares (membership_id null, after a member left) still count, one each.
  let query = tx
    .selectFrom("shares")
    .select((eb) => eb.fn.count<string>(sql`distinct coalesce(membership_id, id)`).as("n"))
    .where("tenant_id", "=", tenantId)
    .where("post_id", "=", postId)
    .where("network", "=", network)
    .where(sql<string>`lower(btrim(regexp_replace(text, ${"\\s+"}, ' ', 'g')))`, "=", normalised);
  if (excludeMembershipId) query = query.where("membership_id", "is distinct from", excludeMembershipId);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}
