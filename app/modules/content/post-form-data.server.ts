import type { SubmissionResult } from "@conform-to/react";
import type { Tx } from "~/db/client.ts";
import type { PostDetail } from "~/app/modules/content/get-post.server.ts";
import { contentErrorKey } from "~/app/modules/content/post-page.server.ts";
import { getDisclosureLabels } from "~/app/modules/advocacy/share-disclosure.server.ts";
import { resolveAll } from "~/app/modules/sharing/disclosure.ts";
import { listTopics } from "~/app/modules/content/topics.server.ts";
import { dateToZonedLocal } from "~/app/lib/zoned-time.ts";

/** What the post form offers: the tenant's topics and teams, and the disclosure labels its caption counter adds. */
export async function loadPostFormOptions(tx: Tx, tenantId: string) {
  const [topics, teams, labels] = await Promise.all([
    listTopics(tx, tenantId),
    tx.selectFrom("teams").select(["id", "name"]).where("tenant_id", "=", tenantId).orderBy("name").execute(),
    getDisclosureLabels(tx, tenantId),
  ]);
  return {
    topics: topics.map(({ id, name, requiresSecondApproval }) => ({ id, name, requiresSecondApproval })),
    teams,
    disclosures: resolveAll(labels),
  };
}

/** A stored post as the form's inputs hold it (dates as wall-clock time in the tenant's zone). */
export function postFormDefaults(detail: PostDetail, timeZone: string) {
  const { post } = detail;
  return {
    title: post.title,
    url: post.url ?? "",
    body: post.body,
    topicIds: detail.topics.map((t) => t.id),
    teamIds: detail.teams.map((t) => t.id),
    publishAt: post.publish_at ? dateToZonedLocal(post.publish_at, timeZone) : "",
    expiresAt: post.expires_at ? dateToZonedLocal(post.expires_at, timeZone) : "",
    captions: detail.captions.map((c) => ({
      network: c.network,
      language: c.language,
      addressForm: c.address_form,
      text: c.text,
    })),
  };
}

/** A domain refusal (unknown topic, changed status, …) as errors on the submitted form, keeping what was typed. */
export function replyWithDomainError(
  submission: {
    reply(opts?: {
      formErrors?: string[];
      fieldErrors?: Record<string, string[]>;
    }): SubmissionResult<string[]>;
  },
  error: unknown,
) {
  const { error: key, field, status } = contentErrorKey(error);
  return {
    result: field
      ? submission.reply({ fieldErrors: { [field]: [key] } })
      : submission.reply({ formErrors: [key] }),
    status,
  };
}
