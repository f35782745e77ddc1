import { z } from "zod";
import type { Tx } from "~/db/client.ts";
import type { Suggestion } from "~/db/schema.ts";
import { afterCommit } from "~/db/tenant.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "~/app/lib/errors.ts";
import { queueEmail } from "~/app/modules/notifications/queue-email.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { createPost } from "~/app/modules/content/create-post.server.ts";
import { requirePermission } from "~/app/lib/permissions.ts";
import { CreatePostInput } from "~/app/modules/content/schemas.ts";

export const AcceptSuggestionInput = z.object({ suggestionId: z.uuid() });

const TITLE_MAX = 120;

/**
 * A working title for the draft: the first line of the suggester's reason, or the link's host.
 * The comms lead edits it right after, so it only needs to be recognisable.
 */
export function draftTitle(reason: string, url: string): string {
  const firstLine =
    reason
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== "") ?? "";
  if (firstLine === "") return new URL(url).host;
  if ([...firstLine].length <= TITLE_MAX) return firstLine;
  const cut = [...firstLine].slice(0, TITLE_MAX - 1).join("");
  const atWord = cut.replace(/\s+\S*$/, "");
  return `${atWord.length >= TITLE_MAX / 2 ? atWord : cut}…`;
}

/** The suggestion, locked until the decision commits, so two comms leads cannot both decide it. */
export async function lockOpenSuggestion(
  tx: Tx,
  tenantId: string,
  suggestionId: string,
): Promise<Suggestion> {
  const suggestion = await tx
    .selectFrom("suggestions")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", suggestionId)
    .forUpdate()
    .executeTakeFirst();
  if (!suggestion) throw new NotFoundError("suggestion");
  if (suggestion.status !== "open") throw new ConflictError("suggestion already decided", "already_decided");
  return suggestion;
}

export interface DecisionRecipient {
  email: string;
  locale: "de" | "en";
}

/** Where the decision email goes: the suggester, if still an active member, in their own language. */
export async function suggesterRecipient(
  tx: Tx,
  tenant: TenantInfo,
  suggesterId: string | null,
): Promise<DecisionRecipient | undefined> {
  if (!suggesterId) return undefined;
  const row = await tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.email", "users.locale"])
    .where("memberships.tenant_id", "=", tenant.id)
    .where("memberships.id", "=", suggesterId)
    .where("memberships.status", "=", "active")
    .executeTakeFirst();
  return row && { email: row.email, locale: row.locale ?? tenant.defaultLocale };
}

export function mySuggestionsUrl(tenant: TenantInfo): string {
  return `${appUrl()}/t/${tenant.slug}/suggest`;
}

/**
 * A comms lead turns a suggestion into a draft post (the suggester stays credited through
 * posts.source_suggestion_id) and the suggester hears about it. The email is queued after the
 * commit, so a rolled-back decision never mails anyone.
 */
export async function acceptSuggestion(
  tx: Tx,
  actor: Member,
  tenant: TenantInfo,
  raw: z.input<typeof AcceptSuggestionInput>,
  opts: { now?: Date } = {},
): Promise<{ postId: string }> {
  if (tenant.id !== actor.tenantId) throw new ForbiddenError("tenant mismatch");
  requirePermission(actor, "suggestions.review");
  const { suggestionId } = parseInput(AcceptSuggestionInput, raw);
  const now = opts.now ?? new Date();
  const suggestion = await lockOpenSuggestion(tx, actor.tenantId, suggestionId);
  const input = CreatePostInput.parse({
    title: draftTitle(suggestion.reason, suggestion.url),
    url: suggestion.url,
    body: suggestion.reason,
  });
  const post = await createPost(tx, actor, input, { sourceSuggestionId: suggestion.id, now });
  const updated = await tx
    .updateTable("suggestions")
    .set({ status: "accepted", post_id: post.id, decided_by: actor.id, decided_at: now })
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", suggestion.id)
    .where("status", "=", "open")
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) throw new ConflictError("suggestion already decided", "already_decided");
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "suggestion.accepted",
    subject: suggestion.id,
    data: { postId: post.id },
  });
  const recipient = await suggesterRecipient(tx, tenant, suggestion.suggester_id);
  if (recipient) {
    afterCommit(tx, () =>
      queueEmail({
        to: recipient.email,
        locale: recipient.locale,
        template: "suggestion-decision",
        props: { url: mySuggestionsUrl(tenant), suggestionUrl: suggestion.url, decision: "accepted" },
        idempotencyKey: `suggestion-decision/${suggestion.id}`,
      }),
    );
  }
  return { postId: post.id };
}
