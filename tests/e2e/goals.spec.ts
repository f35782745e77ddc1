import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "~/tests/e2e/support/test.ts";
import Papa from "papaparse";
import { PDFDocument } from "pdf-lib";
import pg from "pg";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";
import { e2eDatabaseUrl } from "~/tests/e2e/support/database.ts";

// A goal agreement from proposal to the review export, through the real UI of the demo tenant:
// Max Manager proposes advocacy goals for Mia Mitarbeiterin (his direct report, app/modules/tenancy/seed-demo.server.ts) for the
// running quarter (it counts from the day he proposes), she accepts and shares a post, Anna Admin
// closes periods on the admin page (what is ready, and Mia's running quarter early, with a reason
// the statement states), Mia releases her credit statement, and Max downloads it as CSV and PDF.

const MAX = "manager@demo.chorus.test";
const MIA = "mitarbeiterin@demo.chorus.test";
const ANNA = "admin@demo.chorus.test";
const MEHMET = "mitarbeiter@demo.chorus.test";
const EARLY_REASON = "Mia wechselt zum 1. des Monats ins Marketing";

test.describe.configure({ mode: "serial" });

/** The quarter of today in the demo tenant's zone (Europe/Berlin), e.g. "2026-Q4". */
function currentQuarter(): string {
  const [year, month] = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Berlin",
    year: "numeric",
    month: "2-digit",
  })
    .format(new Date())
    .split("-")
    .map(Number) as [number, number];
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}
const QUARTER = currentQuarter();
/** Today in the demo tenant's zone, "YYYY-MM-DD". */
function todayInBerlin(): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Berlin",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
}

/**
 * An agreement of last year that was accepted and never closed (the hourly job did not run, say):
 * written straight into the e2e database, as the UI can no longer agree an ended period.
 */
async function insertUnclosedAgreement(
  email: string,
  label: string,
  startsOn: string,
  endsOn: string,
): Promise<void> {
  const client = new pg.Client({ connectionString: await e2eDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; tenant_id: string }>(
      `INSERT INTO goal_agreements (tenant_id, employee_id, manager_id, period_kind, period_label, starts_on, ends_on, status, proposed_at, updated_at)
       SELECT m.tenant_id, m.id, m.manager_id, 'quarter', $2, $3, $4, 'proposed', $3::date - 7, now()
       FROM memberships m JOIN users u ON u.id = m.user_id JOIN tenants t ON t.id = m.tenant_id
       WHERE u.email = $1 AND t.slug = 'demo'
       RETURNING id, tenant_id`,
      [email, label, startsOn, endsOn],
    );
    const agreement = rows[0]!;
    // objectives first: those of an accepted agreement are frozen (0018)
    await client.query(
      `INSERT INTO goal_objectives (tenant_id, agreement_id, position, metric, title, target, weight) VALUES ($1, $2, 1, 'shares', 'Teilen', 3, 100)`,
      [agreement.tenant_id, agreement.id],
    );
    await client.query(
      `UPDATE goal_agreements SET status = 'accepted', accepted_at = $2::date - 6, attainment_cap_percent = 150 WHERE id = $1`,
      [agreement.id, startsOn],
    );
  } finally {
    await client.end();
  }
}

async function download(
  page: Page,
  link: ReturnType<Page["getByRole"]>,
): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

let agreementUrl = "";

test("before any statement: the manager's credit page says when statements appear; the employee's access log is empty", async ({
  signIn,
}) => {
  const max = await signIn(MAX);
  await max.getByRole("link", { name: "Credit for reviews", exact: true }).click();
  await expect(max.getByRole("heading", { level: 1, name: "Credit for reviews" })).toBeVisible();
  await expect(max.getByTestId("credit-empty")).toContainText(`No released statements for ${QUARTER}.`);
  await expectNoSeriousA11yViolations(max);
  // the custom range picker, by keyboard-reachable form controls
  await max.getByLabel("Kind of period").selectOption("custom");
  await max.getByLabel("From", { exact: true }).fill("2026-02-01");
  await max.getByLabel("To", { exact: true }).fill("2026-01-01");
  await max.getByRole("button", { name: "Show" }).click();
  await expect(max.getByRole("alert")).toContainText("Choose a valid period");
  await max.context().close();

  const mia = await signIn(MIA);
  // employees have no credit export
  expect((await mia.request.get("/t/demo/credit")).status()).toBe(403);
  expect((await mia.request.get(`/t/demo/credit/export?format=csv&period=${QUARTER}`)).status()).toBe(403);
  await mia.goto("/t/demo/credit/access");
  await expect(mia.getByRole("heading", { level: 1, name: "Who looked at my figures" })).toBeVisible();
  await expect(mia.getByTestId("access-log-empty")).toBeVisible();
  await expectNoSeriousA11yViolations(mia);
  await mia.context().close();
});

test("the manager proposes goals for the current quarter and the employee accepts them", async ({
  signIn,
}) => {
  const max = await signIn(MAX);
  await max.goto("/t/demo/goals/new");
  await expect(max.getByRole("heading", { level: 1, name: "Propose goals" })).toBeVisible();
  // the weight sum is computed in the browser: type only once React has hydrated
  await max.locator("html[data-hydrated]").waitFor();
  await max.getByLabel("Direct report").selectOption({ label: "Mia Mitarbeiterin" });
  await max.getByLabel("Period").selectOption(QUARTER);
  // the quarter has started (unless today is its first day): the agreement counts from today, and the form says so
  const today = todayInBerlin();
  if (!/-(01|04|07|10)-01$/.test(today))
    await expect(max.getByTestId("start-hint")).toContainText(
      `${QUARTER} has started: the agreement counts from today`,
    );
  const objective = max.getByRole("group", { name: "Objective 1" });
  await objective.getByLabel("Metric").selectOption("shares");
  await objective.getByLabel("Objective", { exact: true }).fill("Beiträge teilen – Qualität zählt");
  await objective.getByLabel("Target").fill("1");
  await objective.getByLabel("Weight (%)").fill("100");
  await expect(max.getByTestId("weight-sum")).toHaveText("Weights add up to 100 %.");
  await expectNoSeriousA11yViolations(max);
  await max.getByRole("button", { name: "Propose", exact: true }).click();
  await expect(max.getByText("Proposal sent.")).toBeVisible();
  agreementUrl = new URL(max.url()).pathname;
  expect(agreementUrl).toMatch(/^\/t\/demo\/goals\/[0-9a-f-]{36}$/);
  await max.context().close();

  const mia = await signIn(MIA);
  await mia.goto(agreementUrl);
  await expectNoSeriousA11yViolations(mia);
  await mia.getByRole("button", { name: "Accept agreement" }).click();
  await expect(mia.getByText("Agreement accepted. It counts from now on.")).toBeVisible();
  // the cap is part of what was agreed (the demo tenant's setting at acceptance)
  await expect(mia.getByText("cap agreed: 150 %")).toBeVisible();
  await mia.context().close();
});

test("the employee shares a post, which counts for the objective", async ({ signIn }) => {
  const mia = await signIn(MIA);
  await mia
    .context()
    .route(/^https:\/\/(x\.com|example\.com)\//, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<title>stub</title>" }),
    );
  // Mia is in the programme with the guidelines accepted (app/modules/tenancy/seed-demo.server.ts), so she can share right away
  await mia.goto("/t/demo/hub");
  await mia
    .getByRole("article")
    .filter({ hasText: "Ausbildung 2027" })
    .getByRole("link", { name: /^Share/ })
    .click();
  // the network is React state on the share page: pick it only once the page has hydrated
  await expect(mia).toHaveURL(/\/share/);
  await mia.locator("html[data-hydrated]").waitFor();
  await mia.getByRole("radio", { name: "X", exact: true }).check();
  await mia.getByRole("button", { name: "Share on X" }).click();
  await expect(mia.getByRole("link", { name: "Open X" })).toBeVisible();

  // the live figures count it: the share is among the activities behind the objective
  await mia.goto(agreementUrl);
  const objectives = mia.getByTestId("objectives");
  await objectives.getByText(/^Activities behind this figure/).click();
  // newest first: the share just made
  await expect(objectives.locator("details table tbody tr").first()).toContainText("Ausbildung 2027");
  await mia.context().close();
});

test("an admin closes periods from the UI, the employee releases, the manager downloads CSV and PDF", async ({
  signIn,
}) => {
  test.setTimeout(150_000); // four people, two downloads
  const lastYear = `${Number(QUARTER.slice(0, 4)) - 1}`;
  await insertUnclosedAgreement(MEHMET, `${lastYear}-Q4`, `${lastYear}-10-01`, `${lastYear}-12-31`);

  const anna = await signIn(ANNA);
  await test.step("the admin closes what is ready", async () => {
    await anna.getByRole("link", { name: "Close periods", exact: true }).click();
    await expect(anna.getByRole("heading", { level: 1, name: "Close periods" })).toBeVisible();
    const ready = anna.getByTestId("periods-ready");
    await expect(ready.getByRole("row").filter({ hasText: "Mehmet Mitarbeiter" })).toContainText(
      `${lastYear}-Q4`,
    );
    // Mia's quarter is running: it is not among the ready ones
    await expect(ready.getByRole("row").filter({ hasText: "Mia Mitarbeiterin" })).toHaveCount(0);
    await expect(
      anna.getByTestId("periods-running").getByRole("row").filter({ hasText: "Mia Mitarbeiterin" }),
    ).toContainText(QUARTER);
    await expectNoSeriousA11yViolations(anna);
    await ready.getByRole("button", { name: "Close all ready (1)" }).click();
    await expect(anna.getByTestId("close-result")).toHaveText("Closed 1 period(s).");
    await expect(anna.getByTestId("periods-ready")).toContainText("Nothing is ready to close.");
    await expect(
      anna.getByTestId("periods-recent").getByRole("row").filter({ hasText: "Mehmet Mitarbeiter" }),
    ).toBeVisible();
  });

  await test.step("the admin closes Mia's running quarter early, by keyboard, with a reason", async () => {
    const row = anna.getByTestId("periods-running").getByRole("row").filter({ hasText: "Mia Mitarbeiterin" });
    await row.getByText("Close early…").focus();
    await anna.keyboard.press("Enter");
    const form = row.getByRole("form", { name: `Close Mia Mitarbeiterin's ${QUARTER} early` });
    await form.getByLabel("Reason (shown in the statement)").fill(EARLY_REASON);
    await form.getByLabel(/I understand that the statement will say it was closed early/).check();
    await expectNoSeriousA11yViolations(anna);
    await form.getByRole("button", { name: "Close early now" }).click();
    await expect(anna.getByTestId("close-result")).toHaveText("Closed early. The statement says so.");
    await expect(
      anna.getByTestId("periods-recent").getByRole("row").filter({ hasText: "Mia Mitarbeiterin" }),
    ).toContainText("closed early");
  });
  await anna.context().close();

  // Before the release the manager sees nothing for the quarter
  const max = await signIn(MAX);
  await max.goto(`/t/demo/credit?period=${QUARTER}`);
  await expect(max.getByTestId("credit-empty")).toContainText(
    "Statements appear here once the period is closed and your employees have released them",
  );
  await expectNoSeriousA11yViolations(max);

  // Mia opens her locked statement and releases it
  const mia = await signIn(MIA);
  await mia.goto("/t/demo/goals");
  await mia.getByRole("link", { name: new RegExp(`^${QUARTER}`) }).click();
  await expect(mia.getByRole("heading", { level: 1, name: `Credit statement ${QUARTER}` })).toBeVisible();
  await expect(mia.getByText("The hash matches the content.")).toBeVisible();
  // closed before the quarter ended: the statement says so, with who and why
  await expect(mia.locator("#main")).toContainText(EARLY_REASON);
  // how the shares are known: her one share through X's share page is self-reported, none verified
  const shares = mia.getByTestId("statement-shares");
  await expect(shares).toBeVisible();
  await expect(mia.getByTestId("shares-verified")).toHaveText("0");
  await expect(mia.getByTestId("shares-self-reported")).toHaveText("1");
  await expect(mia.getByTestId("shares-counted")).toHaveText("1");
  await expectNoSeriousA11yViolations(mia);
  await mia.getByLabel("I understand that releasing cannot be undone.").check();
  await mia.getByRole("button", { name: /^Release/ }).click();
  await expect(mia.getByText("Released. Your manager can see this statement now.")).toBeVisible();

  // Max downloads the CSV and the PDF from the credit page
  await max.goto("/t/demo/credit");
  await max.getByLabel("Kind of period").selectOption("quarter");
  await max.getByLabel("Year", { exact: true }).fill(QUARTER.slice(0, 4));
  await max.getByLabel("Quarter", { exact: true }).selectOption(QUARTER.slice(-1));
  await max.getByRole("button", { name: "Show" }).click();
  const row = max.getByRole("row").filter({ hasText: "Mia Mitarbeiterin" });
  await expect(row).toHaveCount(1);
  await expectNoSeriousA11yViolations(max);

  const csv = await download(max, row.getByRole("link", { name: "Export Mia Mitarbeiterin as CSV" }));
  expect(csv.name).toBe(`chorus-credit-${QUARTER}-mia-mitarbeiterin.csv`);
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const parsed = Papa.parse<string[]>(csv.bytes.toString("utf8").replace(/^\uFEFF/, ""), {
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  // Max reads English: comma-separated, English headers
  const [header, ...rows] = parsed.data;
  expect(header?.slice(0, 3)).toEqual(["Employee", "Team", "Manager"]);
  expect(rows).toHaveLength(2); // the objective and the overall row
  expect(rows[0]?.slice(0, 4)).toEqual(["Mia Mitarbeiterin", "Vertrieb", "Max Manager", QUARTER]);
  expect(rows[0]?.[header!.indexOf("Objective")]).toBe("Beiträge teilen – Qualität zählt");
  expect(Number(rows[0]?.[header!.indexOf("Actual")])).toBeGreaterThanOrEqual(1);

  const pdf = await download(max, max.getByRole("link", { name: "Export the 1 statement as PDF" }));
  expect(pdf.name).toBe(`chorus-credit-${QUARTER}.pdf`);
  expect((await PDFDocument.load(pdf.bytes)).getPageCount()).toBe(1);

  // …and Mia sees who looked at her figures
  // from her statement page (she is still on it)
  await mia.locator("#main").getByRole("link", { name: "Who looked at my figures" }).click();
  await expect(mia.getByRole("heading", { level: 1, name: "Who looked at my figures" })).toBeVisible();
  const log = mia.getByTestId("access-log");
  await expect(log.getByRole("row").filter({ hasText: "Exported it as PDF" })).toContainText("Max Manager");
  await expect(log.getByRole("row").filter({ hasText: "Exported it as CSV" })).toContainText("Max Manager");
  // Max opened the agreement only as a proposal, which shows no figures: nothing logged for that
  await expect(
    log.getByRole("row").filter({ hasText: "Looked at your goal agreement's figures" }),
  ).toHaveCount(0);
  await expectNoSeriousA11yViolations(mia);
  await mia.context().close();
  await max.context().close();
});
