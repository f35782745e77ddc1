import type { PostStatus } from "~/db/schema.ts";

/**
 * The post state machine as data (browser-safe: the post page uses it to decide which buttons to
 * show; the use cases use it to refuse everything else).
 */
export const POST_ACTIONS = [
  "submit",
  "approve",
  "reject",
  "withdraw",
  "revise",
  "publish",
  "expire",
  "archive",
  "edit",
] as const;
export type PostAction = (typeof POST_ACTIONS)[number];

/**
 * Every allowed (status, action) pair and where it leads. Anything not listed is forbidden.
 * "approve" leads to approved only once enough approvals exist; a first of two approvals keeps the
 * post in review (the use case decides that, the machine only says approval is possible).
 * "edit" of an approved or published post sends it back to review; editing a draft or a post in
 * review keeps its status (a new version still needs approval).
 */
export const TRANSITIONS: Readonly<Record<PostStatus, Partial<Record<PostAction, PostStatus>>>> = {
  draft: { submit: "in_review", archive: "archived", edit: "draft" },
  in_review: {
    approve: "approved",
    reject: "rejected",
    withdraw: "draft",
    archive: "archived",
    edit: "in_review",
  },
  approved: { publish: "published", archive: "archived", edit: "in_review" },
  published: { expire: "expired", archive: "archived", edit: "in_review" },
  rejected: { revise: "draft", archive: "archived" },
  expired: { archive: "archived" },
  archived: {},
};

export function canTransition(from: PostStatus, action: PostAction): boolean {
  return TRANSITIONS[from][action] !== undefined;
}

/** The status after `action`, or undefined when the action is not allowed in `from`. */
export function nextStatus(from: PostStatus, action: PostAction): PostStatus | undefined {
  return TRANSITIONS[from][action];
}

/** Actions a person may trigger from the UI (publish and expire belong to the scheduler). */
export const MANUAL_ACTIONS: readonly PostAction[] = [
  "submit",
  "approve",
  "reject",
  "withdraw",
  "revise",
  "archive",
  "edit",
];
