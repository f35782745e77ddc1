import { test as base, expect, type BrowserContext } from "@playwright/test";

export { expect };
export type { Page } from "@playwright/test";

/**
 * Every spec imports `test` from here. Every page runs under server.ts's Content-Security-Policy
 * (nonce-only scripts, img-src 'self' data:): Chromium reports anything it blocks on the console,
 * and a blocked script would be a page that never hydrates. This fixture watches every browser
 * context a test opens — the default one and those made with browser.newContext() (signInToDemo,
 * a second person's browser) — and fails the test on any violation.
 */
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ browser, context }, use) => {
      const violations: string[] = [];
      const watch = (ctx: BrowserContext) =>
        ctx.on("console", (message) => {
          if (message.text().includes("Content Security Policy"))
            violations.push(`${message.page()?.url() ?? "?"}: ${message.text()}`);
        });
      watch(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<typeof browser.newContext>) => {
        const ctx = await newContext(...args);
        watch(ctx);
        return ctx;
      };
      try {
        await use();
      } finally {
        browser.newContext = newContext;
      }
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});
