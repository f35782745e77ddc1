import { describe, expect, it } from "vitest";
import { POST_STATUSES, type PostStatus } from "~/db/schema.ts";
import {
  canTransition,
  nextStatus,
  POST_ACTIONS,
  type PostAction,
} from "~/app/modules/content/post-workflow.ts";

/** The whole state machine, written out by hand: every pair not listed here must be forbidden. */
const EXPECTED: Record<string, PostStatus> = {
  "draft submit": "in_review",
  "draft edit": "draft",
  "draft archive": "archived",
  "in_review approve": "approved",
  "in_review reject": "rejected",
  "in_review withdraw": "draft",
  "in_review edit": "in_review",
  "in_review archive": "archived",
  "rejected revise": "draft",
  "rejected archive": "archived",
  "approved publish": "published",
  "approved edit": "in_review",
  "approved archive": "archived",
  "published expire": "expired",
  "published edit": "in_review",
  "published archive": "archived",
  "expired archive": "archived",
};

const matrix = POST_STATUSES.flatMap((from) =>
  POST_ACTIONS.map((action) => [from, action] as [PostStatus, PostAction]),
);

describe("post workflow", () => {
  it("covers every status and action (7 × 9 pairs)", () => {
    expect(matrix).toHaveLength(POST_STATUSES.length * POST_ACTIONS.length);
    expect(matrix).toHaveLength(63);
  });

  it.each(matrix)("%s + %s", (from, action) => {
    const expected = EXPECTED[`${from} ${action}`];
    expect(canTransition(from, action)).toBe(expected !== undefined);
    expect(nextStatus(from, action)).toBe(expected);
  });

  it("allows exactly the listed transitions and forbids the other 46", () => {
    const allowed = matrix
      .filter(([from, action]) => canTransition(from, action))
      .map(([from, action]) => `${from} ${action}`);
    expect(allowed.sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(matrix.length - allowed.length).toBe(46);
  });

  it("lets nothing leave archived and nothing but the scheduler publish or expire", () => {
    expect(POST_ACTIONS.filter((a) => canTransition("archived", a))).toEqual([]);
    expect(POST_STATUSES.filter((s) => canTransition(s, "publish"))).toEqual(["approved"]);
    expect(POST_STATUSES.filter((s) => canTransition(s, "expire"))).toEqual(["published"]);
  });
});
