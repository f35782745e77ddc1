/**
 * The strict works-council mode (privacy_settings.strict_mode, issue 13) in one place: which
 * individual figures each role may see with the mode on and off. Every figure surface asks
 * `figurePolicy(strict)` (or `maySee`) instead of deciding on its own, so the rule cannot drift
 * between the leaderboard, the goals pages, analytics and the review queues; the data map can
 * print `STRICT_MODE_RULES` as it is.
 *
 * With the mode on, nobody sees another person's figures — only the person themself:
 * - the leaderboard is off (no ranks or points of anyone, not even of people who opted in);
 * - nobody sees another person's points, badges or ledger (kudos texts stay: they carry no points).
 *   The leaderboard is the only surface that shows them (a manager's live attainment of a points
 *   objective is managerLiveFigures), so `leaderboard` is their switch; a new surface showing
 *   another person's points must ask it too;
 * - a manager sees a report's released statements (and exports them), never live attainment or
 *   activity, not on the agreement page and not in the goals list;
 * - comms leads and admins see groups only: analytics has no per-person or per-share rows (it never
 *   had; with the mode on its minimum group size is at least STRICT_MIN_GROUP_SIZE), and the review
 *   of held-back clicks stays — it is a moderation task that keeps credit un-inflatable, and without
 *   it held clicks could only be discarded for everyone or released for everyone — but shows the
 *   click pattern (post, network, day, clicks, distinct visitors) without naming the sharer;
 * - the API and the credit export hand out released statements only (with and without the mode):
 *   a statement is the figure the person chose to release.
 * The person always sees their own figures (impact, my shares, own points, own agreements).
 */

/** Who looks at a figure. */
export type Viewer = "self" | "manager" | "comms_lead" | "admin" | "colleague";

/** The individual figures Chorus shows somewhere. */
export const FIGURES = [
  "leaderboard",
  "points",
  "live_attainment",
  "released_statements",
  "analytics_groups",
  "held_clicks_sharer",
] as const;
export type Figure = (typeof FIGURES)[number];

/** What each role sees of another person's figure (never of their own: "self" sees everything). */
export interface FigurePolicy {
  strict: boolean;
  /** the leaderboard (ranks and points of those who opted in) */
  leaderboard: boolean;
  /** a manager: a report's live attainment and activities of an accepted agreement */
  managerLiveFigures: boolean;
  /** a manager: a report's released statements (view and export) — the released figure stays */
  managerReleasedStatements: true;
  /** comms leads and admins: who a held-back click pattern belongs to */
  heldClicksSharer: boolean;
  /** the least number of people behind any group figure */
  minGroupSize: (configured: number) => number;
}

/** With the mode on, a group figure needs at least this many people, whatever the reach settings say. */
export const STRICT_MIN_GROUP_SIZE = 5;

export function figurePolicy(strict: boolean): FigurePolicy {
  return {
    strict,
    leaderboard: !strict,
    managerLiveFigures: !strict,
    managerReleasedStatements: true,
    heldClicksSharer: !strict,
    minGroupSize: (configured) => (strict ? Math.max(configured, STRICT_MIN_GROUP_SIZE) : configured),
  };
}

/** One line of the matrix: who sees a figure of another person, with the mode off and on. */
export interface StrictModeRule {
  figure: Figure;
  off: Viewer[];
  on: Viewer[];
}

/**
 * The matrix the surfaces implement, for the data map and the works agreement: "self" always sees
 * their own figure; a viewer listed sees another person's.
 */
export const STRICT_MODE_RULES: readonly StrictModeRule[] = [
  { figure: "leaderboard", off: ["self", "colleague", "manager", "comms_lead", "admin"], on: [] },
  { figure: "points", off: ["self", "colleague", "manager", "comms_lead", "admin"], on: ["self"] },
  { figure: "live_attainment", off: ["self", "manager"], on: ["self"] },
  { figure: "released_statements", off: ["self", "manager"], on: ["self", "manager"] },
  { figure: "analytics_groups", off: ["comms_lead", "admin"], on: ["comms_lead", "admin"] },
  { figure: "held_clicks_sharer", off: ["comms_lead"], on: [] },
];

/** May `viewer` see this figure of another person (self: their own)? */
export function maySee(strict: boolean, viewer: Viewer, figure: Figure): boolean {
  const rule = STRICT_MODE_RULES.find((r) => r.figure === figure);
  return rule ? (strict ? rule.on : rule.off).includes(viewer) : false;
}
