import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { listOutbox, readOutboxMessage, type OutboxMessage } from "~/emails/send.ts";
import { drainInProcessJobs, listFailedInProcessJobs } from "~/jobs/queue.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "~/app/lib/errors.ts";
import { createSuggestion } from "~/app/modules/content/create-suggestion.server.ts";
import { markHandled, reopenEscalation } from "~/app/modules/escalations/handle-escalation.server.ts";
import { listEscalations } from "~/app/modules/escalations/list-escalations.server.ts";
import { reportEscalation } from "~/app/modules/escalations/report-escalation.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import * as escalateRoute from "~/app/routes/escalate.tsx";
import * as inboxRoute from "~/app/routes/escalations.inbox.tsx";
import { createCompany, uniqueId } from "~/tests/support/factories.ts";
import { useFileOutbox } from "~/tests/support/setup.ts";

let db: DB;

// In-process jobs and the file outbox: a trial install without Redis or Resend.
useFileOutbox("escalation");
beforeAll(async () => {
  db = (await database()).db;
});

beforeEach(async () => {
  await drainInProcessJobs();
});

async function company() {
  const { tenant, member } = await createCompany(db, { name: `Acme ${uniqueId()}` });
  const person = (roles: Role[], name = `Person ${uniqueId()}`, locale: "de" | "en" | null = null) =>
    member({ roles, name, locale });
  const lead = await person(["comms_lead"], "Lea Lead");
  const lead2 = await person(["comms_lead", "employee"], "Lou Lead", "en");
  const emma = await person(["employee"], "Emma Employee");
  return { tenant, person, lead, lead2, emma };
}

async function mailsTo(email: string): Promise<OutboxMessage[]> {
  await drainInProcessJobs();
  const all = await listOutbox();
  const mine = all.filter((m) => m.to === email);
  return Promise.all(mine.map(async (m) => (await readOutboxMessage(m.id))!));
}

const row = (tenantId: string, id: string) =>
  withTenant(db, tenantId, (tx) =>
    tx.selectFrom("escalations").selectAll().where("id", "=", id).executeTakeFirst(),
  );

describe("reporting an escalation", () => {
  it("mails every active comms lead in their language and shows the reporter an open report", async () => {
    const c = await company();
    const gone = await c.person(["comms_lead"]);
    await withTenant(db, c.tenant.id, (tx) =>
      tx.updateTable("memberships").set({ status: "deactivated" }).where("id", "=", gone.id).execute(),
    );
    const url = `https://www.linkedin.com/feed/update/urn:li:activity:${uniqueId()}`;

    const { id, notified } = await withTenant(db, c.emma.tenantId, (tx) =>
      reportEscalation(tx, c.emma, {
        url,
        note: "  A customer is very angry under our post.  ",
      }),
    );
    expect(notified).toBe(2);

    const [de, ...moreDe] = await mailsTo(c.lead.email);
    expect(moreDe).toHaveLength(0);
    expect(de?.subject).toBe("Gemeldete Diskussion: Emma Employee bittet um Hilfe");
    expect(de?.text).toContain(url);
    expect(de?.text).toContain("A customer is very angry under our post.");
    expect(de?.html).toContain(`/t/${c.tenant.slug}/escalations`);
    // the discussion is shown, not linked
    expect(de?.html).not.toContain(`href="${url}"`);
    const [en] = await mailsTo(c.lead2.email);
    expect(en?.subject).toBe("Escalation: Emma Employee flagged a discussion");
    expect(await mailsTo(gone.email)).toEqual([]);
    expect(await mailsTo(c.emma.email)).toEqual([]);
    expect(await listFailedInProcessJobs()).toEqual([]);

    const mine = await withTenant(db, c.tenant.id, (tx) =>
      listEscalations(tx, c.tenant.id, { reporterId: c.emma.id }),
    );
    expect(mine.map((e) => [e.id, e.status, e.url, e.note, e.reporterName])).toEqual([
      [id, "open", url, "A customer is very angry under our post.", "Emma Employee"],
    ]);
    const open = await withTenant(db, c.tenant.id, (tx) =>
      listEscalations(tx, c.tenant.id, { status: "open" }),
    );
    expect(open.map((e) => e.id)).toEqual([id]);
  });

  it("does not mail a comms lead about their own report", async () => {
    const c = await company();
    const { notified } = await withTenant(db, c.lead.tenantId, (tx) =>
      reportEscalation(tx, c.lead, {
        url: "https://x.com/someone/status/1",
        note: "Heated",
      }),
    );
    expect(notified).toBe(1);
    expect(await mailsTo(c.lead.email)).toEqual([]);
    expect(await mailsTo(c.lead2.email)).toHaveLength(1);
  });

  it("refuses javascript: and other non-web URLs, and an empty or overlong note, storing nothing", async () => {
    const c = await company();
    for (const url of [
      "javascript:alert(1)",
      "JavaScript://example.com/%0Aalert(1)",
      "data:text/html,hi",
      "ftp://example.com/x",
      "https://user:pw@example.com/",
      "not a url",
      "https://",
    ]) {
      await expect(
        withTenant(db, c.emma.tenantId, (tx) => reportEscalation(tx, c.emma, { url, note: "x" })),
      ).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(
      withTenant(db, c.emma.tenantId, (tx) =>
        reportEscalation(tx, c.emma, { url: "https://example.com", note: "   " }),
      ),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      withTenant(db, c.emma.tenantId, (tx) =>
        reportEscalation(tx, c.emma, { url: "https://example.com", note: "x".repeat(2001) }),
      ),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await withTenant(db, c.tenant.id, (tx) => listEscalations(tx, c.tenant.id))).toEqual([]);
    expect(await mailsTo(c.lead.email)).toEqual([]);
  });

  it("the database refuses a non-http(s) URL even past the application", async () => {
    const c = await company();
    await expect(
      withTenant(db, c.tenant.id, (tx) =>
        tx
          .insertInto("escalations")
          .values({ tenant_id: c.tenant.id, reporter_id: c.emma.id, url: "javascript:alert(1)", note: "x" })
          .execute(),
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it("sends nothing when the surrounding change is rolled back", async () => {
    const c = await company();
    await expect(
      withTenant(db, c.tenant.id, async (tx) => {
        await createSuggestion(tx, c.emma, { url: "https://example.com/rolled-back", reason: "Never saved" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await mailsTo(c.lead.email)).toEqual([]);
  });
});

describe("handling escalations", () => {
  async function reported() {
    const c = await company();
    const { id } = await withTenant(db, c.emma.tenantId, (tx) =>
      reportEscalation(tx, c.emma, { url: "https://example.com/thread", note: "Trolls" }),
    );
    return { ...c, id };
  }
  const NOW = new Date("2026-03-01T10:00:00Z");

  it("a comms lead marks it handled with a note; the reporter sees it handled; reopening clears the handling", async () => {
    const s = await reported();
    await withTenant(db, s.lead.tenantId, (tx) =>
      markHandled(tx, s.lead, { escalationId: s.id, note: "  Answered officially.  " }, { now: NOW }),
    );
    expect(await row(s.tenant.id, s.id)).toMatchObject({
      status: "handled",
      handled_by: s.lead.id,
      handled_at: NOW,
      handler_note: "Answered officially.",
    });
    const handled = await withTenant(db, s.tenant.id, (tx) =>
      listEscalations(tx, s.tenant.id, { status: "handled" }),
    );
    expect(handled.map((e) => [e.id, e.handledByName, e.handlerNote])).toEqual([
      [s.id, "Lea Lead", "Answered officially."],
    ]);
    expect(
      await withTenant(db, s.tenant.id, (tx) => listEscalations(tx, s.tenant.id, { status: "open" })),
    ).toEqual([]);
    const mine = await withTenant(db, s.tenant.id, (tx) =>
      listEscalations(tx, s.tenant.id, { reporterId: s.emma.id }),
    );
    expect(mine.map((e) => e.status)).toEqual(["handled"]);

    // a second lead at the same time: a conflict, the first handling stays
    await expect(
      withTenant(db, s.lead2.tenantId, (tx) => markHandled(tx, s.lead2, { escalationId: s.id })),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await row(s.tenant.id, s.id))?.handled_by).toBe(s.lead.id);

    await withTenant(db, s.lead2.tenantId, (tx) => reopenEscalation(tx, s.lead2, { escalationId: s.id }));
    expect(await row(s.tenant.id, s.id)).toMatchObject({
      status: "open",
      handled_by: null,
      handled_at: null,
      handler_note: null,
    });
    await expect(
      withTenant(db, s.lead2.tenantId, (tx) => reopenEscalation(tx, s.lead2, { escalationId: s.id })),
    ).rejects.toBeInstanceOf(ConflictError);

    // a blank note counts as none
    await withTenant(db, s.lead2.tenantId, (tx) =>
      markHandled(tx, s.lead2, { escalationId: s.id, note: "   " }),
    );
    expect(await row(s.tenant.id, s.id)).toMatchObject({
      status: "handled",
      handled_by: s.lead2.id,
      handler_note: null,
    });
  });

  it("another tenant's escalation is not found and stays unchanged", async () => {
    const mine = await reported();
    const theirs = await reported();
    await expect(
      withTenant(db, mine.lead.tenantId, (tx) =>
        markHandled(tx, mine.lead, { escalationId: theirs.id, note: "mine now" }),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await row(theirs.tenant.id, theirs.id)).toMatchObject({
      status: "open",
      handled_by: null,
      handler_note: null,
    });
    await withTenant(db, theirs.lead.tenantId, (tx) =>
      markHandled(tx, theirs.lead, { escalationId: theirs.id }),
    );
    await expect(
      withTenant(db, mine.lead.tenantId, (tx) =>
        reopenEscalation(tx, mine.lead, { escalationId: theirs.id }),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await row(theirs.tenant.id, theirs.id))?.status).toBe("handled");
    // and it never shows up in the other tenant's inbox
    const lists = await withTenant(db, mine.tenant.id, (tx) => listEscalations(tx, mine.tenant.id));
    expect(lists.map((e) => e.id)).toEqual([mine.id]);
  });

  it("an employee, a manager or an admin cannot handle or reopen", async () => {
    const s = await reported();
    const admin = await s.person(["admin", "manager"]);
    for (const actor of [s.emma, admin]) {
      await expect(
        withTenant(db, actor.tenantId, (tx) => markHandled(tx, actor, { escalationId: s.id })),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(
        withTenant(db, actor.tenantId, (tx) => reopenEscalation(tx, actor, { escalationId: s.id })),
      ).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await row(s.tenant.id, s.id))?.status).toBe("open");
  });

  it("keeps the report when the reporter's membership is deleted", async () => {
    const s = await reported();
    await withTenant(db, s.tenant.id, (tx) =>
      tx.deleteFrom("memberships").where("id", "=", s.emma.id).execute(),
    );
    const [e] = await withTenant(db, s.tenant.id, (tx) =>
      listEscalations(tx, s.tenant.id, { status: "open" }),
    );
    expect(e).toMatchObject({ id: s.id, reporterId: null, reporterName: null });
  });
});

describe("new suggestions", () => {
  it("mail every active comms lead except the suggester, after the commit", async () => {
    const c = await company();
    const url = `https://example.com/news/${uniqueId()}`;
    const { id } = await withTenant(db, c.tenant.id, (tx) =>
      createSuggestion(tx, c.emma, { url, reason: "We won an award" }),
    );
    const [de, ...more] = await mailsTo(c.lead.email);
    expect(more).toHaveLength(0);
    expect(de?.subject).toBe("Neuer Vorschlag von Emma Employee");
    expect(de?.text).toContain(url);
    expect(de?.text).toContain("We won an award");
    expect(de?.html).toContain(`/t/${c.tenant.slug}/suggestions`);
    expect(de?.html).not.toContain(`href="${url}"`);
    const [en] = await mailsTo(c.lead2.email);
    expect(en?.subject).toBe("New suggestion from Emma Employee");
    expect(await mailsTo(c.emma.email)).toEqual([]);

    // a comms lead's own suggestion goes to the other lead only
    await withTenant(db, c.tenant.id, (tx) =>
      createSuggestion(tx, c.lead2, { url: "https://example.com/other", reason: "Also nice" }),
    );
    expect(await mailsTo(c.lead2.email)).toHaveLength(1);
    expect(await mailsTo(c.lead.email)).toHaveLength(2);
    expect(id).toBeTruthy();
  });
});

describe("the pages", () => {
  async function cookieOf(m: Member) {
    const { token } = await createSession(db, m.userId);
    return `${sessionCookieName()}=${encodeURIComponent(token)}`;
  }
  const request = (slug: string, path: string, cookie: string, fields?: Record<string, string>) =>
    new Request(
      `http://localhost/t/${slug}/${path}`,
      fields
        ? { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) }
        : { headers: { Cookie: cookie } },
    );
  /** `data(...)` results carry their status in init; plain objects are 200. */
  const statusOf = (r: unknown) =>
    r && typeof r === "object" && "init" in r
      ? ((r as { init: ResponseInit | null }).init?.status ?? 200)
      : 200;

  it("an employee reports through the form, sees it as open, and cannot open the inbox", async () => {
    const c = await company();
    const cookie = await cookieOf(c.emma);
    const params = { tenant: c.tenant.slug };
    const bad = await escalateRoute.action({
      request: request(c.tenant.slug, "escalate", cookie, { url: "javascript:alert(1)", note: "x" }),
      params,
    } as never);
    expect(statusOf(bad)).toBe(400);
    const ok = await escalateRoute.action({
      request: request(c.tenant.slug, "escalate", cookie, {
        url: "https://example.com/thread",
        note: "Heated",
      }),
      params,
    } as never);
    expect(ok).toMatchObject({ sent: true });
    const page = await escalateRoute.loader({
      request: request(c.tenant.slug, "escalate", cookie),
      params,
    } as never);
    expect(page.mine.map((e) => [e.url, e.status])).toEqual([["https://example.com/thread", "open"]]);
    expect(await mailsTo(c.lead.email)).toHaveLength(1);
    await expect(
      inboxRoute.loader({ request: request(c.tenant.slug, "escalations", cookie), params } as never),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("a comms lead sees open escalations and marks one handled from the inbox", async () => {
    const c = await company();
    const { id } = await withTenant(db, c.emma.tenantId, (tx) =>
      reportEscalation(tx, c.emma, { url: "https://example.com/t", note: "Trolls" }),
    );
    const cookie = await cookieOf(c.lead);
    const params = { tenant: c.tenant.slug };
    const inbox = await inboxRoute.loader({
      request: request(c.tenant.slug, "escalations", cookie),
      params,
    } as never);
    expect(inbox.escalations.map((e) => [e.id, e.reporterName])).toEqual([[id, "Emma Employee"]]);
    await inboxRoute.action({
      request: request(c.tenant.slug, "escalations", cookie, {
        intent: "handle",
        escalationId: id,
        note: "Done",
      }),
      params,
    } as never);
    expect(await row(c.tenant.id, id)).toMatchObject({ status: "handled", handler_note: "Done" });
    const handledTab = await inboxRoute.loader({
      request: request(c.tenant.slug, "escalations?status=handled", cookie),
      params,
    } as never);
    expect(handledTab).toMatchObject({ tab: "handled", openCount: 0 });
    expect(handledTab.escalations.map((e) => e.id)).toEqual([id]);
  });
});
