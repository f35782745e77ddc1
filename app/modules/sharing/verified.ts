import type { ShareChannel } from "~/app/modules/sharing/schemas.ts";

/*
 * Verified or self-reported (issue 11). A share is verified when Chorus posted it through the
 * network's API and the network confirmed it by returning the post's id (LinkedIn: the post URN,
 * stored as shares.external_id). Every other share is self-reported: the network's share page
 * ("intent") and copied text ("copy") only say that the employee meant to post; nothing proves that
 * they did. No extra column: both facts are written in the transaction that creates the share and
 * never change, so the verdict is derived where it is needed.
 */

export type ShareEvidence = "verified" | "self_reported";

/** Whether a share is verified: posted through the API and confirmed with the network's post id. */
export function isVerifiedShare(share: { channel: ShareChannel; externalId: string | null }): boolean {
  return share.channel === "api" && share.externalId !== null && share.externalId !== "";
}

export function shareEvidence(share: { channel: ShareChannel; externalId: string | null }): ShareEvidence {
  return isVerifiedShare(share) ? "verified" : "self_reported";
}
