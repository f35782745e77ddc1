import type { Locale } from "~/db/schema.ts";
import { createI18n } from "~/app/lib/i18n/resources.ts";
import type { StatementContent } from "~/app/modules/goals/statement.ts";
import { fileDay, fileNumber, fileTexts, fileTime } from "~/app/modules/credit/exportable.ts";

/*
 * What a version-2 statement adds (issue 11), in words for the files (PDF and CSV): shares by how
 * they are known, unique clicks counted and held back, activities that do not count and why, a
 * period closed early, a back-dated start. A version-1 statement has none of these: every function
 * returns nothing for it, so its files look as they always did.
 */

type Objective = StatementContent["objectives"][number];

/** The reason text of an exclusion code (goals.excluded.*); an unknown code is shown as it is. */
export function exclusionText(reason: string, locale: Locale): string {
  return createI18n(locale).t(`goals.excluded.${reason}`, { defaultValue: reason });
}

/** "not counted: 4 × Repeat: …; 1 × Over the weekly limit …" for an objective's excluded activities, or null. */
export function excludedSummary(objective: Objective, locale: Locale): string | null {
  const list = excludedList(objective, locale);
  return list === null ? null : fileTexts(locale)("integrity.notCountedValue", { list });
}

/** "4 × Repeat: …; 1 × Over the weekly limit …", or null when nothing was excluded. */
export function excludedList(objective: Objective, locale: Locale): string | null {
  const counts = new Map<string, number>();
  for (const a of objective.activities)
    if (a.excluded) counts.set(a.excluded, (counts.get(a.excluded) ?? 0) + 1);
  const listed = [...counts.values()].reduce((a, b) => a + b, 0);
  const total = objective.excludedCount ?? listed;
  if (total === 0) return null;
  const parts = [...counts].map(([reason, n]) => `${n} × ${exclusionText(reason, locale)}`);
  // more were excluded than the listed activities show (the list holds the newest 100)
  if (total > listed) parts.push(`${total - listed} × …`);
  return parts.join("; ");
}

/** Label and value lines for a statement's version-2 facts, in reading order (empty for version 1). */
export function integrityFacts(
  content: StatementContent,
  locale: Locale,
  timeZone = "UTC",
): [string, string][] {
  const t = fileTexts(locale);
  const num = (n: number) => fileNumber(n, locale);
  const out: [string, string][] = [];
  if (content.closedEarly) {
    out.push([
      t("integrity.closedEarly"),
      t("integrity.closedEarlyValue", {
        date: fileTime(content.closedEarly.at, locale, timeZone),
        name: content.closedEarly.byName,
        reason: content.closedEarly.reason,
      }),
    ]);
  }
  if (content.backdatedFrom) {
    out.push([
      t("integrity.backdated"),
      t("integrity.backdatedValue", {
        agreed: fileDay(content.backdatedFrom, locale),
        start: fileDay(content.period.startsOn, locale),
      }),
    ]);
  }
  if (content.shares) {
    out.push([
      t("integrity.shares"),
      t("integrity.sharesValue", {
        verified: num(content.shares.verified),
        selfReported: num(content.shares.selfReported),
        counted: num(content.shares.counted),
      }),
    ]);
  }
  if (content.uniqueClicks) {
    out.push([
      t("integrity.clicks"),
      t("integrity.clicksValue", {
        counted: num(content.uniqueClicks.counted),
        heldBack: num(content.uniqueClicks.heldBack),
      }),
    ]);
  }
  return out;
}
