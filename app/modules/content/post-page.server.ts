import { z } from "zod";
import type { DB, Tx } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { asValidationError, DomainError, ValidationError } from "~/app/lib/errors.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { approvePost } from "~/app/modules/content/approve-post.server.ts";
import { archivePost } from "~/app/modules/content/archive-post.server.ts";
import { getPost } from "~/app/modules/content/get-post.server.ts";
import { allowedActions } from "~/app/modules/content/post-actions.ts";
import { getPostHistory } from "~/app/modules/content/post-history.server.ts";
import { previewImageIdOf } from "~/app/modules/content/preview-image.server.ts";
import { needsSecondApproval } from "~/app/modules/content/post-records.server.ts";
import { rejectPost } from "~/app/modules/content/reject-post.server.ts";
import { revisePost } from "~/app/modules/content/revise-post.server.ts";
import { RejectPostInput } from "~/app/modules/content/schemas.ts";
import { submitPost } from "~/app/modules/content/submit-post.server.ts";
import { withdrawPost } from "~/app/modules/content/withdraw-post.server.ts";
import type { KeysUnder } from "~/app/lib/i18n/keys.ts";

/** What the post page shows: the post, its history and what this member may do with it. */
export async function loadPostPage(tx: Tx, member: Member, postId: string) {
  const detail = await getPost(tx, member.tenantId, postId);
  if (!detail) return undefined;
  const history = await getPostHistory(tx, member.tenantId, postId);
  const approvals = history.approvals.filter((a) => a.version === detail.post.version);
  const approvedThisVersion = approvals.some((a) => a.approverId === member.id);
  const isAuthor = detail.post.author_id === member.id;
  const required = (await needsSecondApproval(tx, member.tenantId, postId)) ? 2 : 1;
  const actions = allowedActions({
    status: detail.post.status,
    roles: member.roles,
    isAuthor,
    approvedThisVersion,
  });
  // the page shows the stored copy of the preview image; the remote URL never reaches the browser
  const { preview_image_url: _remote, ...post } = detail.post;
  const previewImageId = await previewImageIdOf(tx, member.tenantId, postId);
  return { ...detail, post, previewImageId, history, approvals, required, isAuthor, actions };
}

export const PostActionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit") }),
  z.object({ intent: z.literal("approve"), version: z.coerce.number().int().positive() }),
  RejectPostInput.omit({ postId: true }).extend({ intent: z.literal("reject") }),
  z.object({ intent: z.literal("withdraw") }),
  z.object({ intent: z.literal("revise") }),
  z.object({ intent: z.literal("archive") }),
]);
export type PostActionForm = z.infer<typeof PostActionForm>;

export type PostActionResult =
  | { ok: true; notice: KeysUnder<"content.notices">; values?: Record<string, number> }
  | { ok: false; error: string; field?: string; status: number };

/**
 * Runs one workflow action from the post page, turning domain refusals into a message key. Takes
 * `db` and opens the transaction itself: a refusal becomes a result only after the transaction rolled
 * back (caught inside it, the half-done action would commit).
 */
export async function runPostAction(
  db: DB,
  member: Member,
  postId: string,
  input: PostActionForm,
): Promise<PostActionResult> {
  try {
    return await withTenant(db, member.tenantId, async (tx): Promise<PostActionResult> => {
      switch (input.intent) {
        case "submit":
          await submitPost(tx, member, { postId });
          return { ok: true, notice: "submit" };
        case "approve": {
          const outcome = await approvePost(tx, member, { postId, version: input.version });
          if (outcome.status === "in_review")
            return {
              ok: true,
              notice: "approvePartial",
              values: { approvals: outcome.approvals, required: outcome.required },
            };
          return { ok: true, notice: outcome.status === "published" ? "approvePublished" : "approve" };
        }
        case "reject":
          await rejectPost(tx, member, { postId, reason: input.reason });
          return { ok: true, notice: "reject" };
        case "withdraw":
          await withdrawPost(tx, member, { postId });
          return { ok: true, notice: "withdraw" };
        case "revise":
          await revisePost(tx, member, { postId });
          return { ok: true, notice: "revise" };
        case "archive":
          await archivePost(tx, member, { postId });
          return { ok: true, notice: "archive" };
      }
    });
  } catch (error) {
    return { ok: false, ...contentErrorKey(error) };
  }
}

/** A domain refusal as a key under content.errors.* (or validation.*), with its field and HTTP status. */
export function contentErrorKey(thrown: unknown): { error: string; field?: string; status: number } {
  // a value PostgreSQL refused (SQLSTATE class 22) is the input's fault: said on the form, not a 500
  const error = asValidationError(thrown) ?? thrown;
  if (error instanceof ValidationError) {
    const [field, keys] = Object.entries(error.fieldErrors)[0] ?? [];
    // "form" is the convention for errors about the input as a whole, not a field's name
    return { error: keys?.[0] ?? "generic", ...(field && field !== "form" ? { field } : {}), status: 400 };
  }
  if (error instanceof DomainError) return { error: error.code, status: error.status };
  throw error;
}
