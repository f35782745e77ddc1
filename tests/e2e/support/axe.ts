import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** WCAG 2.1 A and AA: what public-sector and larger German customers ask for (BITV 2.0 / EN 301 549). */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Runs axe on the page as it is now and fails on any "serious" or "critical" violation, listing
 * each rule with the offending elements so the failure can be fixed without re-running.
 * `exclude` takes CSS selectors for regions that are not ours (e.g. an embedded third-party widget).
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  options: { exclude?: string[] } = {},
): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();

  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 10)
        .map(
          (n) =>
            `      ${n.target.join(" ")}\n        ${n.failureSummary?.replace(/\n/g, "\n        ") ?? ""}`,
        )
        .join("\n");
      const more = v.nodes.length > 10 ? `\n      … and ${v.nodes.length - 10} more` : "";
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
    })
    .join("\n");

  // Compare rule ids, not the violation objects: the message carries the detail, the diff stays short.
  expect(
    serious.map((v) => v.id),
    `Accessibility violations on ${page.url()}:\n${report}`,
  ).toEqual([]);
}
