import { expect, test } from "~/tests/e2e/support/test.ts";
import { expectNoSeriousA11yViolations } from "~/tests/e2e/support/axe.ts";

const MEHMET = "mitarbeiter@demo.chorus.test"; // a demo employee who has not joined the programme yet
/** A desktop browser's user agent: headless Chromium's own says "HeadlessChrome", which counts as a bot. */
const PERSON_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

test("an employee opts in, accepts the guidelines, shares to X, and a colleague's click on the tracked link counts", async ({
  browser,
  signIn,
}) => {
  const page = await signIn(MEHMET);
  // This machine has no internet: the networks and the destination answer locally.
  await page
    .context()
    .route(/^https:\/\/(x\.com|example\.com)\//, (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<title>stub</title>" }),
    );

  // Sharing is gated: first the programme, then the guidelines.
  await page.goto("/t/demo/advocacy");
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel("I have read this").check();
  await page.getByRole("button", { name: "Join the advocacy programme" }).click();
  await expect(page.getByText(/You joined on/)).toBeVisible();

  await page.goto("/t/demo/guidelines");
  await expect(page.getByRole("heading", { name: "Our social media guidelines" })).toBeVisible();
  await page.getByRole("button", { name: "I have read and accept these guidelines" }).click();
  await expect(page.getByText(/You accepted these guidelines on/)).toBeVisible();

  // Share the seeded "Ausbildung 2027" post to X
  await page.goto("/t/demo/hub");
  const card = page.getByRole("article").filter({ hasText: "Ausbildung 2027" });
  await card.getByRole("link", { name: /^Share/ }).click();
  // the network is React state on the share page: pick it only once the page has hydrated
  await expect(page).toHaveURL(/\/share/);
  await page.locator("html[data-hydrated]").waitFor();
  await page.getByRole("radio", { name: "X", exact: true }).check();
  const text = page.getByLabel(/^Your text/);
  await expect(text).toHaveValue(/#mitarbeiter/); // the tenant's disclosure is added and must stay
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: "Share on X" }).click();

  const open = page.getByRole("link", { name: "Open X" });
  await expect(open).toBeVisible();
  const intent = new URL((await open.getAttribute("href")) ?? "");
  expect(`${intent.origin}${intent.pathname}`).toBe("https://x.com/intent/tweet");
  expect(intent.searchParams.get("text")).toContain("Ausbildung 2027");
  expect(intent.searchParams.get("text")).toContain("#mitarbeiter");
  const tracked = intent.searchParams.get("url") ?? "";
  expect(tracked).toMatch(/^http:\/\/localhost:3100\/s\/[A-Za-z0-9]{10}$/);

  // A colleague (another browser, a person not a bot) follows the link: a 302 to the post's URL with UTM tags
  const visitor = await browser.newContext({ userAgent: PERSON_UA });
  const redirect = await visitor.request.get(tracked, { maxRedirects: 0 });
  expect(redirect.status()).toBe(302);
  expect(redirect.headers()["location"]).toBe(
    "https://example.com/karriere/ausbildung-2027?utm_source=x&utm_medium=employee_advocacy&utm_campaign=ausbildung-2027",
  );
  await visitor.close();

  // …and the sharer sees the click on "My shares" once the drain job has run
  await page.goto("/t/demo/shares");
  const row = page.getByRole("row").filter({ hasText: "Ausbildung 2027" });
  await expect(row).toHaveCount(1);
  await expect(async () => {
    await page.reload();
    await expect(row.getByTestId("share-clicks")).toHaveText("1", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expectNoSeriousA11yViolations(page);
  await page.context().close();
});
