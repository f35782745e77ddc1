import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import type { Locale } from "~/db/schema.ts";
import { closeE2eDatabase } from "~/tests/e2e/support/database.ts";
import { addSession, createE2eCompany, type NewCompany } from "~/tests/e2e/support/session.ts";

export { expect };
export type { Page };

export interface SignInOptions {
  /** sign in this page's browser context (default: a fresh context and page, a browser of its own) */
  page?: Page;
  /** where the page goes once signed in (default: the demo tenant's dashboard) */
  path?: string;
  /** the person's language, saved as the language switch does (default "en"; null leaves it) */
  locale?: Locale | null;
}

/**
 * Every spec imports `test` from here. Every page runs under server.ts's Content-Security-Policy
 * (nonce-only scripts, img-src 'self' data:): Chromium reports anything it blocks on the console,
 * and a blocked script would be a page that never hydrates. This fixture watches every browser
 * context a test opens — the default one and those made with browser.newContext() (signInToDemo,
 * a second person's browser) — and fails the test on any violation.
 */
export const test = base.extend<
  {
    cspGuard: void;
    /**
     * Signs `email` in with a session made directly in the e2e database (tests/e2e/support/session.ts),
     * not through the mailed link: for every spec whose subject is not the sign-in. Returns the page,
     * on `path`, in English unless `locale` says otherwise.
     */
    signIn: (email: string, options?: SignInOptions) => Promise<Page>;
    /** A company of the spec's own, with its admin and members, made without the sign-up UI. */
    newCompany: (company: NewCompany) => Promise<{ tenantId: string }>;
  },
  { e2eDatabase: void }
>({
  e2eDatabase: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use();
      await closeE2eDatabase();
    },
    { scope: "worker", auto: true },
  ],
  signIn: async ({ browser, baseURL }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (email, { page, path = "/t/demo", locale = "en" } = {}) => {
      let target = page;
      if (!target) {
        const context = await browser.newContext();
        contexts.push(context);
        target = await context.newPage();
      }
      await addSession(target.context(), baseURL ?? "http://localhost:3100", email, { locale });
      await target.goto(path);
      await expect(target.getByRole("navigation").first()).toBeVisible();
      if (locale) await expect(target.locator("html")).toHaveAttribute("lang", locale);
      return target;
    });
    for (const context of contexts) await context.close();
  },
  // eslint-disable-next-line no-empty-pattern
  newCompany: async ({}, use) => {
    await use(createE2eCompany);
  },
  cspGuard: [
    async ({ browser, context }, use) => {
      const violations: string[] = [];
      // Chromium logs a refused script or style to the console, but an eval a script catches (zod's
      // `new Function("")` probe) only as a securitypolicyviolation event (DevTools' Issues panel,
      // Lighthouse's best practices): every page logs those events itself.
      const watch = async (ctx: BrowserContext) => {
        ctx.on("console", (message) => {
          if (message.text().includes("Content Security Policy"))
            violations.push(`${message.page()?.url() ?? "?"}: ${message.text()}`);
        });
        await ctx.addInitScript(() => {
          document.addEventListener(
            "securitypolicyviolation",
            (event) =>
              console.error(
                `Content Security Policy violation (event): ${event.violatedDirective} ${event.blockedURI}`,
              ),
            true,
          );
        });
      };
      await watch(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<typeof browser.newContext>) => {
        const ctx = await newContext(...args);
        await watch(ctx);
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
