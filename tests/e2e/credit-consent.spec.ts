import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { expect, test } from "~/tests/e2e/support/test.ts";
import { e2eDatabaseUrl } from "~/tests/e2e/support/database.ts";

// "Who looked at my figures" cannot be written by another site (issue 11): a page on a foreign site
// links Max Manager's browser (signed in, SameSite=Lax cookie) to a report's agreement page. The
// real browser sends Sec-Fetch-Site: cross-site, so the page shows no figures and logs nothing;
// Max's own click on "Show figures" is a same-origin navigation that shows them and logs one view.
// The lure is served from 127.0.0.1 — another site than the app's localhost.

const MAX = "manager@demo.chorus.test";
const SVEN = "sven.schulz@demo.chorus.test";
const APP = "http://localhost:3100";

/** The e2e app's database (tests/e2e/support/database.ts). */
async function e2eClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: await e2eDatabaseUrl() });
  await client.connect();
  return client;
}

let client: pg.Client;
let lure: Server;
let lureUrl = "";
let agreementId = "";
let svenId = "";

test.beforeAll(async () => {
  client = await e2eClient();
  // an accepted agreement of Sven (Max's report) over the whole current year: objectives first, they freeze on acceptance
  const year = new Date().getUTCFullYear();
  const { rows } = await client.query<{ id: string; tenant_id: string; employee_id: string }>(
    `INSERT INTO goal_agreements (tenant_id, employee_id, manager_id, period_kind, period_label, starts_on, ends_on, status, updated_at)
     SELECT m.tenant_id, m.id, m.manager_id, 'year', $2, $3, $4, 'proposed', now()
     FROM memberships m JOIN users u ON u.id = m.user_id JOIN tenants t ON t.id = m.tenant_id
     WHERE u.email = $1 AND t.slug = 'demo'
     RETURNING id, tenant_id, employee_id`,
    [SVEN, String(year), `${year}-01-01`, `${year}-12-31`],
  );
  const row = rows[0]!;
  agreementId = row.id;
  svenId = row.employee_id;
  await client.query(
    `INSERT INTO goal_objectives (tenant_id, agreement_id, position, metric, title, target, weight) VALUES ($1, $2, 1, 'points', 'Punkte im Jahr', 1000, 100)`,
    [row.tenant_id, row.id],
  );
  await client.query(
    `UPDATE goal_agreements SET status = 'accepted', accepted_at = now(), attainment_cap_percent = 150 WHERE id = $1`,
    [row.id],
  );

  lure = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(
      `<!doctype html><title>Win a prize</title><a id="lure" href="${APP}/t/demo/goals/${agreementId}">Claim your prize</a>`,
    );
  });
  await new Promise<void>((resolve) => lure.listen(0, "127.0.0.1", resolve));
  lureUrl = `http://127.0.0.1:${(lure.address() as AddressInfo).port}/`;
});

test.afterAll(async () => {
  await client?.end();
  await new Promise((resolve) => lure?.close(resolve));
});

async function accessLog(): Promise<string[]> {
  const { rows } = await client.query<{ action: string }>(
    `SELECT action FROM credit_access_log WHERE subject_membership_id = $1 ORDER BY created_at, id`,
    [svenId],
  );
  return rows.map((r) => r.action);
}

test("a link from another site shows no figures and logs nothing; the manager's own click does", async ({
  signIn,
}) => {
  const max = await signIn(MAX);
  await max.goto(lureUrl);
  await max.locator("#lure").click();
  await expect(max).toHaveURL(`${APP}/t/demo/goals/${agreementId}`);
  await expect(max.getByTestId("figures-withheld")).toContainText("opened from another site");
  await expect(max.getByTestId("objectives")).toContainText("Punkte im Jahr");
  await expect(max.getByTestId("overall")).toHaveCount(0);
  expect(await accessLog()).toEqual([]);

  await max.locator("html[data-hydrated]").waitFor();
  await max.getByRole("link", { name: "Show figures" }).click();
  await expect(max.getByTestId("overall")).toBeVisible();
  await expect(max.getByTestId("figures-withheld")).toHaveCount(0);
  await expect(
    max.getByText("You see the attainment per objective and overall, not the activities behind it."),
  ).toBeVisible();
  await expect.poll(accessLog).toEqual(["agreement.viewed"]);

  // back to the goals list inside the app: Sven's attainment is shown, and that is logged too
  await max.getByRole("link", { name: "← Goals" }).click();
  await expect(max.getByTestId("report-agreements")).toContainText("Sven Schulz");
  await expect.poll(accessLog).toEqual(["agreement.viewed", "list.viewed"]);
  await max.context().close();
});
