import { expect, test, type Page } from "~/tests/e2e/support/test.ts";
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

/*
 * "Share via…" (Web Share API). Chromium on Linux has no navigator.share: a stub stands in for the
 * phone's share sheet. It records each call and answers with the next of `answers` ("ok" resolves;
 * an error name rejects with that DOMException, as a browser does for an expired tap or a closed sheet).
 */
async function stubShareSheet(page: Page, answers: string[]) {
  await page.addInitScript((sequence: string[]) => {
    const w = window as unknown as { __shareCalls: ShareData[] };
    w.__shareCalls = [];
    Object.defineProperty(Navigator.prototype, "share", {
      configurable: true,
      value: (data: ShareData) => {
        const answer = sequence[w.__shareCalls.length] ?? "ok";
        w.__shareCalls.push(data);
        return answer === "ok" ? Promise.resolve() : Promise.reject(new DOMException("stub", answer));
      },
    });
  }, answers);
}

const shareCalls = (page: Page) =>
  page.evaluate(() => (window as unknown as { __shareCalls: ShareData[] }).__shareCalls);

/** Jonas is in the programme with the guidelines accepted (seed-demo.server.ts) and in no other spec. */
const JONAS = "jonas.jung@demo.chorus.test";

async function openShareOfAusbildung(page: Page) {
  await page.goto("/t/demo/hub");
  const card = page.getByRole("article").filter({ hasText: "Ausbildung 2027" });
  await card.getByRole("link", { name: /^Share/ }).click();
  await expect(page).toHaveURL(/\/share/);
  await page.locator("html[data-hydrated]").waitFor();
  await page.getByRole("radio", { name: "X", exact: true }).check();
}

async function sharesOfAusbildung(page: Page): Promise<number> {
  await page.goto("/t/demo/shares");
  return page.getByRole("row").filter({ hasText: "Ausbildung 2027" }).count();
}

test("on a phone, 'Share via…' records the share and hands the text and the tracked link to the share sheet", async ({
  signIn,
}) => {
  const page = await signIn(JONAS);
  await page.setViewportSize({ width: 390, height: 844 });
  const before = await sharesOfAusbildung(page);
  await stubShareSheet(page, ["ok"]);
  await openShareOfAusbildung(page);
  await page.getByRole("button", { name: "Share via…" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Handed to your app" })).toBeVisible();
  const tracked = (await page.locator("code").filter({ hasText: "/s/" }).textContent()) ?? "";
  expect(tracked).toMatch(/^http:\/\/localhost:3100\/s\/[A-Za-z0-9]{10}$/);
  const calls = await shareCalls(page);
  expect(calls).toHaveLength(1);
  // the sheet gets the text and the tracked link apart; together they are what gets posted
  expect(calls[0]!.url).toBe(tracked);
  expect(calls[0]!.text).toContain("Ausbildung 2027");
  expect(calls[0]!.text).toContain("#mitarbeiter");
  expect(`${calls[0]!.text}\n\n${calls[0]!.url}`).toContain(tracked);
  // no network page opened by itself: the person picked their app in the sheet
  await expect(page.getByRole("link", { name: "Open X" })).toHaveClass(/secondary/);
  await expectNoSeriousA11yViolations(page);

  expect(await sharesOfAusbildung(page)).toBe(before + 1);
  const row = page.getByRole("row").filter({ hasText: "Ausbildung 2027" }).first();
  await expect(row).toContainText("X");
  await page.context().close();
});

test("an expired tap asks for one more; a closed sheet keeps the share recorded and offers the sheet again", async ({
  signIn,
}) => {
  const page = await signIn(JONAS);
  await page.setViewportSize({ width: 390, height: 844 });
  const before = await sharesOfAusbildung(page);
  await stubShareSheet(page, ["NotAllowedError", "AbortError", "ok"]);
  await openShareOfAusbildung(page);
  await page.getByRole("button", { name: "Share via…" }).click();

  await expect(page.getByRole("status").filter({ hasText: "needs one more tap" })).toBeVisible();
  await page.getByRole("button", { name: "Open share sheet" }).click();
  await expect(page.getByRole("status").filter({ hasText: "You closed the share sheet" })).toBeVisible();
  await page.getByRole("button", { name: "Open share sheet" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Handed to your app" })).toBeVisible();
  const calls = await shareCalls(page);
  expect(calls).toHaveLength(3);
  expect(new Set(calls.map((c) => c.url)).size).toBe(1); // one share, one tracked link, three tries
  await expect(page.getByRole("button", { name: "Open share sheet" })).toHaveCount(0);

  expect(await sharesOfAusbildung(page)).toBe(before + 1);
  await page.context().close();
});

test("without a share sheet the share page keeps its network buttons and offers no 'Share via…'", async ({
  signIn,
}) => {
  const page = await signIn(JONAS);
  await page.addInitScript(() => {
    delete (Navigator.prototype as { share?: unknown }).share;
  });
  await openShareOfAusbildung(page);
  await expect(page.getByRole("button", { name: "Share on X" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy text and link" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Share via…" })).toHaveCount(0);
  await page.context().close();
});

test("the sharing pages fit a 360 px phone: no sideways scrolling, the hub's Share a big enough target", async ({
  signIn,
}) => {
  const page = await signIn(JONAS, { locale: "de" });
  await page.setViewportSize({ width: 360, height: 740 });
  const fits = async (what: string) => {
    const [scrollWidth, innerWidth] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    expect(scrollWidth, `${what} scrolls sideways`).toBeLessThanOrEqual(innerWidth);
  };
  await page.goto("/t/demo/hub");
  await fits("the hub");
  const card = page.getByRole("article").filter({ hasText: "Ausbildung 2027" });
  const share = card.getByRole("link", { name: /teilen$/ });
  expect((await share.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
  await expectNoSeriousA11yViolations(page);
  await share.click();
  await expect(page).toHaveURL(/\/share/);
  await page.locator("html[data-hydrated]").waitFor();
  await fits("the share page"); // a caption with a long link once widened it to 410 px
  for (const path of [
    "shares",
    "impact",
    "suggest",
    "advocacy",
    "guidelines",
    "profiles",
    "escalate",
    "profile",
  ]) {
    await page.goto(`/t/demo/${path}`);
    await fits(path);
  }
  await page.context().close();
});
