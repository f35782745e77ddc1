import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, test } from "~/tests/e2e/support/test.ts";

// The error page's reference (the request id) names the request that failed, also after hydration:
// a client-side navigation whose loader fails and an action that fails (which revalidates no loader,
// so the root loader's id is still the document's). The transitions go through React Router's own
// router (window.__reactRouterDataRouter), as a <Link> or <Form> would.
const run = Date.now().toString(36);
const slug = `reqid-${run}`;
const LEAD = `lea-${run}@reqid.test`;

type RouterWindow = {
  __reactRouterDataRouter: {
    navigate(to: string, options?: { formMethod: "post"; formData: FormData }): Promise<void>;
  };
};

/** The X-Request-Id of the next `.data` response for `path`, once it has come. */
const dataRequestId = (page: Page, path: string) =>
  page
    .waitForResponse((r) => new URL(r.url()).pathname === `${path}.data`)
    .then((r) => r.headers()["x-request-id"]!);

test("an error page after hydration quotes the failed request's id, not the document's", async ({
  signIn,
  newCompany,
}) => {
  await newCompany({ name: `Reqid ${run}`, slug, admin: { name: "Lea Lead", email: LEAD } });
  const page = await signIn(LEAD, { path: `/t/${slug}` });
  const document = await page.goto(`/t/${slug}`);
  const documentId = (await document!.allHeaders())["x-request-id"]!;
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");

  // a navigation to a post that does not exist: its loader's 404
  const missing = `/t/${slug}/content/${randomUUID()}`;
  const loaderId = dataRequestId(page, missing);
  await page.evaluate(
    (to) => (window as unknown as RouterWindow).__reactRouterDataRouter.navigate(to),
    missing,
  );
  await expect(page.locator('[data-status="404"]')).toBeVisible();
  await expect(page.locator(".error-page")).toContainText(await loaderId);

  // an action that fails (a post id that is not one): its 404, not the document's id
  await page.goto(`/t/${slug}`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const failing = `/t/${slug}/content/not-a-uuid`;
  const actionId = dataRequestId(page, failing);
  await page.evaluate((to) => {
    const formData = new FormData();
    formData.set("intent", "approve");
    return (window as unknown as RouterWindow).__reactRouterDataRouter.navigate(to, {
      formMethod: "post",
      formData,
    });
  }, failing);
  await expect(page.locator('[data-status="404"]')).toBeVisible();
  const id = await actionId;
  await expect(page.locator(".error-page")).toContainText(id);
  await expect(page.locator(".error-page")).not.toContainText(documentId);
});
