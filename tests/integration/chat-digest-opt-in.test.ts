import { randomBytes } from "node:crypto";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub, Outlet } from "react-router";
import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { createI18n } from "~/app/lib/i18n/resources.ts";
import { ForbiddenError } from "~/app/lib/errors.ts";
import { subscribeChatDigest } from "~/app/modules/chat/subscribe-chat-digest.server.ts";
import { unsubscribeChatDigest } from "~/app/modules/chat/unsubscribe-chat-digest.server.ts";
import { collectMemberExport } from "~/app/modules/privacy/export-member-data.server.ts";
import * as profileRoute from "~/app/routes/tenant.profile.tsx";
import { createCompany, sessionCookie, uniqueId, type TestCompany } from "~/tests/support/factories.ts";
import { useFileOutbox } from "~/tests/support/setup.ts";

/**
 * Issue 17: a member asks for the weekly digest as a personal Slack message on their profile page
 * (DMs only to people who opted in), and stops it there. Through the page's own loader and action,
 * and the page as it renders from the loader's data.
 */

let db: DB;
useFileOutbox("chat-digest-opt-in");

beforeAll(async () => {
  // Slack is set up on this server (the three credentials); each company decides whether it adds its workspace
  process.env.SLACK_CLIENT_ID = "111.222";
  process.env.SLACK_CLIENT_SECRET = "client-secret";
  process.env.SLACK_SIGNING_SECRET = "signing-" + randomBytes(8).toString("hex");
  ({ db } = await database());
});

async function withWorkspace(c: TestCompany, opts: { revoked?: boolean } = {}): Promise<void> {
  await withTenant(db, c.tenantId, (tx) =>
    tx
      .insertInto("slack_installations")
      .values({
        tenant_id: c.tenantId,
        team_id: `T${uniqueId().toUpperCase()}`,
        team_name: "Kaffeerösterei Süd",
        bot_token_encrypted: opts.revoked ? null : "sealed-for-the-test",
        revoked_at: opts.revoked ? new Date() : null,
        scopes: "chat:write,commands,users:read,users:read.email",
      })
      .execute(),
  );
}

async function member(c: TestCompany, locale: "de" | "en" = "en") {
  const p = await c.person({ name: `Mia ${uniqueId()}`, locale });
  return { ...p, cookie: await sessionCookie(db, p.user.id) };
}
type Person = Awaited<ReturnType<typeof member>>;

const pageUrl = (c: TestCompany) => `http://localhost/t/${c.tenant.slug}/profile`;

async function load(c: TestCompany, who: Person) {
  return profileRoute.loader({
    request: new Request(pageUrl(c), { headers: { Cookie: who.cookie } }),
    params: { tenant: c.tenant.slug },
    context: {},
  } as never);
}

async function submit(c: TestCompany, who: Person, fields: Record<string, string>) {
  const result: unknown = await profileRoute.action({
    request: new Request(pageUrl(c), {
      method: "POST",
      headers: { Cookie: who.cookie },
      body: new URLSearchParams(fields),
    }),
    params: { tenant: c.tenant.slug },
    context: {},
  } as never);
  if (result && typeof result === "object" && "type" in result && result.type === "DataWithResponseInit") {
    const r = result as unknown as {
      data: { saved: string | null; error: string | null };
      init: ResponseInit | null;
    };
    return { body: r.data, status: r.init?.status ?? 200 };
  }
  return { body: result as { saved: string | null; error: string | null }, status: 200 };
}

/** The profile page as the member sees it, from the loader's data (and the action's, after a submit). */
function render(
  loaderData: Awaited<ReturnType<typeof load>>,
  locale: "de" | "en",
  actionData?: unknown,
): string {
  const tenantData = {
    tenant: { id: "t", slug: "acme", name: "Acme", defaultLocale: "de", timeZone: "Europe/Berlin" },
    member: { id: "m1", name: "Mia", roles: ["employee"] },
    permissions: [],
    otherTenants: false,
    billing: null,
  };
  const Page = profileRoute.default as never;
  const Stub = createRoutesStub([
    {
      id: "routes/tenant",
      path: "/t/:tenant",
      loader: () => tenantData,
      Component: () => createElement(Outlet),
      children: [{ id: "page", path: "profile", Component: Page, loader: () => loaderData }],
    },
  ]);
  return renderToString(
    createElement(
      I18nextProvider,
      { i18n: createI18n(locale) },
      createElement(Stub, {
        initialEntries: ["/t/acme/profile"],
        hydrationData: {
          loaderData: { "routes/tenant": tenantData, page: loaderData },
          ...(actionData ? { actionData: { page: actionData } } : {}),
        },
      }),
    ),
  );
}

async function subscribed(c: TestCompany): Promise<string[]> {
  return withTenant(db, c.tenantId, async (tx) =>
    (
      await tx
        .selectFrom("chat_digest_subscriptions")
        .select("membership_id")
        .where("tenant_id", "=", c.tenantId)
        .execute()
    ).map((r) => r.membership_id),
  );
}

async function auditOf(c: TestCompany, memberId: string): Promise<string[]> {
  return withTenant(db, c.tenantId, async (tx) =>
    (
      await tx
        .selectFrom("audit_events")
        .select("action")
        .where("tenant_id", "=", c.tenantId)
        .where("subject", "=", memberId)
        .where("action", "like", "chat.digest_%")
        .orderBy("created_at")
        .execute()
    ).map((r) => r.action),
  );
}

describe("the weekly digest in Slack on the profile page", () => {
  it("is offered only when the company's Slack workspace is live, and explains what arrives, without figures, and how to stop it", async () => {
    const without = await createCompany(db);
    const a = await member(without);
    expect((await load(without, a)).slackDigest).toBeNull();
    expect(render(await load(without, a), "en")).not.toContain("Weekly digest in Slack");

    const removed = await createCompany(db);
    await withWorkspace(removed, { revoked: true });
    const b = await member(removed);
    expect((await load(removed, b)).slackDigest).toBeNull();

    const live = await createCompany(db);
    await withWorkspace(live);
    const mia = await member(live);
    const data = await load(live, mia);
    expect(data.slackDigest).toEqual({ available: true, teamName: "Kaffeerösterei Süd", subscribed: false });
    const en = render(data, "en");
    expect(en).toContain("Weekly digest in Slack");
    expect(en).toContain("as a personal message in Kaffeerösterei Süd, your company&#x27;s Slack workspace");
    expect(en).toContain("The message carries no figures");
    expect(en).toContain(`by your e-mail address (${mia.user.email}) in your company&#x27;s workspace`);
    expect(en).toContain("You can stop it here at any time.");
    expect(en).toContain("You don&#x27;t get the weekly digest in Slack.");
    expect(en).toContain(">Send me the weekly digest in Slack</button>");
    const de = render(data, "de");
    expect(de).toContain("Wochenüberblick in Slack");
    expect(de).toContain("Die Nachricht enthält keine Zahlen");
    expect(de).toContain(">Wochenüberblick in Slack bestellen</button>");
    expect(de).not.toMatch(/chat\.personal\./);
  });

  it("turns it on and off for the member only: idempotent, audited once each way, in their export", async () => {
    const c = await createCompany(db);
    await withWorkspace(c);
    const mia = await member(c);
    const colleague = await member(c);

    const on = await submit(c, mia, { intent: "slack-digest", wanted: "on" });
    expect(on).toEqual({ status: 200, body: { saved: "slackDigestOn", error: null } });
    const after = await load(c, mia);
    expect(after.slackDigest).toMatchObject({ subscribed: true });
    const html = render(after, "en", on.body);
    expect(html).toContain("Done: the next weekly digest comes to you in Slack.");
    expect(html).toContain("You get the weekly digest in Slack.");
    expect(html).toContain(">Stop the weekly digest in Slack</button>");
    // only hers: the colleague's page still offers it
    expect(await subscribed(c)).toEqual([mia.member.id]);
    expect((await load(c, colleague)).slackDigest).toMatchObject({ subscribed: false });

    // a second click (another tab) changes nothing and records nothing
    expect(await submit(c, mia, { intent: "slack-digest", wanted: "on" })).toMatchObject({ status: 200 });
    expect(await subscribed(c)).toEqual([mia.member.id]);
    expect(await auditOf(c, mia.member.id)).toEqual(["chat.digest_subscribed"]);

    const doc = await withTenant(db, c.tenantId, (tx) =>
      collectMemberExport(tx, { tenantId: c.tenantId, membershipId: mia.member.id }),
    );
    expect(doc.preferences.chatDigests).toEqual([
      { provider: "slack", subscribedAt: expect.any(String), lastSentWeek: null },
    ]);
    expect(doc.auditEvents.aboutYou.map((e) => e.action)).toContain("chat.digest_subscribed");

    const off = await submit(c, mia, { intent: "slack-digest", wanted: "off" });
    expect(off).toEqual({ status: 200, body: { saved: "slackDigestOff", error: null } });
    expect(render(await load(c, mia), "de", off.body)).toContain(
      "Abbestellt: Du bekommst keinen Wochenüberblick mehr in Slack.",
    );
    expect(await submit(c, mia, { intent: "slack-digest", wanted: "off" })).toMatchObject({ status: 200 });
    expect(await subscribed(c)).toEqual([]);
    expect(await auditOf(c, mia.member.id)).toEqual(["chat.digest_subscribed", "chat.digest_unsubscribed"]);
  });

  it("refuses to turn it on without a live workspace (409, worded), but stopping always works, also after the workspace was removed", async () => {
    const c = await createCompany(db);
    const mia = await member(c, "de");
    const refused = await submit(c, mia, { intent: "slack-digest", wanted: "on" });
    expect(refused).toEqual({ status: 409, body: { saved: null, error: "slack_digest_unavailable" } });
    expect(await subscribed(c)).toEqual([]);

    await withWorkspace(c);
    await submit(c, mia, { intent: "slack-digest", wanted: "on" });
    // the admin removes Chorus from Slack: the member still sees their choice and can stop it
    await withTenant(db, c.tenantId, (tx) =>
      tx
        .updateTable("slack_installations")
        .set({ bot_token_encrypted: null, revoked_at: new Date() })
        .where("tenant_id", "=", c.tenantId)
        .execute(),
    );
    const data = await load(c, mia);
    expect(data.slackDigest).toEqual({ available: false, teamName: null, subscribed: true });
    const de = render(data, "de", refused.body);
    expect(de).toContain("Chorus ist nicht mehr im Slack-Workspace deines Unternehmens");
    expect(de).toContain(">Wochenüberblick in Slack abbestellen</button>");
    expect(de).toContain("Dein Unternehmen hat Chorus nicht zu seinem Slack-Workspace hinzugefügt");
    expect(await submit(c, mia, { intent: "slack-digest", wanted: "off" })).toMatchObject({ status: 200 });
    expect(await subscribed(c)).toEqual([]);
  });

  it("a deactivated membership cannot subscribe; the use cases refuse a member without tenant.view; the language form still saves", async () => {
    const c = await createCompany(db);
    await withWorkspace(c);
    const mia = await member(c);
    await withTenant(db, c.tenantId, (tx) =>
      tx.updateTable("memberships").set({ status: "deactivated" }).where("id", "=", mia.member.id).execute(),
    );
    await expect(withTenant(db, c.tenantId, (tx) => subscribeChatDigest(tx, mia.member))).rejects.toThrow(
      "member not found",
    );
    expect(await subscribed(c)).toEqual([]);
    const nobody = { ...mia.member, roles: [] };
    await expect(withTenant(db, c.tenantId, (tx) => subscribeChatDigest(tx, nobody))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      withTenant(db, c.tenantId, (tx) => unsubscribeChatDigest(tx, nobody)),
    ).rejects.toBeInstanceOf(ForbiddenError);

    const anna = await member(c);
    expect(await submit(c, anna, { intent: "language", locale: "de" })).toEqual({
      status: 200,
      body: { saved: "language", error: null },
    });
  });
});
