import { z } from "zod";
import { NETWORKS, POST_STATUSES } from "~/db/schema.ts";
import { captionLength } from "~/app/modules/content/caption-length.ts";
import { SafeDateTime, safeString, safeText } from "~/app/lib/validation.ts";

/**
 * Content schemas shared by forms (browser), use cases and the public API (server). Messages are
 * i18n keys under "validation." (see app/lib/validation.ts).
 */

/** http and https only: no javascript:, data:, file: or credentials in the URL. */
export const HttpUrl = safeString({ error: "required" })
  .trim()
  .max(2048, "tooLong")
  .pipe(z.url({ protocol: /^https?$/, error: "httpUrl" }))
  .refine((u) => {
    // refinements run even after the format check failed: never let URL() throw here
    if (!URL.canParse(u)) return false;
    const parsed = new URL(u);
    return parsed.username === "" && parsed.password === "";
  }, "httpUrl");

export const Network = z.enum(NETWORKS);
export const PostStatus = z.enum(POST_STATUSES);

export const CaptionInput = z
  .object({
    network: Network,
    language: z.enum(["de", "en"]),
    /** German only: "sie" (formal) or "du" (informal) */
    addressForm: z.enum(["sie", "du"]).nullish(),
    text: safeString({ error: "required" }).trim().min(1, "required"),
  })
  .superRefine((c, ctx) => {
    const { ok } = captionLength(c.network, c.text);
    if (!ok) ctx.addIssue({ code: "custom", path: ["text"], message: "captionTooLong" });
    if (c.addressForm && c.language !== "de")
      ctx.addIssue({ code: "custom", path: ["addressForm"], message: "addressFormGermanOnly" });
  });
export type CaptionInput = z.infer<typeof CaptionInput>;

const optionalDate = z.preprocess((v) => (v === "" || v === null ? undefined : v), SafeDateTime.optional());

export const PostFields = z.object({
  title: safeText({ max: 200 }),
  /** a link post has a url; a text-only post has none */
  url: z.preprocess((v) => (v === "" ? undefined : v), HttpUrl.optional()),
  body: safeString().trim().max(5000, "tooLong").default(""),
  topicIds: z.array(z.uuid()).default([]),
  /** empty = everyone */
  teamIds: z.array(z.uuid()).default([]),
  publishAt: optionalDate,
  expiresAt: optionalDate,
  captions: z.array(CaptionInput).max(100).default([]),
});

function checkDates(p: { publishAt?: Date | undefined; expiresAt?: Date | undefined }, ctx: z.RefinementCtx) {
  if (p.publishAt && p.expiresAt && p.expiresAt <= p.publishAt)
    ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "expiryBeforePublish" });
}

export const CreatePostInput = PostFields.superRefine(checkDates);
export type CreatePostInput = z.infer<typeof CreatePostInput>;

export const UpdatePostInput = PostFields.extend({ postId: z.uuid() }).superRefine(checkDates);
export type UpdatePostInput = z.infer<typeof UpdatePostInput>;

export const RejectPostInput = z.object({ postId: z.uuid(), reason: safeText({ max: 2000 }) });

export const SuggestionInput = z.object({
  url: HttpUrl,
  reason: safeText({ max: 2000 }),
});
export type SuggestionInput = z.infer<typeof SuggestionInput>;

export const DeclineSuggestionInput = z.object({ suggestionId: z.uuid(), reason: safeText({ max: 2000 }) });
