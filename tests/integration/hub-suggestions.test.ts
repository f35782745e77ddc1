import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Network, PostStatus, Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { listOutbox, readOutboxMessage, type OutboxMessage } from "~/emails/send.ts";
import { drainInProcessJobs, listFailedInProcessJobs } from "~/jobs/queue.ts";
import { logger } from "~/runtime/logger.server.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "~/app/lib/errors.ts";
import { acceptSuggestion, draftTitle } from "~/app/modules/content/accept-suggestion.server.ts";
import { createSuggestion } from "~/app/modules/content/create-suggestion.server.ts";
import { declineSuggestion } from "~/app/modules/content/decline-suggestion.server.ts";
import {
  likePattern,
  listHubPosts,
  markHubVisited,
  type HubFilter,
} from "~/app/modules/content/list-hub-posts.server.ts";
import { listSuggestions } from "~/app/modules/content/list-suggestions.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { createCompany, createTeam, uniqueId } from "~/tests/support/factories.ts";
import { useFileOutbox } from "~/tests/support/setup.ts";

let db: DB;

// In-process jobs and the file outbox: a trial install without Redis or Resend.
useFileOutbox("hub");
beforeAll(async () => {
  // Accepting a suggestion queues a preview fetch of its (unresolvable) link: fail fast, quietly.
  process.env.JOB_BACKOFF_MS = "1";
  logger.level = "silent";
  db = (await database()).db;
});

beforeEach(async () => {
  await drainInProcessJobs();
});

const HOUR = 3600_000;
const NOW = new Date("2026-11-20T12:00:00Z");
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);

async function company() {
  const { tenant: row, info: tenant, member } = await createCompany(db);
  const [teamA, teamB] = [await createTeam(db, row.id), await createTeam(db, row.id)];
  const person = (roles: Role[], teamId: string | null = null, name = `Person ${uniqueId()}`) =>
    member({ roles, teamId, name });
  return { tenant, teamA, teamB, person };
}

interface PostSpec {
  title: string;
  status?: PostStatus;
  publishedAt?: Date | null;
  expiresAt?: Date | null;
  teamIds?: string[];
  body?: string;
  topicIds?: string[];
  captions?: { network: Network; text: string; language?: "de" | "en" }[];
  sourceSuggestionId?: string;
}

/** A post written straight to the tables, in whatever state a test needs. */
async function insertPost(tenantId: string, spec: PostSpec): Promise<string> {
  return withTenant(db, tenantId, async (tx) => {
    const post = await tx
      .insertInto("posts")
      .values({
        tenant_id: tenantId,
        slug: `p-${uniqueId()}`,
        kind: "link",
        title: spec.title,
        body: spec.body ?? "",
        url: "https://example.com/article",
        preview_status: "ok",
        preview_title: "Preview title",
        status: spec.status ?? "published",
        target_all: (spec.teamIds ?? []).length === 0,
        published_at: spec.publishedAt === undefined ? ago(1) : spec.publishedAt,
        expires_at: spec.expiresAt ?? null,
        source_suggestion_id: spec.sourceSuggestionId ?? null,
        updated_at: NOW,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const teamId of spec.teamIds ?? [])
      await tx
        .insertInto("post_teams")
        .values({ tenant_id: tenantId, post_id: post.id, team_id: teamId })
        .execute();
    for (const topicId of spec.topicIds ?? [])
      await tx
        .insertInto("post_topics")
        .values({ tenant_id: tenantId, post_id: post.id, topic_id: topicId })
        .execute();
    for (const [position, c] of (spec.captions ?? []).entries()) {
      await tx
        .insertInto("captions")
        .values({
          tenant_id: tenantId,
          post_id: post.id,
          network: c.network,
          language: c.language ?? "de",
          text: c.text,
          position,
        })
        .execute();
    }
    return post.id;
  });
}

async function insertTopic(tenantId: string, name: string): Promise<string> {
  return withTenant(
    db,
    tenantId,
    async (tx) =>
      (
        await tx
          .insertInto("topics")
          .values({ tenant_id: tenantId, name })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
  );
}

async function hub(member: Member, filter: HubFilter = {}) {
  return withTenant(db, member.tenantId, (tx) => listHubPosts(tx, member, { now: NOW, ...filter }));
}
async function hubTitles(member: Member, filter: HubFilter = {}) {
  return (await hub(member, filter)).posts.map((p) => p.title);
}

async function mailsTo(email: string): Promise<OutboxMessage[]> {
  await drainInProcessJobs();
  const all = await listOutbox();
  const mine = all.filter((m) => m.to === email);
  return Promise.all(mine.map(async (m) => (await readOutboxMessage(m.id))!));
}

describe("content hub", () => {
  it("shows exactly the published, unexpired posts targeted at the member, newest first", async () => {
    const c = await company();
    const other = await company();
    const ana = await c.person(["employee"], c.teamA.id);
    const noTeam = await c.person(["employee"]);
    await insertPost(c.tenant.id, { title: "everyone, oldest", publishedAt: ago(5) });
    await insertPost(c.tenant.id, { title: "team A, newest", publishedAt: ago(1), teamIds: [c.teamA.id] });
    await insertPost(c.tenant.id, { title: "team B only", publishedAt: ago(2), teamIds: [c.teamB.id] });
    await insertPost(c.tenant.id, {
      title: "teams A and B",
      publishedAt: ago(4),
      teamIds: [c.teamB.id, c.teamA.id],
    });
    await insertPost(c.tenant.id, {
      title: "everyone, expires tomorrow",
      publishedAt: ago(3),
      expiresAt: new Date(NOW.getTime() + 24 * HOUR),
    });
    await insertPost(c.tenant.id, {
      title: "expired a minute ago, job not run yet",
      publishedAt: ago(2),
      expiresAt: new Date(NOW.getTime() - 60_000),
    });
    await insertPost(c.tenant.id, { title: "status expired", status: "expired", publishedAt: ago(2) });
    await insertPost(c.tenant.id, { title: "draft", status: "draft", publishedAt: null });
    await insertPost(c.tenant.id, {
      title: "approved, not yet published",
      status: "approved",
      publishedAt: null,
    });
    await insertPost(other.tenant.id, { title: "other company's post", publishedAt: ago(1) });

    expect(await hubTitles(ana)).toEqual([
      "team A, newest",
      "everyone, expires tomorrow",
      "teams A and B",
      "everyone, oldest",
    ]);
    // Without a team, only posts for everyone.
    expect(await hubTitles(noTeam)).toEqual(["everyone, expires tomorrow", "everyone, oldest"]);
    const outsider = await other.person(["employee"]);
    expect(await hubTitles(outsider)).toEqual(["other company's post"]);
  });

  it("pages through the posts without gaps or repeats", async () => {
    const c = await company();
    const ana = await c.person(["employee"]);
    for (let i = 1; i <= 5; i++)
      await insertPost(c.tenant.id, { title: `post ${i}`, publishedAt: ago(10 - i) });
    const first = await hub(ana, { limit: 2 });
    const second = await hub(ana, { limit: 2, offset: 2 });
    const third = await hub(ana, { limit: 2, offset: 4 });
    expect([first, second, third].map((p) => p.posts.map((x) => x.title))).toEqual([
      ["post 5", "post 4"],
      ["post 3", "post 2"],
      ["post 1"],
    ]);
    expect([first.hasMore, second.hasMore, third.hasMore]).toEqual([true, true, false]);
  });

  it("filters by topic, by network and by search text in title, note and captions", async () => {
    const c = await company();
    const ana = await c.person(["employee"]);
    const legal = await insertTopic(c.tenant.id, "Legal");
    const hiring = await insertTopic(c.tenant.id, "Hiring");
    await insertPost(c.tenant.id, {
      title: "Compliance report",
      publishedAt: ago(1),
      topicIds: [legal],
      captions: [{ network: "linkedin", text: "Unser Bericht ist da" }],
    });
    await insertPost(c.tenant.id, {
      title: "We are hiring",
      publishedAt: ago(2),
      topicIds: [hiring, legal],
      body: "Great team, 100% remote",
      captions: [{ network: "x", text: "Join us" }],
    });
    await insertPost(c.tenant.id, {
      title: "Summer party",
      publishedAt: ago(3),
      captions: [
        { network: "bluesky", text: "Fotos vom Sommerfest" },
        { network: "linkedin", text: "Danke an alle!" },
      ],
    });

    expect(await hubTitles(ana, { topicId: legal })).toEqual(["Compliance report", "We are hiring"]);
    expect(await hubTitles(ana, { topicId: hiring })).toEqual(["We are hiring"]);
    expect(await hubTitles(ana, { network: "linkedin" })).toEqual(["Compliance report", "Summer party"]);
    expect(await hubTitles(ana, { network: "mastodon" })).toEqual([]);
    expect(await hubTitles(ana, { topicId: legal, network: "x" })).toEqual(["We are hiring"]);
    // title, note and caption text; case-insensitive
    expect(await hubTitles(ana, { q: "SUMMER" })).toEqual(["Summer party"]);
    expect(await hubTitles(ana, { q: "great team" })).toEqual(["We are hiring"]);
    expect(await hubTitles(ana, { q: "sommerfest" })).toEqual(["Summer party"]);
    // % and _ are literal characters, not wildcards
    expect(await hubTitles(ana, { q: "100%" })).toEqual(["We are hiring"]);
    expect(await hubTitles(ana, { q: "%" })).toEqual(["We are hiring"]);
    expect(await hubTitles(ana, { q: "_" })).toEqual([]);
    expect(await hubTitles(ana, { q: "nothing like this" })).toEqual([]);
    expect(likePattern("a%b_c\\")).toBe("%a\\%b\\_c\\\\%");
  });

  it("returns each post with its captions, topics, preview and suggester credit", async () => {
    const c = await company();
    const ana = await c.person(["employee"]);
    const suggester = await c.person(["employee"], null, "Sam Suggester");
    const topic = await insertTopic(c.tenant.id, "Product");
    const suggestion = await withTenant(db, c.tenant.id, (tx) =>
      createSuggestion(tx, suggester, { url: "https://example.com/a", reason: "Good read" }),
    );
    await insertPost(c.tenant.id, {
      title: "With everything",
      topicIds: [topic],
      sourceSuggestionId: suggestion.id,
      captions: [
        { network: "linkedin", text: "Erste Variante" },
        { network: "linkedin", text: "Second variant", language: "en" },
        { network: "x", text: "Kurz" },
      ],
    });
    const [post] = (await hub(ana)).posts;
    expect(post?.topics).toEqual([{ id: topic, name: "Product" }]);
    expect(post?.captions.map((x) => [x.network, x.language, x.text])).toEqual([
      ["linkedin", "de", "Erste Variante"],
      ["linkedin", "en", "Second variant"],
      ["x", "de", "Kurz"],
    ]);
    expect(post?.previewTitle).toBe("Preview title");
    expect(post?.suggestedBy).toBe("Sam Suggester");
  });

  it("marks posts new until the member's next visit", async () => {
    const c = await company();
    const ana = await c.person(["employee"]);
    await insertPost(c.tenant.id, { title: "old", publishedAt: ago(5) });
    await insertPost(c.tenant.id, { title: "older", publishedAt: ago(6) });
    const newFlags = async () => (await hub(ana)).posts.map((p) => [p.title, p.isNew]);
    // Never visited: everything is new.
    expect(await newFlags()).toEqual([
      ["old", true],
      ["older", true],
    ]);
    await withTenant(db, c.tenant.id, (tx) => markHubVisited(tx, ana, ago(4)));
    expect(await newFlags()).toEqual([
      ["old", false],
      ["older", false],
    ]);
    await insertPost(c.tenant.id, { title: "fresh", publishedAt: ago(1) });
    expect(await newFlags()).toEqual([
      ["fresh", true],
      ["old", false],
      ["older", false],
    ]);
    // Another member's visit changes nothing for ana. (Ben's visit 45 minutes ago has ended: a new
    // visit shows only what came since. Within a visit "new" stays: tests/integration/home.test.ts.)
    const ben = await c.person(["employee"]);
    await withTenant(db, c.tenant.id, (tx) => markHubVisited(tx, ben, ago(0.75)));
    expect((await hub(ana)).posts.find((p) => p.title === "fresh")?.isNew).toBe(true);
    expect((await hub(ben)).posts.some((p) => p.isNew)).toBe(false);
  });
});

describe("suggestions", () => {
  async function setup() {
    const c = await company();
    const lead = await c.person(["comms_lead", "employee"], null, "Lea Lead");
    const sam = await c.person(["employee"], c.teamA.id, "Sam Suggester");
    const suggestion = await withTenant(db, c.tenant.id, (tx) =>
      createSuggestion(tx, sam, {
        url: `https://news.invalid/story-${uniqueId()}`,
        reason: "Our customer story in the press\nWorth a LinkedIn post.",
      }),
    );
    const row = async () =>
      withTenant(db, c.tenant.id, (tx) =>
        tx.selectFrom("suggestions").selectAll().where("id", "=", suggestion.id).executeTakeFirstOrThrow(),
      );
    return { ...c, lead, sam, suggestionId: suggestion.id, row };
  }

  it("lists a member's suggestions and the inbox with suggester names", async () => {
    const s = await setup();
    const ben = await s.person(["employee"]);
    await withTenant(db, s.tenant.id, (tx) =>
      createSuggestion(tx, ben, { url: "https://example.com/b", reason: "Also good" }),
    );
    const open = await withTenant(db, s.tenant.id, (tx) =>
      listSuggestions(tx, s.tenant.id, { status: "open" }),
    );
    expect(open.map((r) => [r.suggesterName, r.status])).toEqual([
      ["Sam Suggester", "open"],
      [ben.name, "open"],
    ]);
    const mine = await withTenant(db, s.tenant.id, (tx) =>
      listSuggestions(tx, s.tenant.id, { suggesterId: s.sam.id }),
    );
    expect(mine.map((r) => r.id)).toEqual([s.suggestionId]);
    await expect(
      withTenant(db, s.tenant.id, (tx) =>
        createSuggestion(tx, ben, { url: "javascript:alert(1)", reason: "x" }),
      ),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("accepting turns the suggestion into a draft post crediting the suggester, and emails them", async () => {
    const s = await setup();
    const { postId } = await withTenant(db, s.lead.tenantId, (tx) =>
      acceptSuggestion(tx, s.lead, s.tenant, { suggestionId: s.suggestionId }, { now: NOW }),
    );

    const post = await withTenant(db, s.tenant.id, (tx) =>
      tx.selectFrom("posts").selectAll().where("id", "=", postId).executeTakeFirstOrThrow(),
    );
    const suggestion = await s.row();
    expect(post).toMatchObject({
      status: "draft",
      source_suggestion_id: s.suggestionId,
      url: suggestion.url,
      title: "Our customer story in the press",
      body: "Our customer story in the press\nWorth a LinkedIn post.",
      author_id: s.lead.id,
    });
    expect(suggestion).toMatchObject({ status: "accepted", post_id: postId, decided_by: s.lead.id });
    // A draft is not in anyone's hub yet.
    expect(await hubTitles(s.sam)).toEqual([]);

    const [mail, ...more] = await mailsTo(s.sam.email);
    expect(more).toHaveLength(0);
    expect(mail?.subject).toBe("Dein Vorschlag wird zu einem Beitrag");
    expect(mail?.text).toContain(suggestion.url);
    expect(mail?.text).toContain(`/t/${s.tenant.slug}/suggest`);
    expect(listFailedInProcessJobs().filter((j) => j.name === "send-email")).toEqual([]);
  });

  it("declining needs a reason, and the suggester gets it by email", async () => {
    const s = await setup();
    await expect(
      withTenant(db, s.lead.tenantId, (tx) =>
        declineSuggestion(tx, s.lead, s.tenant, { suggestionId: s.suggestionId, reason: "   " }),
      ),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await s.row()).status).toBe("open");
    expect(await mailsTo(s.sam.email)).toEqual([]);

    await withTenant(db, s.lead.tenantId, (tx) =>
      declineSuggestion(
        tx,
        s.lead,
        s.tenant,
        { suggestionId: s.suggestionId, reason: "We shared this story last week." },
        { now: NOW },
      ),
    );
    expect(await s.row()).toMatchObject({
      status: "declined",
      decline_reason: "We shared this story last week.",
      decided_by: s.lead.id,
      post_id: null,
    });
    const [mail, ...more] = await mailsTo(s.sam.email);
    expect(more).toHaveLength(0);
    expect(mail?.subject).toBe("Dein Vorschlag wurde abgelehnt");
    expect(mail?.text).toContain("We shared this story last week.");
    const mine = await withTenant(db, s.tenant.id, (tx) =>
      listSuggestions(tx, s.tenant.id, { suggesterId: s.sam.id }),
    );
    expect(mine[0]).toMatchObject({
      status: "declined",
      declineReason: "We shared this story last week.",
      decidedByName: "Lea Lead",
    });
  });

  it("refuses to decide a suggestion twice", async () => {
    const s = await setup();
    await withTenant(db, s.lead.tenantId, (tx) =>
      acceptSuggestion(tx, s.lead, s.tenant, { suggestionId: s.suggestionId }),
    );
    await expect(
      withTenant(db, s.lead.tenantId, (tx) =>
        acceptSuggestion(tx, s.lead, s.tenant, { suggestionId: s.suggestionId }),
      ),
    ).rejects.toMatchObject({ code: "already_decided" });
    await expect(
      withTenant(db, s.lead.tenantId, (tx) =>
        declineSuggestion(tx, s.lead, s.tenant, { suggestionId: s.suggestionId, reason: "no" }),
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    const posts = await withTenant(db, s.tenant.id, (tx) =>
      tx.selectFrom("posts").select("id").where("source_suggestion_id", "=", s.suggestionId).execute(),
    );
    expect(posts).toHaveLength(1);
    expect(await s.row()).toMatchObject({ status: "accepted" });
    expect(await mailsTo(s.sam.email)).toHaveLength(1);

    const other = await setup();
    await withTenant(db, other.lead.tenantId, (tx) =>
      declineSuggestion(tx, other.lead, other.tenant, {
        suggestionId: other.suggestionId,
        reason: "Off topic",
      }),
    );
    await expect(
      withTenant(db, other.lead.tenantId, (tx) =>
        acceptSuggestion(tx, other.lead, other.tenant, { suggestionId: other.suggestionId }),
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await other.row()).toMatchObject({ status: "declined", post_id: null });
  });

  it("cannot reach another company's suggestion, and changes nothing trying", async () => {
    const mine = await setup();
    const theirs = await setup();
    await expect(
      withTenant(db, mine.lead.tenantId, (tx) =>
        acceptSuggestion(tx, mine.lead, mine.tenant, { suggestionId: theirs.suggestionId }),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      withTenant(db, mine.lead.tenantId, (tx) =>
        declineSuggestion(tx, mine.lead, mine.tenant, { suggestionId: theirs.suggestionId, reason: "nope" }),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await theirs.row()).toMatchObject({
      status: "open",
      decided_by: null,
      post_id: null,
      decline_reason: null,
    });
    const count = async (tenantId: string) =>
      withTenant(db, tenantId, (tx) =>
        tx.selectFrom("posts").select("id").where("tenant_id", "=", tenantId).execute(),
      );
    expect(await count(mine.tenant.id)).toEqual([]);
    expect(await count(theirs.tenant.id)).toEqual([]);
    expect(await mailsTo(theirs.sam.email)).toEqual([]);
    // A tenant mismatch between actor and tenant is refused outright.
    await expect(
      withTenant(db, mine.lead.tenantId, (tx) =>
        acceptSuggestion(tx, mine.lead, theirs.tenant, { suggestionId: theirs.suggestionId }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("only comms leads decide", async () => {
    const s = await setup();
    await expect(
      withTenant(db, s.sam.tenantId, (tx) =>
        acceptSuggestion(tx, s.sam, s.tenant, { suggestionId: s.suggestionId }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      withTenant(db, s.sam.tenantId, (tx) =>
        declineSuggestion(tx, s.sam, s.tenant, { suggestionId: s.suggestionId, reason: "mine" }),
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await s.row()).status).toBe("open");
  });

  it("titles a draft with the reason's first line, or the link's host", () => {
    expect(draftTitle("\n  First line  \nsecond", "https://example.com/x")).toBe("First line");
    expect(draftTitle("", "https://www.example.com/x?y=1")).toBe("www.example.com");
    const long = draftTitle("word ".repeat(60), "https://example.com");
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long.endsWith("…")).toBe(true);
  });
});
