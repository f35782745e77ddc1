import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { PostStatus, Role, Tenant } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { drainInProcessJobs } from "~/jobs/queue.ts";
import { ForbiddenError, NotFoundError, ValidationError, ConflictError } from "~/app/lib/errors.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { approvePost } from "~/app/modules/content/approve-post.server.ts";
import { archivePost } from "~/app/modules/content/archive-post.server.ts";
import { createPost } from "~/app/modules/content/create-post.server.ts";
import { getPost } from "~/app/modules/content/get-post.server.ts";
import { listPosts } from "~/app/modules/content/list-posts.server.ts";
import { getPostHistory } from "~/app/modules/content/post-history.server.ts";
import { InvalidTransitionError } from "~/app/modules/content/post-records.server.ts";
import { canTransition, MANUAL_ACTIONS, type PostAction } from "~/app/modules/content/post-workflow.ts";
import { publishDuePosts } from "~/app/modules/content/publish-due-posts.server.ts";
import { rejectPost } from "~/app/modules/content/reject-post.server.ts";
import { revisePost } from "~/app/modules/content/revise-post.server.ts";
import { submitPost } from "~/app/modules/content/submit-post.server.ts";
import { createTopic } from "~/app/modules/content/topics.server.ts";
import { updatePost } from "~/app/modules/content/update-post.server.ts";
import { withdrawPost } from "~/app/modules/content/withdraw-post.server.ts";
import { CreatePostInput, UpdatePostInput } from "~/app/modules/content/schemas.ts";
import { createMember, createTeam, createTenant, uniqueId } from "~/tests/support/factories.ts";
import { useFileOutbox } from "~/tests/support/setup.ts";

let db: DB;
let tenantA: Tenant;
let tenantB: Tenant;
let author: Member;
let lead2: Member;
let lead3: Member;
let leadB: Member;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

async function member(
  tenant: Tenant,
  roles: Role[],
  opts: { name?: string; locale?: "de" | "en" } = {},
): Promise<Member> {
  return createMember(db, tenant.id, {
    roles,
    name: opts.name ?? `Person ${uniqueId()}`,
    locale: opts.locale,
  });
}

function postInput(over: Record<string, unknown> = {}): CreatePostInput {
  return CreatePostInput.parse({
    title: `Post ${uniqueId()}`,
    body: "Worth sharing",
    captions: [
      { network: "linkedin", language: "de", addressForm: "du", text: "Schau dir das an" },
      { network: "x", language: "en", text: "Have a look" },
    ],
    ...over,
  });
}

const inA = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(db, tenantA.id, fn);

async function create(actor = author, over: Record<string, unknown> = {}): Promise<string> {
  return (await withTenant(db, actor.tenantId, (tx) => createPost(tx, actor, postInput(over)))).id;
}
async function statusOf(
  postId: string,
  tenantId = tenantA.id,
): Promise<{ status: PostStatus; version: number; published_at: Date | null }> {
  return withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("posts")
      .select(["status", "version", "published_at"])
      .where("id", "=", postId)
      .executeTakeFirstOrThrow(),
  );
}
async function transitionCount(postId: string): Promise<number> {
  return (
    await inA((tx) => tx.selectFrom("post_transitions").select("id").where("post_id", "=", postId).execute())
  ).length;
}

const mailOutbox = useFileOutbox("content");
beforeAll(async () => {
  process.env.JOB_BACKOFF_MS = "10";
  ({ db } = await database());
  tenantA = await createTenant(db);
  tenantB = await createTenant(db);
  author = await member(tenantA, ["comms_lead"], { name: "Ada Author" });
  lead2 = await member(tenantA, ["comms_lead"], { name: "Bo Reviewer" });
  lead3 = await member(tenantA, ["comms_lead", "admin"], { name: "Cy Reviewer", locale: "en" });
  leadB = await member(tenantB, ["comms_lead"]);
});

describe("creating a post", () => {
  it("stores a draft, version 1, with captions in order, topics, teams, a slug and its first history entries", async () => {
    const team = await createTeam(db, tenantA.id);
    const topic = await inA((tx) =>
      createTopic(tx, author, { name: `Topic ${uniqueId()}`, requiresSecondApproval: false }),
    );
    const title = `Über Größe & Maß ${uniqueId()}`;
    const first = await inA((tx) =>
      createPost(
        tx,
        author,
        postInput({ title, url: "https://example.invalid/a", topicIds: [topic.id], teamIds: [team.id] }),
      ),
    );
    const second = await inA((tx) => createPost(tx, author, postInput({ title })));
    expect(first.slug).toMatch(/^ueber-groesse-mass-[0-9a-f]{10}$/);
    expect(second.slug).toBe(`${first.slug}-2`);

    const detail = await inA((tx) => getPost(tx, tenantA.id, first.id));
    expect(detail?.post).toMatchObject({
      status: "draft",
      version: 1,
      kind: "link",
      preview_status: "pending",
      target_all: false,
      title,
    });
    expect(detail?.captions.map((c) => [c.network, c.position, c.address_form])).toEqual([
      ["linkedin", 0, "du"],
      ["x", 1, null],
    ]);
    expect(detail?.topics).toEqual([
      { id: topic.id, name: topic.id && expect.any(String), requiresSecondApproval: false },
    ]);
    expect(detail?.teams.map((t) => t.id)).toEqual([team.id]);
    expect(detail?.authorName).toBe("Ada Author");

    const text = await inA((tx) => getPost(tx, tenantA.id, second.id));
    expect(text?.post).toMatchObject({ kind: "text", url: null, preview_status: "none", target_all: true });

    const history = await inA((tx) => getPostHistory(tx, tenantA.id, first.id));
    expect(history.versions.map((v) => v.version)).toEqual([1]);
    expect(history.transitions.map((t) => [t.action, t.from, t.to, t.actorName])).toEqual([
      ["create", "draft", "draft", "Ada Author"],
    ]);

    const listed = await inA((tx) => listPosts(tx, tenantA.id, { status: "draft" }));
    expect(listed.posts.find((p) => p.id === first.id)).toMatchObject({
      captionCount: 2,
      authorName: "Ada Author",
      status: "draft",
    });
  });

  it("refuses a topic or team of another tenant", async () => {
    const foreignTeam = await createTeam(db, tenantB.id);
    await expect(
      inA((tx) => createPost(tx, author, postInput({ teamIds: [foreignTeam.id] }))),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("approval", () => {
  it("create → submit → approved by another comms lead → published at once without a publish time", async () => {
    const id = await create();
    await inA((tx) => submitPost(tx, author, { postId: id }));
    expect((await statusOf(id)).status).toBe("in_review");
    const outcome = await inA((tx) => approvePost(tx, lead2, { postId: id }));
    expect(outcome).toEqual({ status: "published", approvals: 1, required: 1 });
    const after = await statusOf(id);
    expect(after.status).toBe("published");
    expect(after.published_at).toBeInstanceOf(Date);
    const history = await inA((tx) => getPostHistory(tx, tenantA.id, id));
    expect(history.transitions.map((t) => t.action)).toEqual(["publish", "approve", "submit", "create"]);
    expect(history.transitions[0]?.system).toBe(true);
    expect(history.transitions[1]?.actorName).toBe("Bo Reviewer");
  });

  it("the author cannot approve their own post, and it stays in review", async () => {
    const id = await create();
    await inA((tx) => submitPost(tx, author, { postId: id }));
    await expect(inA((tx) => approvePost(tx, author, { postId: id }))).rejects.toThrow(ForbiddenError);
    await expect(inA((tx) => approvePost(tx, author, { postId: id }))).rejects.toThrow("own_post");
    await expect(inA((tx) => rejectPost(tx, author, { postId: id, reason: "meh" }))).rejects.toThrow(
      ForbiddenError,
    );
    expect((await statusOf(id)).status).toBe("in_review");
    const approvals = await inA((tx) =>
      tx.selectFrom("post_approvals").select("id").where("post_id", "=", id).execute(),
    );
    expect(approvals).toHaveLength(0);
  });

  it("a second-approval topic needs two different comms leads; the same one cannot approve twice", async () => {
    const legal = await inA((tx) =>
      createTopic(tx, lead3, { name: `Legal ${uniqueId()}`, requiresSecondApproval: true }),
    );
    const id = await create(author, { topicIds: [legal.id] });
    await inA((tx) => submitPost(tx, author, { postId: id }));

    const first = await inA((tx) => approvePost(tx, lead2, { postId: id }));
    expect(first).toEqual({ status: "in_review", approvals: 1, required: 2 });
    expect((await statusOf(id)).status).toBe("in_review");

    await expect(inA((tx) => approvePost(tx, lead2, { postId: id }))).rejects.toThrow(ConflictError);
    expect((await statusOf(id)).status).toBe("in_review");

    const second = await inA((tx) => approvePost(tx, lead3, { postId: id }));
    expect(second).toEqual({ status: "published", approvals: 2, required: 2 });
    expect((await statusOf(id)).status).toBe("published");
  });

  it("an approval for a version the reviewer has not seen is refused", async () => {
    const id = await create();
    await inA((tx) => submitPost(tx, author, { postId: id }));
    await inA((tx) =>
      updatePost(
        tx,
        author,
        UpdatePostInput.parse({ ...postInput({ title: "Changed while in review" }), postId: id }),
      ),
    );
    await expect(inA((tx) => approvePost(tx, lead2, { postId: id, version: 1 }))).rejects.toThrow(
      "the post changed",
    );
    expect(await inA((tx) => approvePost(tx, lead2, { postId: id, version: 2 }))).toMatchObject({
      status: "published",
    });
  });

  it("reject needs a reason; revise takes it back to draft and it can be submitted again", async () => {
    const id = await create();
    await inA((tx) => submitPost(tx, author, { postId: id }));
    await expect(inA((tx) => rejectPost(tx, lead2, { postId: id, reason: "   " }))).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect((await statusOf(id)).status).toBe("in_review");

    await inA((tx) => rejectPost(tx, lead2, { postId: id, reason: "Link is paywalled" }));
    const rejected = await inA((tx) => getPost(tx, tenantA.id, id));
    expect(rejected?.post).toMatchObject({ status: "rejected", rejection_reason: "Link is paywalled" });

    await inA((tx) => revisePost(tx, author, { postId: id }));
    expect((await statusOf(id)).status).toBe("draft");
    await inA((tx) => submitPost(tx, author, { postId: id }));
    expect((await statusOf(id)).status).toBe("in_review");
    const history = await inA((tx) => getPostHistory(tx, tenantA.id, id));
    expect(history.transitions.map((t) => t.action)).toEqual([
      "submit",
      "revise",
      "reject",
      "submit",
      "create",
    ]);
    expect(history.transitions.find((t) => t.action === "reject")?.reason).toBe("Link is paywalled");
  });

  it("only the author withdraws a post from review", async () => {
    const id = await create();
    await inA((tx) => submitPost(tx, author, { postId: id }));
    await expect(inA((tx) => withdrawPost(tx, lead2, { postId: id }))).rejects.toThrow(ForbiddenError);
    await inA((tx) => withdrawPost(tx, author, { postId: id }));
    expect((await statusOf(id)).status).toBe("draft");
  });
});

describe("editing", () => {
  it("editing a published post sends it back to review as version 2, with both versions in the history", async () => {
    const id = await create();
    await inA((tx) => submitPost(tx, author, { postId: id }));
    await inA((tx) => approvePost(tx, lead2, { postId: id }));

    const same = await inA(async (tx) => {
      const d = await getPost(tx, tenantA.id, id);
      return updatePost(
        tx,
        author,
        UpdatePostInput.parse({
          postId: id,
          title: d?.post.title,
          body: d?.post.body,
          captions: postInput().captions,
        }),
      );
    });
    expect(same).toEqual({ changed: false, version: 1, status: "published" });

    const outcome = await inA((tx) =>
      updatePost(
        tx,
        author,
        UpdatePostInput.parse({
          postId: id,
          title: "New title",
          captions: [{ network: "bluesky", language: "en", text: "Fresh" }],
        }),
      ),
    );
    expect(outcome).toEqual({ changed: true, version: 2, status: "in_review" });
    const detail = await inA((tx) => getPost(tx, tenantA.id, id));
    expect(detail?.post).toMatchObject({ status: "in_review", version: 2, title: "New title" });
    expect(detail?.captions.map((c) => c.network)).toEqual(["bluesky"]);

    const history = await inA((tx) => getPostHistory(tx, tenantA.id, id));
    expect(history.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(history.versions[0]?.snapshot).toMatchObject({ title: "New title" });
    expect(history.transitions[0]).toMatchObject({
      action: "edit",
      from: "published",
      to: "in_review",
      version: 2,
    });
    // the version-1 approval does not count for version 2: a fresh approval is needed
    expect(await inA((tx) => approvePost(tx, lead2, { postId: id }))).toMatchObject({
      status: "published",
      approvals: 1,
    });
  });
});

describe("scheduled publish and expiry", () => {
  it("publishes an approved post at its publish time and expires it at its expiry; a second run changes nothing", async () => {
    const now = new Date();
    const publishAt = new Date(now.getTime() + DAY);
    const expiresAt = new Date(now.getTime() + 2 * DAY);
    const id = await create(author, { publishAt, expiresAt });
    await inA((tx) => submitPost(tx, author, { postId: id }));
    expect(await inA((tx) => approvePost(tx, lead2, { postId: id }, { now }))).toMatchObject({
      status: "approved",
    });

    await publishDuePosts(db, new Date(publishAt.getTime() - 1000));
    expect((await statusOf(id)).status).toBe("approved");

    const atPublish = await publishDuePosts(db, publishAt);
    expect(atPublish.published).toBeGreaterThanOrEqual(1);
    expect(await statusOf(id)).toMatchObject({ status: "published", published_at: publishAt });
    expect(await publishDuePosts(db, publishAt)).toEqual({ published: 0, expired: 0 });

    const atExpiry = await publishDuePosts(db, expiresAt);
    expect(atExpiry.expired).toBeGreaterThanOrEqual(1);
    expect((await statusOf(id)).status).toBe("expired");
    const transitions = await transitionCount(id);
    expect(await publishDuePosts(db, expiresAt)).toEqual({ published: 0, expired: 0 });
    expect(await transitionCount(id)).toBe(transitions);

    const history = await inA((tx) => getPostHistory(tx, tenantA.id, id));
    expect(history.transitions.slice(0, 2).map((t) => [t.action, t.system])).toEqual([
      ["expire", true],
      ["publish", true],
    ]);
  });
});

describe("forbidden transitions", () => {
  /** A fresh post brought into `status` through the real use cases. */
  async function postIn(status: PostStatus): Promise<string> {
    const now = new Date();
    const scheduled = status === "approved" ? { publishAt: new Date(now.getTime() + 365 * DAY) } : {};
    const expiring = status === "expired" ? { expiresAt: new Date(now.getTime() + HOUR) } : {};
    const id = await create(author, { ...scheduled, ...expiring });
    if (status === "draft") return id;
    if (status === "archived") {
      await inA((tx) => archivePost(tx, author, { postId: id }));
      return id;
    }
    await inA((tx) => submitPost(tx, author, { postId: id }));
    if (status === "in_review") return id;
    if (status === "rejected") {
      await inA((tx) => rejectPost(tx, lead2, { postId: id, reason: "no" }));
      return id;
    }
    await inA((tx) => approvePost(tx, lead2, { postId: id }));
    if (status === "expired") await publishDuePosts(db, new Date(now.getTime() + 2 * HOUR));
    return id;
  }

  function run(action: PostAction, postId: string): Promise<unknown> {
    return inA<unknown>((tx) => {
      switch (action) {
        case "submit":
          return submitPost(tx, author, { postId });
        case "approve":
          return approvePost(tx, lead2, { postId });
        case "reject":
          return rejectPost(tx, lead2, { postId, reason: "because" });
        case "withdraw":
          return withdrawPost(tx, author, { postId });
        case "revise":
          return revisePost(tx, author, { postId });
        case "archive":
          return archivePost(tx, author, { postId });
        default:
          return updatePost(
            tx,
            author,
            UpdatePostInput.parse({ ...postInput({ title: `Edited ${uniqueId()}` }), postId }),
          );
      }
    });
  }

  const statuses: PostStatus[] = [
    "draft",
    "in_review",
    "approved",
    "published",
    "rejected",
    "expired",
    "archived",
  ];
  const forbidden = statuses.flatMap((s) =>
    MANUAL_ACTIONS.filter((a) => !canTransition(s, a)).map((a) => [s, a] as const),
  );

  it.each(forbidden)("%s + %s throws and changes nothing", async (status, action) => {
    const id = await postIn(status);
    const before = await statusOf(id);
    expect(before.status).toBe(status);
    const count = await transitionCount(id);
    await expect(run(action, id)).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(await statusOf(id)).toEqual(before);
    expect(await transitionCount(id)).toBe(count);
  });

  it("covers all 34 forbidden manual pairs", () => {
    expect(forbidden).toHaveLength(34);
  });
});

describe("tenant isolation", () => {
  it("a post of tenant B can be neither read nor changed from tenant A", async () => {
    const idB = await create(leadB);
    expect(await inA((tx) => getPost(tx, tenantA.id, idB))).toBeUndefined();
    // even naming B's id as the tenant: RLS (set to A) hides the row
    expect(await inA((tx) => getPost(tx, tenantB.id, idB))).toBeUndefined();
    await expect(inA((tx) => submitPost(tx, author, { postId: idB }))).rejects.toBeInstanceOf(NotFoundError);
    await expect(inA((tx) => archivePost(tx, author, { postId: idB }))).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      inA((tx) => updatePost(tx, author, UpdatePostInput.parse({ ...postInput(), postId: idB }))),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await statusOf(idB, tenantB.id)).status).toBe("draft");
    expect((await inA((tx) => listPosts(tx, tenantA.id, {}))).posts.some((p) => p.id === idB)).toBe(false);
  });
});

describe("emails", () => {
  async function outbox(): Promise<{ to: string; subject: string; text: string }[]> {
    await drainInProcessJobs();
    const files = (await readdir(mailOutbox.dir)).filter((f) => f.endsWith(".json"));
    return Promise.all(
      files.map(
        async (f) =>
          JSON.parse(await readFile(join(mailOutbox.dir, f), "utf8")) as {
            to: string;
            subject: string;
            text: string;
          },
      ),
    );
  }

  it("asks every other active comms lead to review, in their language, and tells the author the decision", async () => {
    const employee = await member(tenantA, ["employee"]);
    const gone = await member(tenantA, ["comms_lead"]);
    await withTenant(db, tenantA.id, (tx) =>
      tx.updateTable("memberships").set({ status: "deactivated" }).where("id", "=", gone.id).execute(),
    );
    const title = `Review me ${uniqueId()}`;
    const id = await create(author, { title });
    await inA((tx) => submitPost(tx, author, { postId: id }));

    const review = (await outbox()).filter((m) => m.subject.includes(title));
    expect(review.map((m) => m.to).sort()).toEqual([lead2.email, lead3.email].sort());
    expect(review.find((m) => m.to === lead2.email)?.subject).toBe(`Neuer Beitrag zur Prüfung: ${title}`);
    expect(review.find((m) => m.to === lead3.email)?.subject).toBe(`New post to review: ${title}`);
    expect(review.find((m) => m.to === lead2.email)?.text).toContain(`/t/${tenantA.slug}/content/${id}`);
    expect(review.some((m) => m.to === employee.email || m.to === gone.email || m.to === author.email)).toBe(
      false,
    );

    await inA((tx) => approvePost(tx, lead2, { postId: id }));
    const decision = (await outbox()).filter((m) => m.subject.includes(title) && m.to === author.email);
    expect(decision).toHaveLength(1);
    expect(decision[0]?.subject).toBe(`Dein Beitrag wurde freigegeben: ${title}`);
  });
});
