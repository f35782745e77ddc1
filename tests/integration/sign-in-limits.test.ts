import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { drainInProcessJobs } from "~/jobs/queue.ts";
import { createI18n } from "~/app/lib/i18n/resources.ts";
import { resetRateLimits } from "~/app/lib/rate-limit.server.ts";
import { consumeSignInLink } from "~/app/modules/auth/consume-sign-in-link.server.ts";
import * as loginRoute from "~/app/routes/login.tsx";
import * as signupRoute from "~/app/routes/signup.tsx";
import { createUser, uniqueId } from "~/tests/support/factories.ts";

// Low limits for this file, read once on first use: 3 per (address, IP) in 15 minutes, 5 per address
// in an hour. Mail goes to this file's outbox; Redis unset → per-process limits, in-process jobs.
process.env.SIGN_IN_LIMIT_PER_EMAIL = "3";
process.env.SIGN_IN_LIMIT_PER_EMAIL_HOURLY = "5";
process.env.SIGN_IN_LIMIT_PER_IP = "30";
const outbox = mkdtempSync(join(tmpdir(), "chorus-sign-in-limits-mail-"));
process.env.MAIL_DIR = outbox;
delete process.env.RESEND_API_KEY;
delete process.env.REDIS_URL;

let db: DB;
beforeAll(async () => {
  ({ db } = await database());
});
beforeEach(() => resetRateLimits());

/** The token from the newest sign-in mail to `email`, read from the outbox like a person would. */
function tokenFromLatestMail(email: string): string {
  const mails = readdirSync(outbox)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(outbox, f), "utf8")) as { to: string; text: string });
  const token = mails
    .filter((m) => m.to === email)
    .at(-1)
    ?.text.match(/\/login\/verify\?token=([a-z2-7]+)/)?.[1];
  if (!token) throw new Error(`no sign-in link mailed to ${email}`);
  return token;
}

/** What an action answered, whether it returned plain data, data() with a status, or threw a Response. */
interface Answer {
  status: number;
  headers: Headers;
  data: Record<string, unknown>;
}
async function answerOf(run: () => Promise<unknown>): Promise<Answer> {
  const result = await run().catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  });
  if (result instanceof Response) return { status: result.status, headers: result.headers, data: {} };
  const init =
    (result as { type?: string; init?: ResponseInit | null; data?: unknown }).type === "DataWithResponseInit"
      ? (result as { init: ResponseInit | null; data: unknown })
      : null;
  if (init)
    return {
      status: init.init?.status ?? 200,
      headers: new Headers(init.init?.headers),
      data: init.data as Record<string, unknown>,
    };
  return { status: 200, headers: new Headers(), data: result as Record<string, unknown> };
}

const post = (path: string, fields: Record<string, string>) =>
  new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields) });
const login = (email: string, ip: string) =>
  answerOf(() =>
    loginRoute.action({
      request: post("/login", { email, locale: "de" }),
      context: { ip },
      params: {},
    } as never),
  );
const signup = (fields: { slug: string; adminEmail: string }, ip: string) =>
  answerOf(() =>
    signupRoute.action({
      request: post("/signup", { companyName: "Acme", adminName: "Ada", locale: "en", ...fields }),
      context: { ip },
      params: {},
    } as never),
  );

function expectRefused(answer: Answer, maxSeconds: number): void {
  expect(answer.status).toBe(429);
  const retryAfter = Number(answer.headers.get("Retry-After"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect(answer.data.retryInMinutes).toBe(Math.ceil(retryAfter / 60));
}

const liveLinks = (email: string) =>
  db
    .selectFrom("sign_in_tokens")
    .select("id")
    .where("email", "=", email)
    .where("expires_at", ">", new Date())
    .execute();

describe("sign-in link limits", () => {
  it("an IP that used up its bucket for an address does not stop that address from another IP", async () => {
    const user = await createUser(db);
    for (let i = 0; i < 3; i++)
      expect((await login(user.email, "203.0.113.66")).status, `request ${i + 1}`).toBe(200);
    expectRefused(await login(user.email, "203.0.113.66"), 15 * 60);
    // The case of the address does not open a new bucket.
    expectRefused(await login(user.email.toUpperCase(), "203.0.113.66"), 15 * 60);

    const person = await login(user.email, "198.51.100.7");
    expect(person.status).toBe(200);
    expect(person.data.sentTo).toBe(user.email);
    await drainInProcessJobs();
    expect((await consumeSignInLink(db, tokenFromLatestMail(user.email))).ok).toBe(true);
  });

  it("refuses a request over the hourly cap per address without ending the link the person has", async () => {
    const user = await createUser(db);
    // five networks use up the address's hour; each of these mails a new link and ends the older ones
    for (let i = 0; i < 5; i++) expect((await login(user.email, `192.0.2.${i + 1}`)).status).toBe(200);
    await drainInProcessJobs();
    const token = tokenFromLatestMail(user.email);
    const before = await liveLinks(user.email);
    expect(before).toHaveLength(1);

    // from a fresh network, and from the person's own: refused, nothing mailed, nothing ended
    expectRefused(await login(user.email, "192.0.2.99"), 60 * 60);
    expectRefused(await login(user.email, "192.0.2.1"), 60 * 60);
    await drainInProcessJobs();
    expect(tokenFromLatestMail(user.email)).toBe(token);
    expect(await liveLinks(user.email)).toEqual(before);
    expect((await consumeSignInLink(db, token)).ok).toBe(true);

    // other addresses from the same networks go on
    const other = await createUser(db);
    expect((await login(other.email, "192.0.2.99")).status).toBe(200);
  });

  it("shows the refusal in the form, in German and in English", async () => {
    const user = await createUser(db);
    for (let i = 0; i < 3; i++) await login(user.email, "203.0.113.80");
    const refused = await login(user.email, "203.0.113.80");
    expect(refused.status).toBe(429);
    const minutes = refused.data.retryInMinutes as number;
    expect(render(loginRoute.default as never, "/login", refused.data, "de")).toContain(
      `versuche es bitte in ${minutes} Minuten erneut`,
    );
    expect(render(loginRoute.default as never, "/login", refused.data, "en")).toContain(
      `please try again in ${minutes} minutes`,
    );
    expect(render(loginRoute.default as never, "/login", refused.data, "en")).toContain('role="alert"');
    // the page answer (not only the action's) keeps Retry-After
    expect(loginRoute.headers({ actionHeaders: refused.headers }).get("Retry-After")).toBe(
      refused.headers.get("Retry-After"),
    );
  });
});

describe("sign-up limits", () => {
  it("checks the sign-in link limits before creating the tenant", async () => {
    const adminEmail = `admin-${uniqueId()}@example.test`;
    for (let i = 0; i < 3; i++) await login(adminEmail, "203.0.113.90");
    const slug = `refused-${uniqueId()}`.slice(0, 40);
    const refused = await signup({ slug, adminEmail }, "203.0.113.90");
    expectRefused(refused, 15 * 60);
    expect(await db.selectFrom("tenants").select("id").where("slug", "=", slug).execute()).toEqual([]);
    expect(render(signupRoute.default as never, "/signup", refused.data, "de")).toContain(
      `Es wurde nichts angelegt; versuche es bitte in ${refused.data.retryInMinutes as number} Minuten erneut`,
    );
  });

  it("answers the 11th sign-up of an hour from one IP with 429 and creates nothing", async () => {
    const ip = "203.0.113.91";
    for (let i = 0; i < 10; i++) {
      const ok = await signup(
        {
          slug: `burst-${i}-${uniqueId()}`.slice(0, 40),
          adminEmail: `burst-${i}-${uniqueId()}@example.test`,
        },
        ip,
      );
      expect(ok.status, `sign-up ${i + 1}`).toBe(200);
    }
    const slug = `burst-x-${uniqueId()}`.slice(0, 40);
    const refused = await signup({ slug, adminEmail: `burst-x-${uniqueId()}@example.test` }, ip);
    expectRefused(refused, 60 * 60);
    expect(await db.selectFrom("tenants").select("id").where("slug", "=", slug).execute()).toEqual([]);
    expect(render(signupRoute.default as never, "/signup", refused.data, "en")).toContain(
      "Nothing was created",
    );
    expect(
      new Headers(signupRoute.headers({ actionHeaders: refused.headers } as never)).get("Retry-After"),
    ).toBe(refused.headers.get("Retry-After"));
    await drainInProcessJobs();
  });
});

/** The page as the server renders it after the action answered `actionData`. */
function render(Component: ComponentType, path: string, actionData: unknown, locale: "de" | "en"): string {
  const Stub = createRoutesStub([
    { id: "page", path, Component, loader: () => ({ devMail: false }), action: () => actionData },
  ]);
  return renderToString(
    createElement(
      I18nextProvider,
      { i18n: createI18n(locale) },
      createElement(Stub, {
        initialEntries: [path],
        hydrationData: { loaderData: { page: { devMail: false } }, actionData: { page: actionData } },
      }),
    ),
  );
}
