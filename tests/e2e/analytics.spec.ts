import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "~/tests/e2e/support/test.ts";
import Papa from "papaparse";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";

const KARLA = "kommunikation@demo.chorus.test"; // comms lead
const MIA = "mitarbeiterin@demo.chorus.test"; // employee with shares in the demo history

/** A day in the demo tenant's zone, `offset` days from today. */
function berlinDay(offset: number): string {
  const today = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Berlin",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** "1,234" → 1234; "€1,481.60" → 148160 (cents) */
const count = async (page: Page, testId: string) =>
  Number((await page.getByTestId(testId).innerText()).replace(/[^0-9]/g, ""));

test("a comms lead sees the programme as a chart and exports CSV with the page's totals", async ({
  signIn,
}) => {
  const page = await signIn(KARLA);
  // ending yesterday: a click arriving during the test cannot change these days
  const from = berlinDay(-60);
  const to = berlinDay(-1);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("heading", { name: "Analytics", level: 1 })).toBeVisible();
  await page.getByLabel("From", { exact: true }).fill(from);
  await page.getByLabel("To", { exact: true }).fill(to);
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`from=${from}&to=${to}`));
  // the URL changes a moment before the new figures render: wait for the chart of the chosen range
  const medium = (day: string) =>
    new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(
      new Date(`${day}T12:00:00Z`),
    );
  await expect(page.getByTestId("chart")).toHaveAttribute(
    "aria-label",
    new RegExp(`${medium(from)} – ${medium(to)}`),
  );

  // the chart is one image whose name says what it shows and its total
  const clicks = await count(page, "total-clicks");
  expect(clicks).toBeGreaterThan(0);
  const chart = page.getByRole("img", { name: /^Clicks per day, .*: [\d,]+ in total$/ });
  await expect(chart).toBeVisible();
  // the chart adds up the days it shows; days with fewer than 5 people behind them are held back
  // (issue 11), so it is the totals' figure exactly when none is
  const chartClicks = Number(
    (await chart.getAttribute("aria-label"))!.replace(/^.*: ([\d,]+) in total$/, "$1").replace(/,/g, ""),
  );
  expect(chartClicks).toBeLessThanOrEqual(clicks);
  // another figure, chosen by its radio button
  await page.getByRole("radio", { name: "Impressions" }).check();
  await expect(page.getByRole("img", { name: /^Impressions per day/ })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Impressions (estimated)" })).toBeVisible();

  // privacy by the people behind the figures (issue 11): Marketing (4 sharers) and the management
  // (1) are held back; together they are 5 people, so Vertrieb (6 sharers) can be shown without
  // the programme's totals minus Vertrieb's giving away one person's figures
  const teams = page.getByTestId("teams-table");
  await expect(teams.getByRole("row", { name: /Marketing/ })).toContainText("Too few people to show");
  await expect(teams.getByRole("row", { name: /Vertrieb/ })).not.toContainText("Too few people to show");
  await expect(teams.getByRole("row", { name: /Geschäftsführung/ })).toContainText("Too few people to show");
  await expectNoSeriousA11yViolations(page);

  const totals = {
    shares: await count(page, "total-shares"),
    clicks,
    uniqueVisitors: await count(page, "total-unique-visitors"),
    earnedCents: await count(page, "total-earned-media"),
  };

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV: Over time" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`chorus-analytics-timeline-${from}_${to}.csv`);
  const text = await readFile((await download.path())!, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.data).toHaveLength(60);
  const sum = (column: string) => parsed.data.reduce((total, row) => total + Number(row[column]), 0);
  // the CSV holds back the same days as the page: empty cells and a note, the rest the chart's figures
  const heldBack = parsed.data.filter((row) => row.note === "too few people to show");
  for (const row of heldBack) expect(row.clicks).toBe("");
  expect(sum("clicks")).toBe(chartClicks);
  if (heldBack.length === 0) {
    expect(sum("shares")).toBe(totals.shares);
    expect(sum("clicks")).toBe(totals.clicks);
    expect(sum("unique_visitors_per_day_summed")).toBe(totals.uniqueVisitors);
    expect(Math.round(sum("earned_media_eur") * 100)).toBe(totals.earnedCents);
  } else {
    expect(sum("shares")).toBeLessThanOrEqual(totals.shares);
    expect(sum("clicks")).toBeLessThanOrEqual(totals.clicks);
  }

  // filtering to a team below the minimum size shows the reason and no figures
  await page.getByRole("combobox", { name: "Team" }).selectOption({ label: "Marketing" });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.getByTestId("too-few")).toContainText(
    "“Marketing” has fewer than 5 people in the programme",
  );
  await expect(page.getByTestId("total-clicks")).toHaveCount(0);
  await expect(page.getByRole("img")).toHaveCount(0);
  await page.context().close();
});

test("an employee sees their own impact, and no analytics", async ({ signIn }) => {
  const page = await signIn(MIA);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Analytics" })).toHaveCount(0);
  await nav.getByRole("link", { name: "My impact" }).click();
  await expect(page.getByRole("heading", { name: "My impact", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "Last 90 days" }).click();
  await expect(page.getByRole("img", { name: /^Clicks per day, .* in total$/ })).toBeVisible();
  expect(await count(page, "my-clicks")).toBeGreaterThan(0);
  await expect(page.getByTestId("my-shares-table").getByRole("row")).not.toHaveCount(1); // more than the header
  await expect(page.getByText("No goal agreement yet")).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  const forbidden = await page.goto("/t/demo/analytics");
  expect(forbidden?.status()).toBe(403);
  await page.context().close();
});
