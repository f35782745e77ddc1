import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { ForbiddenError, ValidationError } from "~/app/lib/errors.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import {
  deleteProfile,
  getProfile,
  listProfiles,
  staleProfiles,
  upsertProfile,
} from "~/app/modules/profiles/profiles.server.ts";
import { LINKEDIN_OAUTH_COOKIE } from "~/app/modules/profiles/linkedin-oauth-cookie.server.ts";
import { completeLinkedInAuthorization } from "~/app/modules/profiles/complete-linkedin-authorization.server.ts";
import { disconnectLinkedIn } from "~/app/modules/profiles/disconnect-linkedin.server.ts";
import { getLinkedInAppSettings } from "~/app/modules/profiles/get-linkedin-app-settings.server.ts";
import { getLinkedInConnection } from "~/app/modules/profiles/get-linkedin-connection.server.ts";
import { isLinkedInAvailable } from "~/app/modules/profiles/linkedin-app.server.ts";
import { linkedInAuthorizationUrl } from "~/app/modules/profiles/linkedin-authorization-url.server.ts";
import { postToLinkedIn } from "~/app/modules/profiles/post-to-linkedin.server.ts";
import { saveLinkedInApp } from "~/app/modules/profiles/save-linkedin-app.server.ts";
import { deprovisionMember } from "~/app/modules/tenancy/deprovision-member.server.ts";
import { startFakeLinkedIn, type FakeLinkedIn, type ReceivedPost } from "~/tests/fakes/linkedin.ts";
import { createMember, createTenant } from "~/tests/support/factories.ts";
import type { Role } from "~/db/schema.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import * as adminLinkedInRoute from "~/app/routes/admin.linkedin.tsx";
import * as callbackRoute from "~/app/routes/linkedin.callback.ts";
import * as connectRoute from "~/app/routes/linkedin.connect.ts";
import * as profilesRoute from "~/app/routes/profiles.tsx";

let db: DB;
let fake: FakeLinkedIn;
const savedEnv = { ...process.env };

async function newMember(
  roles: Role[] = ["employee"],
  tenant?: { id: string; slug: string },
): Promise<{ member: Member; slug: string }> {
  const t = tenant ?? (await createTenant(db));
  return { slug: t.slug, member: await createMember(db, t.id, { roles }) };
}

const as = <T>(member: Member, fn: Parameters<typeof withTenant<T>>[2]) =>
  withTenant(db, member.tenantId, fn);

beforeAll(async () => {
  db = (await database()).db;
  fake = await startFakeLinkedIn();
  process.env.LINKEDIN_AUTH_BASE_URL = fake.url;
  process.env.LINKEDIN_API_BASE_URL = fake.url;
  process.env.SECRETS_KEY = randomBytes(32).toString("base64");
  process.env.APP_URL = "http://chorus.test";
});

afterAll(async () => {
  await fake.close();
  process.env = savedEnv;
});

beforeEach(() => fake.clear());

describe("social profiles", () => {
  it("stores a handle per network, normalising what people paste, and lists them", async () => {
    const { member } = await newMember();
    await as(member, (tx) =>
      upsertProfile(tx, member, { network: "x", handle: "@erika_m", followerCount: 1200 }),
    );
    await as(member, (tx) =>
      upsertProfile(tx, member, {
        network: "linkedin",
        handle: "https://www.linkedin.com/in/erika-mustermann/",
        followerCount: "830",
      }),
    );
    await as(member, (tx) =>
      upsertProfile(tx, member, { network: "mastodon", handle: "@erika@Chaos.Social" }),
    );

    const profiles = await as(member, (tx) => listProfiles(tx, member));
    expect(profiles.map((p) => [p.network, p.handle, p.followerCount, p.mastodonInstance])).toEqual([
      ["linkedin", "erika-mustermann", 830, null],
      ["x", "erika_m", 1200, null],
      ["mastodon", "erika", null, "chaos.social"],
    ]);
    expect(await as(member, (tx) => getProfile(tx, member, "mastodon"))).toEqual({
      handle: "erika",
      followerCount: null,
      mastodonInstance: "chaos.social",
      followersRecordedAt: null,
    });
    expect(await as(member, (tx) => getProfile(tx, member, "threads"))).toBeUndefined();

    expect(await as(member, (tx) => deleteProfile(tx, member, "x"))).toBe(true);
    expect(await as(member, (tx) => getProfile(tx, member, "x"))).toBeUndefined();
  });

  it("refuses invalid handles, follower counts and Mastodon instances with field errors", async () => {
    const { member } = await newMember();
    const attempt = (input: Parameters<typeof upsertProfile>[2]) =>
      as(member, (tx) => upsertProfile(tx, member, input)).then(
        () => undefined,
        (e: unknown) => (e instanceof ValidationError ? e.fieldErrors : e),
      );
    expect(await attempt({ network: "x", handle: "way_too_long_for_x_handles" })).toEqual({
      handle: ["handle"],
    });
    expect(await attempt({ network: "x", handle: "erika", followerCount: -1 })).toEqual({
      followerCount: ["followers"],
    });
    expect(await attempt({ network: "x", handle: "erika", followerCount: 100_000_001 })).toEqual({
      followerCount: ["followers"],
    });
    expect(await attempt({ network: "x", handle: "erika", followerCount: "12.5" })).toEqual({
      followerCount: ["followers"],
    });
    expect(await attempt({ network: "mastodon", handle: "erika" })).toEqual({
      mastodonInstance: ["instanceRequired"],
    });
    expect(
      await attempt({
        network: "mastodon",
        handle: "erika",
        mastodonInstance: "https://evil.example/share?x=1",
      }),
    ).toEqual({ mastodonInstance: ["instance"] });
    expect(await attempt({ network: "mastodon", handle: "erika", mastodonInstance: "localhost" })).toEqual({
      mastodonInstance: ["instance"],
    });
    expect(await attempt({ network: "bluesky", handle: "not a domain" })).toEqual({ handle: ["handle"] });
    // the boundaries themselves are fine
    expect(await attempt({ network: "x", handle: "erika", followerCount: 100_000_000 })).toBeUndefined();
    expect(
      await attempt({ network: "mastodon", handle: "erika", mastodonInstance: "https://Mastodon.Social/" }),
    ).toBeUndefined();
    expect((await as(member, (tx) => getProfile(tx, member, "mastodon")))?.mastodonInstance).toBe(
      "mastodon.social",
    );
    expect(await as(member, (tx) => listProfiles(tx, member))).toHaveLength(2);
  });

  it("dates the follower count only when the count changes (or is confirmed), and flags counts older than 90 days", async () => {
    const { member } = await newMember();
    const day = 24 * 60 * 60 * 1000;
    const t0 = new Date("2026-01-01T10:00:00Z");
    await as(member, (tx) =>
      upsertProfile(tx, member, { network: "xing", handle: "Erika_Mustermann", followerCount: 500 }, t0),
    );
    // same count, new handle 30 days later: the date stays
    await as(member, (tx) =>
      upsertProfile(
        tx,
        member,
        { network: "xing", handle: "Erika_Mustermann2", followerCount: 500 },
        new Date(t0.getTime() + 30 * day),
      ),
    );
    let profile = await as(member, (tx) => getProfile(tx, member, "xing"));
    expect(profile).toMatchObject({ handle: "Erika_Mustermann2", followerCount: 500 });
    expect(profile?.followersRecordedAt?.toISOString()).toBe(t0.toISOString());

    const profiles = await as(member, (tx) => listProfiles(tx, member));
    expect(staleProfiles(profiles, new Date(t0.getTime() + 90 * day))).toHaveLength(0);
    expect(staleProfiles(profiles, new Date(t0.getTime() + 91 * day)).map((p) => p.network)).toEqual([
      "xing",
    ]);

    // a changed count is dated anew
    const t1 = new Date(t0.getTime() + 100 * day);
    await as(member, (tx) =>
      upsertProfile(tx, member, { network: "xing", handle: "Erika_Mustermann2", followerCount: 640 }, t1),
    );
    profile = await as(member, (tx) => getProfile(tx, member, "xing"));
    expect(profile?.followersRecordedAt?.toISOString()).toBe(t1.toISOString());
    expect(
      staleProfiles(await as(member, (tx) => listProfiles(tx, member)), new Date(t1.getTime() + day)),
    ).toHaveLength(0);

    // "still right" re-dates an unchanged count
    const t2 = new Date(t1.getTime() + 120 * day);
    await as(member, (tx) =>
      upsertProfile(
        tx,
        member,
        { network: "xing", handle: "Erika_Mustermann2", followerCount: 640, confirmFollowers: "on" },
        t2,
      ),
    );
    expect(
      (await as(member, (tx) => getProfile(tx, member, "xing")))?.followersRecordedAt?.toISOString(),
    ).toBe(t2.toISOString());

    // clearing the count clears its date; a profile without a count is never "stale"
    await as(member, (tx) =>
      upsertProfile(tx, member, { network: "xing", handle: "Erika_Mustermann2", followerCount: "" }, t2),
    );
    expect(await as(member, (tx) => getProfile(tx, member, "xing"))).toMatchObject({
      followerCount: null,
      followersRecordedAt: null,
    });
    expect(
      staleProfiles(await as(member, (tx) => listProfiles(tx, member)), new Date(t2.getTime() + 365 * day)),
    ).toHaveLength(0);
  });

  it("keeps profiles inside the member's own tenant", async () => {
    const { member } = await newMember();
    await as(member, (tx) =>
      upsertProfile(tx, member, { network: "threads", handle: "erika.m", followerCount: 10 }),
    );
    const { member: stranger } = await newMember();
    // the stranger's tenant with the first member's id: RLS and the tenant filter both say no
    const spoof: Member = { ...stranger, id: member.id };
    expect(await withTenant(db, stranger.tenantId, (tx) => getProfile(tx, spoof, "threads"))).toBeUndefined();
    expect(await withTenant(db, stranger.tenantId, (tx) => listProfiles(tx, spoof))).toEqual([]);
  });
});

/** Plays the browser: follows the authorization URL to the fake, returns the callback request it redirects to. */
async function consent(authorizationUrl: URL, setCookie: string): Promise<Request> {
  const res = await fetch(authorizationUrl, { redirect: "manual" });
  expect(res.status).toBe(302);
  const location = res.headers.get("location");
  expect(location).toBeTruthy();
  const cookieValue = setCookie.split(";")[0]!;
  return new Request(location!, { headers: { Cookie: cookieValue } });
}

async function configureApp(admin: Member, slug: string, enabled = true) {
  await as(admin, (tx) =>
    saveLinkedInApp(tx, admin, { clientId: fake.clientId, clientSecret: fake.clientSecret, enabled }),
  );
  return slug;
}

describe("LinkedIn", () => {
  it("is off until the tenant configures an app; the secret is stored encrypted and never shown back", async () => {
    const { member: admin, slug } = await newMember(["admin"]);
    const { member } = await newMember(["employee"], { id: admin.tenantId, slug });

    expect(await as(member, (tx) => isLinkedInAvailable(tx, member))).toBe(false);
    await expect(
      as(member, (tx) => linkedInAuthorizationUrl(tx, member, { tenantSlug: slug })),
    ).rejects.toMatchObject({ code: "linkedin_not_configured" });
    // only admins configure it
    await expect(
      as(member, (tx) => saveLinkedInApp(tx, member, { clientId: "x", clientSecret: "y", enabled: true })),
    ).rejects.toMatchObject({ code: "forbidden" });

    await configureApp(admin, slug);
    const settings = await as(admin, (tx) => getLinkedInAppSettings(tx, admin, slug));
    expect(settings).toEqual({
      serverConfigured: true,
      configured: true,
      enabled: true,
      clientId: fake.clientId,
      redirectUri: `http://chorus.test/t/${slug}/profiles/linkedin/callback`,
    });
    expect(JSON.stringify(settings)).not.toContain(fake.clientSecret);
    const row = await as(admin, (tx) =>
      tx
        .selectFrom("linkedin_apps")
        .selectAll()
        .where("tenant_id", "=", admin.tenantId)
        .executeTakeFirstOrThrow(),
    );
    expect(row.client_secret_encrypted).not.toContain(fake.clientSecret);
    expect(await as(member, (tx) => isLinkedInAvailable(tx, member))).toBe(true);

    // saving without a secret keeps the stored one; disabling turns connect off again
    await as(admin, (tx) =>
      saveLinkedInApp(tx, admin, { clientId: fake.clientId, clientSecret: "", enabled: false }),
    );
    expect(await as(member, (tx) => isLinkedInAvailable(tx, member))).toBe(false);
    await expect(
      as(member, (tx) => linkedInAuthorizationUrl(tx, member, { tenantSlug: slug })),
    ).rejects.toMatchObject({ code: "linkedin_not_configured" });
  });

  it("reports 'not configured on this server' without SECRETS_KEY", async () => {
    const { member: admin, slug } = await newMember(["admin"]);
    const key = process.env.SECRETS_KEY;
    delete process.env.SECRETS_KEY;
    try {
      await expect(
        as(admin, (tx) =>
          saveLinkedInApp(tx, admin, { clientId: "abc", clientSecret: "def", enabled: true }),
        ),
      ).rejects.toMatchObject({
        code: "linkedin_server_not_configured",
      });
      expect((await as(admin, (tx) => getLinkedInAppSettings(tx, admin, slug))).serverConfigured).toBe(false);
    } finally {
      process.env.SECRETS_KEY = key;
    }
  });

  it("connects through the full OAuth round trip and posts exactly LinkedIn's wire format", async () => {
    const { member: admin, slug } = await newMember(["admin"]);
    const { member } = await newMember(["employee"], { id: admin.tenantId, slug });
    await configureApp(admin, slug);
    expect(await as(member, (tx) => getLinkedInConnection(tx, member))).toEqual({ connected: false });

    const { url, setCookie } = await as(member, (tx) =>
      linkedInAuthorizationUrl(tx, member, { tenantSlug: slug }),
    );
    expect(url.origin + url.pathname).toBe(`${fake.url}/oauth/v2/authorization`);
    expect(url.searchParams.get("scope")).toBe("openid profile w_member_social");
    expect(url.searchParams.get("redirect_uri")).toBe(
      `http://chorus.test/t/${slug}/profiles/linkedin/callback`,
    );
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(setCookie).toMatch(new RegExp(`^${LINKEDIN_OAUTH_COOKIE}=v2\\.k0\\.`));
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain(`Path=/t/${slug}/profiles/linkedin`);
    expect(setCookie).toContain("Max-Age=600");
    // the cookie does not carry state or verifier in clear
    expect(setCookie).not.toContain(url.searchParams.get("state")!);

    const callback = await consent(url, setCookie);
    const { expiresAt } = await as(member, (tx) =>
      completeLinkedInAuthorization(tx, member, { request: callback, tenantSlug: slug }),
    );
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 59 * 24 * 3600 * 1000);

    // LinkedIn's client authentication: id and secret in the form body, plus the PKCE verifier
    expect(fake.tokenRequests).toHaveLength(1);
    expect(fake.tokenRequests[0]).toMatchObject({
      grant_type: "authorization_code",
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
    });
    expect(fake.tokenRequests[0]?.code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);

    const connection = await as(member, (tx) => getLinkedInConnection(tx, member));
    expect(connection).toEqual({ connected: true, expiresAt });
    const stored = await as(member, (tx) =>
      tx
        .selectFrom("linkedin_connections")
        .selectAll()
        .where("membership_id", "=", member.id)
        .executeTakeFirstOrThrow(),
    );
    const token = fake.issuedTokens[0]!;
    expect(stored.linkedin_member_id).toBe(fake.member.sub);
    expect(stored.scope).toBe("openid profile w_member_social");
    expect(stored.access_token_encrypted).not.toContain(token);
    expect(stored.access_token_encrypted).toMatch(/^v2\.k0\./);

    const text = "Unser neues Werk (Leipzig) ist eröffnet! #mitarbeiter";
    const { postUrn } = await as(member, (tx) =>
      postToLinkedIn(tx, member, {
        text,
        url: "https://example.com/werk?utm_source=linkedin",
        title: "Neues Werk",
      }),
    );
    expect(fake.posts).toHaveLength(1);
    const post = fake.posts[0] as ReceivedPost;
    expect(postUrn).toBe(post.id);
    expect(postUrn).toMatch(/^urn:li:share:\d+$/);
    expect(post.headers.authorization).toBe(`Bearer ${token}`);
    expect(post.headers["linkedin-version"]).toMatch(/^\d{6}$/);
    expect(post.headers["x-restli-protocol-version"]).toBe("2.0.0");
    expect(post.headers["content-type"]).toBe("application/json");
    expect(post.body).toEqual({
      author: `urn:li:person:${fake.member.sub}`,
      // little text: reserved characters escaped, or LinkedIn cuts the post at "("
      commentary: "Unser neues Werk \\(Leipzig\\) ist eröffnet! \\#mitarbeiter",
      visibility: "PUBLIC",
      distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
      content: { article: { source: "https://example.com/werk?utm_source=linkedin", title: "Neues Werk" } },
      lifecycleState: "PUBLISHED",
      isReshareDisabledByAuthor: false,
    });

    // a revoked token is reported as expired, and disconnecting forgets the grant
    fake.revokeAll();
    await expect(
      as(member, (tx) => postToLinkedIn(tx, member, { text: "again", url: "https://example.com/" })),
    ).rejects.toMatchObject({ code: "linkedin_expired" });
    expect(await as(member, (tx) => disconnectLinkedIn(tx, member))).toBe(true);
    expect(await as(member, (tx) => getLinkedInConnection(tx, member))).toEqual({ connected: false });
    await expect(
      as(member, (tx) => postToLinkedIn(tx, member, { text: "again", url: "https://example.com/" })),
    ).rejects.toMatchObject({ code: "linkedin_not_connected" });
    expect(fake.posts).toHaveLength(1);
  });

  it("refuses a callback whose state does not match, one without the cookie, and another member's cookie", async () => {
    const { member: admin, slug } = await newMember(["admin"]);
    const { member } = await newMember(["employee"], { id: admin.tenantId, slug });
    const { member: other } = await newMember(["employee"], { id: admin.tenantId, slug });
    await configureApp(admin, slug);

    const { url, setCookie } = await as(member, (tx) =>
      linkedInAuthorizationUrl(tx, member, { tenantSlug: slug }),
    );
    const callback = await consent(url, setCookie);
    const forged = new URL(callback.url);
    forged.searchParams.set("state", "attacker-state");
    const finish = (who: Member, request: Request) =>
      as(who, (tx) => completeLinkedInAuthorization(tx, who, { request, tenantSlug: slug }));

    await expect(finish(member, new Request(forged, { headers: callback.headers }))).rejects.toMatchObject({
      code: "linkedin_state_mismatch",
      status: 400,
    });
    await expect(finish(member, new Request(callback.url))).rejects.toMatchObject({
      code: "linkedin_state_mismatch",
    });
    await expect(finish(other, callback)).rejects.toMatchObject({ code: "linkedin_state_mismatch" });
    // an expired cookie (older than 10 minutes)
    await expect(
      as(member, (tx) =>
        completeLinkedInAuthorization(tx, member, {
          request: callback,
          tenantSlug: slug,
          now: new Date(Date.now() + 11 * 60 * 1000),
        }),
      ),
    ).rejects.toMatchObject({
      code: "linkedin_state_mismatch",
    });
    expect(fake.tokenRequests).toHaveLength(0);
    expect(await as(member, (tx) => getLinkedInConnection(tx, member))).toEqual({ connected: false });
    expect(await as(other, (tx) => getLinkedInConnection(tx, other))).toEqual({ connected: false });

    // a member who clicks "Cancel" on LinkedIn
    fake.denyNext();
    const denied = await linkedInAuthorizationUrl_(member, slug);
    await expect(finish(member, denied)).rejects.toMatchObject({ code: "linkedin_denied" });
    // a grant without w_member_social cannot post: refused rather than stored
    fake.grantScopesNext(["openid", "profile"]);
    await expect(finish(member, await linkedInAuthorizationUrl_(member, slug))).rejects.toMatchObject({
      code: "linkedin_scope_missing",
    });
    expect(await as(member, (tx) => getLinkedInConnection(tx, member))).toEqual({ connected: false });
  });

  it("keeps a member's connection invisible to another tenant", async () => {
    const { member: admin, slug } = await newMember(["admin"]);
    const { member } = await newMember(["employee"], { id: admin.tenantId, slug });
    await configureApp(admin, slug);
    await as(member, async (tx) =>
      completeLinkedInAuthorization(tx, member, {
        request: await linkedInAuthorizationUrl_(member, slug),
        tenantSlug: slug,
      }),
    );
    expect((await as(member, (tx) => getLinkedInConnection(tx, member))).connected).toBe(true);

    const { member: otherAdmin, slug: otherSlug } = await newMember(["admin"]);
    await configureApp(otherAdmin, otherSlug);
    const spoof: Member = { ...otherAdmin, id: member.id };
    expect(await withTenant(db, otherAdmin.tenantId, (tx) => getLinkedInConnection(tx, spoof))).toEqual({
      connected: false,
    });
    const rows = await withTenant(db, otherAdmin.tenantId, (tx) =>
      tx.selectFrom("linkedin_connections").selectAll().execute(),
    );
    expect(rows).toEqual([]);
    await expect(
      withTenant(db, otherAdmin.tenantId, (tx) =>
        postToLinkedIn(tx, spoof, { text: "hi", url: "https://example.com/" }),
      ),
    ).rejects.toMatchObject({
      code: "linkedin_not_connected",
    });
    expect(fake.posts).toHaveLength(0);
  });

  it("stores no grant for a member deprovisioned while their callback was in flight", async () => {
    const { member: admin, slug } = await newMember(["admin"]);
    const { member } = await newMember(["employee"], { id: admin.tenantId, slug });
    await configureApp(admin, slug);
    const callback = await linkedInAuthorizationUrl_(member, slug);
    // the callback passed requireMember; the directory deprovisions the member before it stores
    await as(admin, (tx) =>
      deprovisionMember(tx, { tenantId: admin.tenantId, actorUserId: null, via: "scim" }, member.id),
    );
    await expect(
      as(member, (tx) => completeLinkedInAuthorization(tx, member, { request: callback, tenantSlug: slug })),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const rows = await as(admin, (tx) =>
      tx.selectFrom("linkedin_connections").select("id").where("membership_id", "=", member.id).execute(),
    );
    expect(rows).toEqual([]);
  });
});

/** Starts a connect for `member` and plays the consenting browser; returns the callback request. */
async function linkedInAuthorizationUrl_(member: Member, slug: string): Promise<Request> {
  const { url, setCookie } = await as(member, (tx) =>
    linkedInAuthorizationUrl(tx, member, { tenantSlug: slug }),
  );
  return consent(url, setCookie);
}

describe("LinkedIn pages (route loaders and actions with a signed-in session)", () => {
  async function signedIn(roles: Role[], tenant?: { id: string; slug: string }) {
    const { member, slug } = await newMember(roles, tenant);
    const { token } = await createSession(db, member.userId);
    return { member, slug, cookie: `${sessionCookieName()}=${encodeURIComponent(token)}` };
  }
  const call = async (fn: () => Promise<unknown>): Promise<Response> => {
    try {
      const result = await fn();
      if (result instanceof Response) return result;
      throw new Error(`expected a Response, got ${JSON.stringify(result)}`);
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  };

  it("admin saves the app (secret write-only), an employee connects through connect → LinkedIn → callback", async () => {
    const admin = await signedIn(["admin"]);
    const employee = await signedIn(["employee"], { id: admin.member.tenantId, slug: admin.slug });
    const base = `http://chorus.test/t/${admin.slug}`;
    const params = { tenant: admin.slug };

    // employees may not configure the app
    const forbidden = await call(() =>
      adminLinkedInRoute.loader({
        request: new Request(`${base}/admin/linkedin`, { headers: { Cookie: employee.cookie } }),
        params,
      } as never),
    );
    expect(forbidden.status).toBe(403);

    // without an app, connect goes back to the profiles page with a clear error
    const refused = await call(() =>
      connectRoute.loader({
        request: new Request(`${base}/profiles/linkedin/connect`, { headers: { Cookie: employee.cookie } }),
        params,
      } as never),
    );
    expect(refused.headers.get("Location")).toBe(
      `/t/${admin.slug}/profiles?linkedin_error=linkedin_not_configured`,
    );

    const body = new URLSearchParams({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      enabled: "on",
    });
    const saved = await adminLinkedInRoute.action({
      request: new Request(`${base}/admin/linkedin`, {
        method: "POST",
        headers: { Cookie: admin.cookie },
        body,
      }),
      params,
    } as never);
    expect(saved).toEqual({ saved: true, errors: null });
    const settings = await adminLinkedInRoute.loader({
      request: new Request(`${base}/admin/linkedin`, { headers: { Cookie: admin.cookie } }),
      params,
    } as never);
    expect(JSON.stringify(settings)).not.toContain(fake.clientSecret);

    const start = await call(() =>
      connectRoute.loader({
        request: new Request(`${base}/profiles/linkedin/connect`, { headers: { Cookie: employee.cookie } }),
        params,
      } as never),
    );
    expect(start.status).toBe(302);
    const setCookie = start.headers.get("Set-Cookie")!;
    const callback = await consent(new URL(start.headers.get("Location")!), setCookie);
    const cookie = `${employee.cookie}; ${setCookie.split(";")[0]}`;
    const done = await call(() =>
      callbackRoute.loader({
        request: new Request(callback.url, { headers: { Cookie: cookie } }),
        params,
      } as never),
    );
    expect(done.headers.get("Location")).toBe(`/t/${admin.slug}/profiles?linkedin=connected`);
    expect(done.headers.get("Set-Cookie")).toMatch(new RegExp(`^${LINKEDIN_OAUTH_COOKIE}=;.*Max-Age=0`));

    const page = (await profilesRoute.loader({
      request: new Request(`${base}/profiles`, { headers: { Cookie: employee.cookie } }),
      params,
    } as never)) as { linkedIn: { connected: boolean } };
    expect(page.linkedIn.connected).toBe(true);

    // replaying the same callback (code used, cookie cleared) is refused and shown as an error
    const replay = await call(() =>
      callbackRoute.loader({
        request: new Request(callback.url, { headers: { Cookie: employee.cookie } }),
        params,
      } as never),
    );
    expect(replay.headers.get("Location")).toBe(
      `/t/${admin.slug}/profiles?linkedin_error=linkedin_state_mismatch`,
    );

    // disconnect from the profiles page
    const disconnect = new URLSearchParams({ intent: "disconnect" });
    await profilesRoute.action({
      request: new Request(`${base}/profiles`, {
        method: "POST",
        headers: { Cookie: employee.cookie },
        body: disconnect,
      }),
      params,
    } as never);
    expect(await as(employee.member, (tx) => getLinkedInConnection(tx, employee.member))).toEqual({
      connected: false,
    });
  });
});
