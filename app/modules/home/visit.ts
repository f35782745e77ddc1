/**
 * "New since your last visit" on the home page and in the hub (issue 18). A visit is a run of opens
 * of either page with no gap longer than VISIT_GAP_MS. What was published after the last open
 * before the visit began is new, for the whole visit: a reload, or going from the home page to the
 * hub and back, keeps the same posts new. Stored per membership (0025): hub_visited_at (the last
 * open) and hub_new_since (the baseline of the current visit).
 */
export const VISIT_GAP_MS = 30 * 60 * 1000;

export interface VisitMarks {
  /** the last open of the home page or the hub; null: never */
  visitedAt: Date | null;
  /** the baseline stored with it; null: nothing before the visit that set it */
  newSince: Date | null;
}

/** What counts as new in an open at `now`: the visit's baseline, or null when everything is new. */
export function visitBaseline(marks: VisitMarks, now: Date): Date | null {
  if (marks.visitedAt === null) return null;
  const sameVisit = now.getTime() - marks.visitedAt.getTime() <= VISIT_GAP_MS;
  return sameVisit ? marks.newSince : marks.visitedAt;
}

/** Published after the baseline (null: the person never visited, everything is new). */
export function isNewSince(publishedAt: Date | null, baseline: Date | null): boolean {
  return baseline === null || (publishedAt !== null && publishedAt > baseline);
}
