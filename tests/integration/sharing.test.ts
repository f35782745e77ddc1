import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Network, PostStatus, Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "~/app/lib/errors.ts";
import { acknowledgeGuidelines, publishGuidelines } from "~/app/modules/advocacy/guidelines.server.ts";
import { optIn } from "~/app/modules/advocacy/opt-in.server.ts";
import { setShareDisclosure } from "~/app/modules/advocacy/set-share-disclosure.server.ts";
import {
  createShare,
  similarShareCount,
  type CreateShareInput,
} from "~/app/modules/sharing/create-share.server.ts";
import { listMyShares } from "~/app/modules/sharing/list-my-shares.server.ts";
import { loadSharePage } from "~/app/modules/sharing/share-page.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { createCompany, createTeam, uniqueId } from "~/tests/support/factories.ts";

// A public origin like production's: X counts a link as 23 only when it is a real domain.
process.env.APP_URL = "https://chorus.example.com";

let db: DB;
beforeAll(async () => {
  db = (await database()).db;
});

const DAY = 86_400_000;

/** A tenant with two teams, an admin who published guidelines, and a way to add people. */
async function company({ disclosure }: { disclosure?: string } = {}) {
  const { tenant: row, member } = await createCompany(db);
  const [teamA, teamB] = [await createTeam(db, row.id), await createTeam(db, row.id)];
  const person = (roles: Role[] = ["employee"], teamId: string | null = null) => member({ roles, teamId });
  const admin = await person(["admin"]);
  const { version } = await withTenant(db, row.id, (tx) =>
    publishGuidelines(tx, admin, { bodyDe: "Sei fair.", bodyEn: "Be fair." }),
  );
  if (disclosure)
    await withTenant(db, admin.tenantId, (tx) => setShareDisclosure(tx, admin, row.id, disclosure));
  /** opted in and guidelines acknowledged, through the advocacy module's own functions */
  const advocate = async (teamId: string | null = teamA.id) => {
    const m = await person(["employee"], teamId);
    await withTenant(db, row.id, async (tx) => {
      await optIn(tx, m);
      await acknowledgeGuidelines(tx, m, version);
    });
    return m;
  };
  return { tenantId: row.id, teamA, teamB, admin, person, advocate };
}

interface PostSpec {
  status?: PostStatus;
  expiresAt?: Date | null;
  teamIds?: string[];
  kind?: "link" | "text";
  url?: string;
  captions?: { network: Network; text: string }[];
}

async function insertPost(tenantId: string, spec: PostSpec = {}): Promise<{ id: string; slug: string }> {
  return withTenant(db, tenantId, async (tx) => {
    const kind = spec.kind ?? "link";
    const post = await tx
      .insertInto("posts")
      .values({
        tenant_id: tenantId,
        slug: `p-${uniqueId()}`,
        kind,
        title: `Post ${uniqueId()}`,
        url: kind === "link" ? (spec.url ?? "https://firma.example/news?id=7") : null,
        status: spec.status ?? "published",
        target_all: (spec.teamIds ?? []).length === 0,
        published_at: new Date(Date.now() - DAY),
        expires_at: spec.expiresAt ?? null,
        updated_at: new Date(),
      })
      .returning(["id", "slug"])
      .executeTakeFirstOrThrow();
    for (const teamId of spec.teamIds ?? [])
      await tx
        .insertInto("post_teams")
        .values({ tenant_id: tenantId, post_id: post.id, team_id: teamId })
        .execute();
    for (const [position, c] of (spec.captions ?? []).entries()) {
      await tx
        .insertInto("captions")
        .values({
          tenant_id: tenantId,
          post_id: post.id,
          network: c.network,
          language: "de",
          text: c.text,
          position,
        })
        .execute();
    }
    return post;
  });
}

function share(member: Member, input: Partial<CreateShareInput> & { postId: string }) {
  return withTenant(db, member.tenantId, (tx) =>
    createShare(tx, member, { network: "x", text: "Lesenswert!", channel: "intent", ...input }),
  );
}

async function rowsOf(tenantId: string) {
  const shares = await withTenant(db, tenantId, (tx) =>
    tx.selectFrom("shares").selectAll().where("tenant_id", "=", tenantId).execute(),
  );
  const codes = await withTenant(db, tenantId, (tx) =>
    tx.selectFrom("link_codes").selectAll().where("tenant_id", "=", tenantId).execute(),
  );
  return { shares, codes };
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("createShare", () => {
  it("refuses a member who has not opted in, and writes nothing", async () => {
    const c = await company();
    const outsider = await c.person(["employee"], c.teamA.id);
    const post = await insertPost(c.tenantId);
    const error = await caught(share(outsider, { postId: post.id }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).code).toBe("not_opted_in");
    expect(await rowsOf(c.tenantId)).toEqual({ shares: [], codes: [] });
  });

  it("refuses a member who has not acknowledged the newest guidelines", async () => {
    const c = await company();
    const m = await c.advocate();
    await withTenant(db, c.tenantId, (tx) =>
      publishGuidelines(tx, c.admin, { bodyDe: "Neu.", bodyEn: "New." }),
    );
    const post = await insertPost(c.tenantId);
    const error = await caught(share(m, { postId: post.id }));
    expect((error as ForbiddenError).code).toBe("guidelines_pending");
    expect((await rowsOf(c.tenantId)).shares).toEqual([]);
  });

  it("records the share and a tracked link to the post's URL with UTM tags, for the sharer", async () => {
    const c = await company();
    const m = await c.advocate();
    const post = await insertPost(c.tenantId, { captions: [{ network: "x", text: "Unser Sommerfest!" }] });
    const captionId = (
      await withTenant(db, c.tenantId, (tx) =>
        tx.selectFrom("captions").select("id").where("post_id", "=", post.id).executeTakeFirstOrThrow(),
      )
    ).id;

    const result = await share(m, { postId: post.id, captionId, text: "Unser Sommerfest! 🎉" });

    expect(result.code).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(result.trackedUrl).toMatch(new RegExp(`/s/${result.code}$`));
    const { shares, codes } = await rowsOf(c.tenantId);
    expect(shares).toHaveLength(1);
    expect(shares[0]).toMatchObject({
      id: result.shareId,
      post_id: post.id,
      membership_id: m.id,
      network: "x",
      caption_id: captionId,
      text: "Unser Sommerfest! 🎉",
      channel: "intent",
      code: result.code,
    });
    expect(codes).toHaveLength(1);
    expect(codes[0]).toMatchObject({
      code: result.code,
      share_id: result.shareId,
      sharer_user_id: m.userId,
      tracking_stopped_at: null,
    });
    const destination = new URL(codes[0]!.destination);
    expect(destination.origin + destination.pathname).toBe("https://firma.example/news");
    expect(Object.fromEntries(destination.searchParams)).toEqual({
      id: "7",
      utm_source: "x",
      utm_medium: "employee_advocacy",
      utm_campaign: post.slug,
    });

    // the browser goes to X's intent with the text and the tracked link
    expect(result.target.kind).toBe("intent");
    const intent = new URL(result.target.kind === "intent" ? result.target.url : "");
    expect(intent.origin + intent.pathname).toBe("https://x.com/intent/tweet");
    expect(intent.searchParams.get("text")).toBe("Unser Sommerfest! 🎉");
    expect(intent.searchParams.get("url")).toBe(result.trackedUrl);

    const audit = await withTenant(db, c.tenantId, (tx) =>
      tx
        .selectFrom("audit_events")
        .select(["action", "actor_user_id"])
        .where("subject", "=", result.shareId)
        .execute(),
    );
    expect(audit).toEqual([{ action: "share.created", actor_user_id: m.userId }]);
  });

  it("gives every share its own code, and a text-only post none", async () => {
    const c = await company();
    const m = await c.advocate();
    const post = await insertPost(c.tenantId);
    const a = await share(m, { postId: post.id });
    const b = await share(m, { postId: post.id, network: "linkedin", channel: "copy" });
    expect(a.code).not.toBe(b.code);
    expect(b.copyText).toBe(`Lesenswert!\n\n${b.trackedUrl}`);
    expect(b.target).toMatchObject({ kind: "copy-then-open" });

    const textPost = await insertPost(c.tenantId, { kind: "text" });
    const t = await share(m, { postId: textPost.id, network: "bluesky" });
    expect(t).toMatchObject({ code: null, trackedUrl: null, copyText: "Lesenswert!" });
    const codes = (await rowsOf(c.tenantId)).codes;
    expect(codes.map((r) => r.share_id).sort()).toEqual([a.shareId, b.shareId].sort());
  });

  it("refuses a text without the tenant's disclosure, and accepts it in any case", async () => {
    const c = await company({ disclosure: "#mitarbeiter" });
    const m = await c.advocate();
    const post = await insertPost(c.tenantId);
    const error = await caught(share(m, { postId: post.id, text: "Ohne Offenlegung" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({ text: ["disclosure_required"] });
    expect((await rowsOf(c.tenantId)).shares).toEqual([]);

    await share(m, { postId: post.id, text: "Mit Offenlegung #Mitarbeiter" });
    expect((await rowsOf(c.tenantId)).shares).toHaveLength(1);
  });

  it("counts the link into the network's length (X: 280, the link 23)", async () => {
    const c = await company();
    const m = await c.advocate();
    const post = await insertPost(c.tenantId);
    expect(appUrl()).toBe("https://chorus.example.com");
    // 257 + 2 line breaks + 23 for the link = 282 > 280
    const error = await caught(share(m, { postId: post.id, text: "a".repeat(257) }));
    expect((error as ValidationError).fieldErrors).toEqual({ text: ["too_long_for_network"] });
    await share(m, { postId: post.id, text: "a".repeat(255) });
  });

  it("refuses a caption of another network", async () => {
    const c = await company();
    const m = await c.advocate();
    const post = await insertPost(c.tenantId, { captions: [{ network: "linkedin", text: "LinkedIn-Text" }] });
    const captionId = (
      await withTenant(db, c.tenantId, (tx) =>
        tx.selectFrom("captions").select("id").where("post_id", "=", post.id).executeTakeFirstOrThrow(),
      )
    ).id;
    const error = await caught(share(m, { postId: post.id, captionId, network: "x" }));
    expect((error as ValidationError).fieldErrors).toEqual({ captionId: ["unknown_caption"] });
  });

  it("finds no post that is not targeted at the member, expired, a draft, or another tenant's", async () => {
    const c = await company();
    const other = await company();
    const m = await c.advocate(c.teamA.id);
    const posts = [
      await insertPost(c.tenantId, { teamIds: [c.teamB.id] }),
      await insertPost(c.tenantId, { expiresAt: new Date(Date.now() - 1000) }),
      await insertPost(c.tenantId, { status: "draft" }),
      await insertPost(c.tenantId, { status: "expired" }),
      await insertPost(other.tenantId),
    ];
    for (const post of posts)
      expect(await caught(share(m, { postId: post.id }))).toBeInstanceOf(NotFoundError);
    // targeted at the member's own team: fine
    await share(m, { postId: (await insertPost(c.tenantId, { teamIds: [c.teamA.id] })).id });
    expect((await rowsOf(c.tenantId)).shares).toHaveLength(1);
    await expect(
      withTenant(db, c.tenantId, (tx) => loadSharePage(tx, m, posts[0]!.id, { locale: "de" })),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("similarShareCount", () => {
  it("counts colleagues who shared the same text on the same network, ignoring case and spacing", async () => {
    const c = await company();
    const [me, a, b, d] = [await c.advocate(), await c.advocate(), await c.advocate(), await c.advocate()];
    const post = await insertPost(c.tenantId);
    await share(a, { postId: post.id, text: "Toller Artikel!" });
    await share(a, { postId: post.id, text: "Toller Artikel!" }); // the same colleague twice: one
    await share(b, { postId: post.id, text: "  toller   ARTIKEL! " });
    await share(d, { postId: post.id, text: "Toller Artikel! Meine Meinung: lesen." });
    await share(me, { postId: post.id, text: "Toller Artikel!" });
    await share(d, { postId: post.id, text: "Toller Artikel!", network: "linkedin" });

    const count = (text: string, network: Network = "x", exclude?: string) =>
      withTenant(db, c.tenantId, (tx) => similarShareCount(tx, c.tenantId, post.id, network, text, exclude));
    expect(await count("toller artikel!", "x", me.id)).toBe(2);
    expect(await count("Toller Artikel!")).toBe(3);
    expect(await count("Toller Artikel!", "linkedin", me.id)).toBe(1);
    expect(await count("Etwas anderes")).toBe(0);

    const page = await withTenant(db, c.tenantId, (tx) => loadSharePage(tx, me, post.id, { locale: "de" }));
    expect(page.gate).toBeNull();
  });
});

describe("listMyShares", () => {
  it("lists only the member's own shares, newest first, with their human clicks", async () => {
    const c = await company();
    const m = await c.advocate();
    const colleague = await c.advocate();
    const post = await insertPost(c.tenantId);
    const first = await share(m, { postId: post.id });
    const second = await share(m, { postId: post.id, network: "linkedin", channel: "copy" });
    const theirs = await share(colleague, { postId: post.id });
    await withTenant(db, c.tenantId, async (tx) => {
      const click = (shareId: string, isBot: boolean) => ({
        tenant_id: c.tenantId,
        share_id: shareId,
        event_key: uniqueId(),
        clicked_at: new Date(),
        visitor_hash: uniqueId(),
        is_bot: isBot,
        referrer_host: null,
      });
      await tx
        .insertInto("click_events")
        .values([
          click(first.shareId, false),
          click(first.shareId, false),
          click(first.shareId, true),
          click(theirs.shareId, false),
        ])
        .execute();
      // newest first must not depend on insertion speed
      await sql`update shares set created_at = now() - interval '1 day' where id = ${first.shareId}`.execute(
        tx,
      );
    });

    const mine = await withTenant(db, c.tenantId, (tx) => listMyShares(tx, m));
    expect(mine.map((s) => [s.id, s.network, s.channel, s.clicks])).toEqual([
      [second.shareId, "linkedin", "copy", 0],
      [first.shareId, "x", "intent", 2],
    ]);
    expect(mine[0]?.postTitle).toMatch(/^Post /);
    const newcomer = await c.advocate();
    expect(await withTenant(db, c.tenantId, (tx) => listMyShares(tx, newcomer))).toEqual([]);
  });
});

describe("loadSharePage: the caption a link asks for (?network=…&caption=…, Teams cards and Slack messages)", () => {
  async function captionIdsOf(tenantId: string, postId: string) {
    const rows = await withTenant(db, tenantId, (tx) =>
      tx
        .selectFrom("captions")
        .select(["id", "network", "text"])
        .where("post_id", "=", postId)
        .orderBy("position")
        .execute(),
    );
    return (text: string) => rows.find((r) => r.text === text)!.id;
  }

  it("preselects a caption of this post for the network, and ignores any other id without an error", async () => {
    const c = await company();
    const m = await c.advocate();
    const post = await insertPost(c.tenantId, {
      captions: [
        { network: "linkedin", text: "LinkedIn eins" },
        { network: "linkedin", text: "LinkedIn zwei" },
        { network: "x", text: "X eins" },
      ],
    });
    const idOf = await captionIdsOf(c.tenantId, post.id);
    const otherPost = await insertPost(c.tenantId, {
      captions: [{ network: "linkedin", text: "Anderer Post" }],
    });
    const otherPostCaption = (await captionIdsOf(c.tenantId, otherPost.id))("Anderer Post");
    const otherTenant = await company();
    const theirPost = await insertPost(otherTenant.tenantId, {
      captions: [{ network: "linkedin", text: "Fremd" }],
    });
    const theirCaption = (await captionIdsOf(otherTenant.tenantId, theirPost.id))("Fremd");

    const load = async (pick: { network?: Network; captionId?: string }) => {
      const page = await withTenant(db, c.tenantId, (tx) =>
        loadSharePage(tx, m, post.id, { ...pick, locale: "de" }),
      );
      if (page.gate !== null) throw new Error(`gate ${page.gate}`);
      return { network: page.network, captionId: page.captionId };
    };

    // the second LinkedIn variant, as a card's "Share on LinkedIn" asks
    expect(await load({ network: "linkedin", captionId: idOf("LinkedIn zwei") })).toEqual({
      network: "linkedin",
      captionId: idOf("LinkedIn zwei"),
    });
    // no id: as before, the form starts with the network's first caption
    expect(await load({ network: "linkedin" })).toEqual({ network: "linkedin", captionId: null });
    // a caption of another network, another post, another tenant, or no caption at all: ignored
    for (const captionId of [
      idOf("X eins"),
      otherPostCaption,
      theirCaption,
      "00000000-0000-4000-8000-000000000000",
    ])
      expect(await load({ network: "linkedin", captionId })).toEqual({
        network: "linkedin",
        captionId: null,
      });
    // without a network, the caption's own network
    expect(await load({ captionId: idOf("X eins") })).toEqual({ network: "x", captionId: idOf("X eins") });
    expect(await load({ captionId: theirCaption })).toEqual({ network: "linkedin", captionId: null });
  });
});
