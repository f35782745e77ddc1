import { z } from "zod";
import { CreatePostInput, Network, PostStatus } from "~/app/modules/content/schemas.ts";
import type { PostDetail } from "~/app/modules/content/get-post.server.ts";
import type { PostSummary } from "~/app/modules/content/list-posts.server.ts";
import type { SuggestionRow } from "~/app/modules/content/list-suggestions.server.ts";

/**
 * The public API's request and response schemas. They are the single source of the OpenAPI
 * document (openapi.server.ts), and the presenters below produce exactly these shapes, so the
 * document cannot drift from what the API sends. Response schemas describe the wire format
 * (timestamps are ISO 8601 strings), not the domain objects.
 */

// ---- errors -------------------------------------------------------------------------------------

export const API_ERROR_CODES = [
  "unauthorized",
  "forbidden",
  "insufficient_scope",
  "not_found",
  "invalid_input",
  "method_not_allowed",
  "conflict",
  "unsupported_media_type",
  "payload_too_large",
  "rate_limited",
  "internal",
] as const;
export const ApiErrorCode = z.enum(API_ERROR_CODES);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiError = z
  .object({
    error: z.object({
      code: ApiErrorCode.meta({
        description: "Stable, machine-readable; switch on this, not on the message.",
      }),
      message: z.string().meta({ description: "Human-readable English; may change." }),
      fields: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .meta({
          description: 'Invalid input only: messages per dotted input path, e.g. "url" or "captions.0.text".',
          examples: [{ url: ["must be an http(s) URL without user name or password"] }],
        }),
    }),
  })
  .meta({ id: "Error", description: "Every error response has this shape." });
export type ApiErrorBody = z.infer<typeof ApiError>;

// ---- requests -----------------------------------------------------------------------------------

/** POST /posts: the same schema the comms leads' form uses, so both refuse the same input. */
export const ApiCreatePostInput = CreatePostInput.meta({
  id: "CreatePostInput",
  description:
    "A new draft post. With `url` it is a link post (http or https only; its preview is fetched in the background); without, a text post. " +
    "Each caption is checked against its network's length limit as the network counts it (X counts every link as 23 characters).",
});

const Timestamp = z.iso.datetime({ offset: true }).meta({ description: "ISO 8601 date and time" });
const Id = z.uuid();

/** ?limit&offset&status of GET /posts. Query strings are strings: coerce, then bound. */
export const ApiPostListQuery = z.object({
  status: PostStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const SuggestionStatus = z.enum(["open", "accepted", "declined"]);
export const ApiSuggestionListQuery = z.object({
  status: SuggestionStatus.optional(),
});

// ---- responses ----------------------------------------------------------------------------------

export const ApiCaption = z
  .object({
    id: Id,
    network: Network,
    language: z.enum(["de", "en"]),
    addressForm: z
      .enum(["sie", "du"])
      .nullable()
      .meta({ description: 'German only: formal "sie" or informal "du"; null when not specified.' }),
    text: z.string(),
  })
  .meta({ id: "Caption", description: "A caption suggestion for one network and language." });

const ApiPostStatus = PostStatus.meta({
  id: "PostStatus",
  description:
    "draft → in_review → approved → published → expired or archived; in_review → rejected → draft.",
});

const PostFieldsOut = {
  id: Id,
  slug: z.string().meta({ description: "Unique in the tenant; becomes utm_campaign on tracked links." }),
  kind: z.enum(["link", "text"]),
  status: ApiPostStatus,
  title: z.string(),
  url: z.string().nullable().meta({ description: "The shared link; null for a text post." }),
  publishAt: Timestamp.nullable(),
  expiresAt: Timestamp.nullable(),
  publishedAt: Timestamp.nullable(),
  updatedAt: Timestamp,
};

export const ApiPost = z
  .object({
    ...PostFieldsOut,
    body: z.string().meta({ description: "A note for employees: why this is worth sharing." }),
    preview: z.object({
      status: z
        .enum(["none", "pending", "ok", "failed"])
        .meta({ description: "pending until the background job has read the page's Open Graph tags." }),
      title: z.string().nullable(),
      description: z.string().nullable(),
      imageUrl: z.string().nullable(),
    }),
    targetAll: z.boolean().meta({ description: "true: every employee; false: only the listed teams." }),
    topics: z.array(z.object({ id: Id, name: z.string() })),
    teams: z.array(z.object({ id: Id, name: z.string() })),
    captions: z.array(ApiCaption),
    sourceSuggestionId: Id.nullable().meta({
      description: "The employee suggestion this post came from, if any.",
    }),
    rejectionReason: z.string().nullable(),
    version: z.number().int().min(1),
    createdAt: Timestamp,
  })
  .meta({ id: "Post", description: "A post with its captions, topics and target teams." });
export type ApiPost = z.input<typeof ApiPost>;

export const ApiPostSummary = z
  .object({ ...PostFieldsOut, captionCount: z.number().int().min(0) })
  .meta({ id: "PostSummary", description: "A post as lists show it; GET /posts/{id} has the captions." });
export type ApiPostSummary = z.input<typeof ApiPostSummary>;

export const ApiPagination = z
  .object({
    total: z.number().int().min(0).meta({ description: "Posts matching the filter, over all pages." }),
    limit: z.number().int().min(1),
    offset: z.number().int().min(0),
  })
  .meta({ id: "Pagination" });

export const ApiPostList = z
  .object({ posts: z.array(ApiPostSummary), pagination: ApiPagination })
  .meta({ id: "PostList", description: "Most recently changed first." });
export type ApiPostList = z.input<typeof ApiPostList>;

export const ApiSuggestion = z
  .object({
    id: Id,
    url: z.string(),
    reason: z.string().meta({ description: "Why the suggester thinks it is worth sharing." }),
    status: SuggestionStatus,
    declineReason: z.string().nullable(),
    postId: Id.nullable().meta({ description: "The draft post an accepted suggestion became." }),
    // Membership ids only: names and emails of employees stay inside the app (privacy by default).
    suggesterId: Id.nullable().meta({
      description: "The suggesting member's id; null once the member is deleted.",
    }),
    createdAt: Timestamp,
    decidedAt: Timestamp.nullable(),
  })
  .meta({ id: "Suggestion", description: "Content an employee suggested for the library." });
export type ApiSuggestion = z.input<typeof ApiSuggestion>;

export const ApiSuggestionList = z.object({ suggestions: z.array(ApiSuggestion) }).meta({
  id: "SuggestionList",
  description: "Open suggestions oldest first; decided ones most recently decided first. At most 200.",
});
export type ApiSuggestionList = z.input<typeof ApiSuggestionList>;

// ---- presenters ---------------------------------------------------------------------------------

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function toApiPost({ post, captions, topics, teams }: PostDetail): ApiPost {
  return {
    id: post.id,
    slug: post.slug,
    kind: post.kind,
    status: post.status,
    title: post.title,
    url: post.url,
    body: post.body,
    preview: {
      status: post.preview_status,
      title: post.preview_title,
      description: post.preview_description,
      imageUrl: post.preview_image_url,
    },
    targetAll: post.target_all,
    topics: topics.map((t) => ({ id: t.id, name: t.name })),
    teams: teams.map((t) => ({ id: t.id, name: t.name })),
    captions: captions.map((c) => ({
      id: c.id,
      network: c.network,
      language: c.language,
      addressForm: c.address_form,
      text: c.text,
    })),
    sourceSuggestionId: post.source_suggestion_id,
    rejectionReason: post.rejection_reason,
    version: post.version,
    publishAt: isoOrNull(post.publish_at),
    expiresAt: isoOrNull(post.expires_at),
    publishedAt: isoOrNull(post.published_at),
    createdAt: iso(post.created_at),
    updatedAt: iso(post.updated_at),
  };
}

export function toApiPostSummary(p: PostSummary): ApiPostSummary {
  return {
    id: p.id,
    slug: p.slug,
    kind: p.kind,
    status: p.status,
    title: p.title,
    url: p.url,
    publishAt: isoOrNull(p.publishAt),
    expiresAt: isoOrNull(p.expiresAt),
    publishedAt: isoOrNull(p.publishedAt),
    updatedAt: iso(p.updatedAt),
    captionCount: p.captionCount,
  };
}

export function toApiSuggestion(s: SuggestionRow): ApiSuggestion {
  return {
    id: s.id,
    url: s.url,
    reason: s.reason,
    status: s.status,
    declineReason: s.declineReason,
    postId: s.postId,
    suggesterId: s.suggesterId,
    createdAt: iso(s.createdAt),
    decidedAt: isoOrNull(s.decidedAt),
  };
}

// ---- credit statements (GET /credit) ----------------------------------------------------------

export * from "~/app/modules/api/credit-schemas.ts";
