import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Tenant } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { createApiToken, listApiTokens } from "~/app/modules/api/api-tokens.server.ts";
import { ApiError } from "~/app/modules/api/schemas.ts";
import * as postsRoute from "~/app/routes/api.v1.posts.ts";
import * as goalsAgreementRoute from "~/app/routes/goals.agreement.tsx";
import * as goalsNewRoute from "~/app/routes/goals.new.tsx";
import * as kudosRoute from "~/app/routes/kudos.tsx";
import * as suggestionsInboxRoute from "~/app/routes/suggestions.inbox.tsx";
import * as suggestRoute from "~/app/routes/suggest.tsx";
import * as tokensRoute from "~/app/routes/admin.tokens.tsx";
import { addMember, createTenant, createUser, sessionCookie } from "~/tests/support/factories.ts";

// Low limits for this file: read once, on first use (nothing has used them yet when this runs).
process.env.API_RATE_LIMIT_PER_MINUTE = "5";
process.env.MEMBER_ACTION_LIMIT = "3";
delete process.env.REDIS_URL;

const DAY = 24 * 3600_000;
let db: DB;
let tenant: Tenant;

beforeAll(async () => {
  ({ db } = await database());
  tenant = await createTenant(db);
});

const issue = (opts: { lifetime?: "30" | "90" | "365" | "never"; now?: Date } = {}) =>
  withTenant(db, tenant.id, (tx) =>
    createApiToken(
      tx,
      {
        name: "ci",
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        createdBy: null,
        ...(opts.lifetime ? { lifetime: opts.lifetime } : {}),
      },
      opts.now,
    ),
  );

const listPosts = (token: string) =>
  postsRoute.loader({
    request: new Request("http://localhost/api/v1/posts", { headers: { Authorization: `Bearer ${token}` } }),
  } as never);

const tokenRow = (id: string) =>
  withTenant(db, tenant.id, (tx) =>
    tx
      .selectFrom("api_tokens")
      .select(["expires_at", "last_used_at"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow(),
  );

describe("API token expiry", () => {
  it("gives new tokens a year unless another lifetime (or none) is chosen", async () => {
    const now = new Date();
    expect((await issue({ now })).expiresAt).toEqual(new Date(now.getTime() + 365 * DAY));
    expect((await issue({ lifetime: "30", now })).expiresAt).toEqual(new Date(now.getTime() + 30 * DAY));
    const forever = await issue({ lifetime: "never" });
    expect(forever.expiresAt).toBeNull();
    expect((await tokenRow(forever.id)).expires_at).toBeNull();
  });

  it("answers an expired token with 401 and says it expired, without counting it as used", async () => {
    const { id, token } = await issue({ lifetime: "30", now: new Date(Date.now() - 31 * DAY) });
    const res = await listPosts(token);
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
    const body = ApiError.parse(await res.json());
    expect(body.error.code).toBe("unauthorized");
    expect(body.error.message).toMatch(/expired on \d{4}-\d\d-\d\dT/);
    expect((await tokenRow(id)).last_used_at).toBeNull();
  });

  it("records when a token was last used", async () => {
    const { id, token } = await issue();
    expect((await tokenRow(id)).last_used_at).toBeNull();
    const before = Date.now();
    expect((await listPosts(token)).status).toBe(200);
    expect((await tokenRow(id)).last_used_at!.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("lets the admin page choose the lifetime and shows expiry and expired tokens", async () => {
    const admin = await createUser(db);
    await addMember(db, tenant.id, admin.id, ["admin"]);
    const cookie = await sessionCookie(db, admin.id);
    const body = new URLSearchParams({
      intent: "create",
      name: "HR sync",
      scopes: "content",
      lifetime: "90",
    });
    const request = new Request(`http://localhost/t/${tenant.slug}/admin/tokens`, {
      method: "POST",
      headers: { Cookie: cookie },
      body,
    });
    const before = Date.now();
    await tokensRoute.action({ request, params: { tenant: tenant.slug } } as never);
    const created = (await withTenant(db, tenant.id, (tx) => listApiTokens(tx, tenant.id))).find(
      (t) => t.name === "HR sync",
    );
    expect(created?.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 90 * DAY - 1000);
    expect(created?.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 90 * DAY);

    await issue({ lifetime: "30", now: new Date(Date.now() - 40 * DAY) });
    const page = await tokensRoute.loader({
      request: new Request(`http://localhost/t/${tenant.slug}/admin/tokens`, { headers: { Cookie: cookie } }),
      params: { tenant: tenant.slug },
    } as never);
    expect(page.tokens.filter((t) => t.expired).length).toBeGreaterThan(0);
    expect(page.tokens.find((t) => t.name === "HR sync")).toMatchObject({
      expired: false,
      expiresAt: created!.expiresAt,
    });
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After once a token used up its requests of the minute; other tokens go on", async () => {
    const { token } = await issue();
    for (let i = 0; i < 5; i++) expect((await listPosts(token)).status, `request ${i + 1}`).toBe(200);
    const limited = await listPosts(token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
    expect(ApiError.parse(await limited.json()).error.code).toBe("rate_limited");
    expect((await listPosts((await issue()).token)).status).toBe(200);
  });

  it("answers a member's form posts with 429 after MEMBER_ACTION_LIMIT of one kind; reads and other kinds go on", async () => {
    const user = await createUser(db);
    await addMember(db, tenant.id, user.id, ["employee"]);
    const cookie = await sessionCookie(db, user.id);
    const args = (path: string, method = "POST") => ({
      request: new Request(`http://localhost/t/${tenant.slug}/${path}`, {
        method,
        headers: { Cookie: cookie },
        ...(method === "POST" ? { body: new URLSearchParams() } : {}),
      }),
      params: { tenant: tenant.slug },
    });
    // Invalid (empty) forms count too: the limit is on attempts, not on successes.
    for (let i = 0; i < 3; i++) await kudosRoute.action(args("kudos") as never);
    const refused = await kudosRoute.action(args("kudos") as never).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(429);
    expect(Number((refused as Response).headers.get("Retry-After"))).toBeGreaterThan(0);
    await expect(kudosRoute.loader(args("kudos", "GET") as never)).resolves.toBeDefined();
    await expect(suggestRoute.action(args("suggest") as never)).resolves.toBeDefined();
  });

  /** What a route action threw, or undefined when it answered normally. */
  const thrownBy = (run: Promise<unknown>) =>
    run.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
  const expect429 = (thrown: unknown) => {
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(429);
    expect(Number((thrown as Response).headers.get("Retry-After"))).toBeGreaterThan(0);
  };

  it("counts goal-agreement posts (proposing, and every intent on an agreement) in one bucket", async () => {
    const user = await createUser(db);
    await addMember(db, tenant.id, user.id, ["manager", "employee"]);
    const cookie = await sessionCookie(db, user.id);
    const agreementId = crypto.randomUUID();
    const args = (path: string, body: Record<string, string>, extra: Record<string, string> = {}) => ({
      request: new Request(`http://localhost/t/${tenant.slug}/${path}`, {
        method: "POST",
        headers: { Cookie: cookie },
        body: new URLSearchParams(body),
      }),
      params: { tenant: tenant.slug, ...extra },
    });
    // Invalid proposals and an intent on an agreement that is not there still count as attempts.
    for (let i = 0; i < 2; i++)
      expect(await thrownBy(goalsNewRoute.action(args("goals/new", {}) as never))).toBeUndefined();
    const third = await goalsAgreementRoute
      .action(args(`goals/${agreementId}`, { intent: "comment" }, { agreementId }) as never)
      .catch((thrown: unknown) => thrown);
    expect((third as { init?: ResponseInit }).init?.status).toBe(400);
    expect429(await thrownBy(goalsNewRoute.action(args("goals/new", {}) as never)));
    expect429(
      await thrownBy(
        goalsAgreementRoute.action(
          args(`goals/${agreementId}`, { intent: "accept" }, { agreementId }) as never,
        ),
      ),
    );
    // other kinds go on
    expect(await thrownBy(kudosRoute.action(args("kudos", {}) as never))).toBeUndefined();
  });

  it("counts a comms lead's accepting and declining of suggestions", async () => {
    const user = await createUser(db);
    await addMember(db, tenant.id, user.id, ["comms_lead"]);
    const cookie = await sessionCookie(db, user.id);
    const args = () => ({
      request: new Request(`http://localhost/t/${tenant.slug}/suggestions/inbox`, {
        method: "POST",
        headers: { Cookie: cookie },
        body: new URLSearchParams({ intent: "accept", suggestionId: crypto.randomUUID() }),
      }),
      params: { tenant: tenant.slug },
    });
    for (let i = 0; i < 3; i++) await suggestionsInboxRoute.action(args() as never).catch(() => undefined);
    expect429(await thrownBy(suggestionsInboxRoute.action(args() as never)));
  });
});
