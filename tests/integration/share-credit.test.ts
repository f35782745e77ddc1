import { randomBytes } from "node:crypto";
import Papa from "papaparse";
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFPage } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { acknowledgeGuidelines, publishGuidelines } from "~/app/modules/advocacy/guidelines.server.ts";
import { optIn } from "~/app/modules/advocacy/opt-in.server.ts";
import { optOut } from "~/app/modules/advocacy/opt-out.server.ts";
import { creditCsv } from "~/app/modules/credit/csv.ts";
import { creditPdf } from "~/app/modules/credit/pdf.server.ts";
import { measureFigure, shareCounts } from "~/app/modules/goals/figures.server.ts";
import { acceptAgreement } from "~/app/modules/goals/accept-agreement.server.ts";
import { proposeAgreement } from "~/app/modules/goals/propose-agreement.server.ts";
import { closeAgreement } from "~/app/modules/goals/close.server.ts";
import { saveRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import { StatementContent } from "~/app/modules/goals/statement.ts";
import { completeLinkedInAuthorization } from "~/app/modules/profiles/complete-linkedin-authorization.server.ts";
import { linkedInAuthorizationUrl } from "~/app/modules/profiles/linkedin-authorization-url.server.ts";
import { saveLinkedInApp } from "~/app/modules/profiles/save-linkedin-app.server.ts";
import { awardPoints } from "~/app/modules/recognition/award.server.ts";
import { myRecognition } from "~/app/modules/recognition/overview.server.ts";
import { DEFAULT_POINTS_RULES } from "~/app/modules/recognition/rules.ts";
import { createShare } from "~/app/modules/sharing/create-share.server.ts";
import { startFakeLinkedIn, type FakeLinkedIn } from "~/tests/fakes/linkedin.ts";
import { createCompany, uniqueId } from "~/tests/support/factories.ts";

// Share credit (issue 11): a share is verified (posted through LinkedIn's API and confirmed with its
// post URN) or self-reported (share page, copied text); only a member's first share of a post on a
// network counts, self-reported ones up to the tenant's weekly cap, and the tenant decides whether
// self-reported shares earn points. Against this file's own PostgreSQL and a local LinkedIn fake.

let db: DB;
let fake: FakeLinkedIn;
const savedEnv = { ...process.env };
const PER_SHARE = DEFAULT_POINTS_RULES.perShare;

beforeAll(async () => {
  db = (await database()).db;
  fake = await startFakeLinkedIn();
  process.env.LINKEDIN_AUTH_BASE_URL = fake.url;
  process.env.LINKEDIN_API_BASE_URL = fake.url;
  process.env.SECRETS_KEY = randomBytes(32).toString("base64");
  process.env.APP_URL = "https://chorus.example.com";
});

afterAll(async () => {
  await fake.close();
  process.env = savedEnv;
});

/** A tenant (Europe/Berlin) with an admin, a manager and an employee in the programme (guidelines acknowledged). */
async function company() {
  const { tenant, member } = await createCompany(db, { name: "Müller & Söhne GmbH", team: "Vertrieb" });
  const person = (roles: Role[], managerId: string | null = null) =>
    member({ roles, managerId, name: `Person ${uniqueId()}` });
  const admin = await person(["admin"]);
  const manager = await person(["manager", "employee"]);
  const employee = await person(["employee"], manager.id);
  const { version } = await withTenant(db, tenant.id, (tx) =>
    publishGuidelines(tx, admin, { bodyDe: "Sei fair.", bodyEn: "Be fair." }),
  );
  await withTenant(db, tenant.id, async (tx) => {
    await optIn(tx, employee);
    await acknowledgeGuidelines(tx, employee, version);
  });
  return { tenantId: tenant.id, slug: tenant.slug, admin, manager, employee };
}
type Company = Awaited<ReturnType<typeof company>>;

async function insertPost(c: Company, title = `Neues Werk ${uniqueId()}`): Promise<string> {
  return withTenant(db, c.tenantId, async (tx) => {
    const post = await tx
      .insertInto("posts")
      .values({
        tenant_id: c.tenantId,
        slug: `p-${uniqueId()}`,
        kind: "link",
        title,
        url: "https://firma.example/werk",
        status: "published",
        published_at: new Date(Date.now() - 86_400_000),
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return post.id;
  });
}

/** A share as the tables hold it, at a given instant (for days and weeks in the past). */
async function insertShare(
  c: Company,
  postId: string,
  at: string,
  channel: "intent" | "copy" | "api" = "intent",
  externalId: string | null = null,
): Promise<string> {
  return withTenant(db, c.tenantId, async (tx) => {
    const row = await tx
      .insertInto("shares")
      .values({
        tenant_id: c.tenantId,
        post_id: postId,
        membership_id: c.employee.id,
        network: "linkedin",
        text: "Lesenswert",
        channel,
        external_id: externalId,
        created_at: new Date(at),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

async function shareEntries(c: Company) {
  return withTenant(db, c.tenantId, (tx) =>
    tx
      .selectFrom("points_ledger")
      .select(["source_id", "points", "detail", "occurred_on"])
      .where("tenant_id", "=", c.tenantId)
      .where("membership_id", "=", c.employee.id)
      .where("source_type", "=", "share")
      .orderBy("created_at")
      .execute(),
  );
}

const scope = (c: Company, startsOn: string, endsOn: string) => ({
  tenantId: c.tenantId,
  membershipId: c.employee.id,
  startsOn,
  endsOn,
});
const settings = (
  c: Company,
  values: { selfReportedWeeklyCap?: number; selfReportedSharesEarnPoints?: boolean },
) =>
  withTenant(db, c.tenantId, (tx) =>
    saveRecognitionSettings(tx, c.admin, { attainmentCapPercent: 150, releaseMode: "employee", ...values }),
  );

describe("five copies of one post", () => {
  it("count once and earn one share's points; the four repeats are decided once, with 0 points and their reason", async () => {
    const c = await company();
    const postId = await insertPost(c);
    for (let i = 0; i < 5; i++) {
      await withTenant(db, c.tenantId, (tx) =>
        createShare(tx, c.employee, {
          postId,
          network: "linkedin",
          text: "Lesenswert! #werk",
          channel: "copy",
        }),
      );
    }
    await awardPoints(db, { tenantId: c.tenantId });
    const entries = await shareEntries(c);
    expect(entries).toHaveLength(5);
    expect(entries.map((e) => Number(e.points)).sort()).toEqual([0, 0, 0, 0, PER_SHARE]);
    expect(entries.filter((e) => Number(e.points) === 0).map((e) => e.detail)).toEqual(
      Array.from({ length: 4 }, () =>
        expect.objectContaining({
          counted: false,
          reason: "repeat_share",
          verified: false,
          postId,
          network: "linkedin",
        }),
      ),
    );
    expect(entries.find((e) => Number(e.points) === PER_SHARE)?.detail).toMatchObject({
      counted: true,
      verified: false,
    });
    expect(entries.find((e) => Number(e.points) === PER_SHARE)?.detail).not.toHaveProperty("reason");

    // the figures behind a "shares" objective: 1, with the four repeats listed and why
    const day = entries[0]!.occurred_on;
    const figure = await withTenant(db, c.tenantId, (tx) => measureFigure(tx, "shares", scope(c, day, day)));
    expect(figure.actual).toBe(1);
    expect(figure.excludedCount).toBe(4);
    expect(figure.activityCount).toBe(5);
    expect(figure.activities.map((a) => a.excluded ?? "counted").sort()).toEqual([
      "counted",
      "repeat_share",
      "repeat_share",
      "repeat_share",
      "repeat_share",
    ]);
    expect(figure.activities.every((a) => a.kind === "share_self_reported")).toBe(true);
    expect(await withTenant(db, c.tenantId, (tx) => shareCounts(tx, scope(c, day, day)))).toEqual({
      verified: 0,
      selfReported: 5,
      counted: 1,
    });
    expect(entries.reduce((sum, e) => sum + Number(e.points), 0)).toBe(PER_SHARE);

    // badges count counted shares only: a first share, nothing more
    const badges = await withTenant(db, c.tenantId, (tx) =>
      tx
        .selectFrom("badges")
        .select("badge")
        .where("tenant_id", "=", c.tenantId)
        .where("membership_id", "=", c.employee.id)
        .execute(),
    );
    expect(badges.map((b) => b.badge).filter((b) => b.includes("share"))).toEqual(["first_share"]);

    // the recognition page has the reason for each 0 (the page words it with goals.excluded.*)
    const page = await withTenant(db, c.tenantId, (tx) => myRecognition(tx, c.employee));
    const zero = page.entries.filter((e) => e.sourceType === "share" && e.points === 0);
    expect(zero).toHaveLength(4);
    expect(zero.every((e) => e.detail.reason === "repeat_share" && e.postTitle !== null)).toBe(true);

    // decided once: nothing is written or changed when the job runs again
    expect(await awardPoints(db, { tenantId: c.tenantId })).toEqual({ entries: 0, badges: 0 });
    expect(await shareEntries(c)).toEqual(entries);
  });
});

/** Leaves the programme with "anonymise" and joins again, through the real functions. */
async function leaveAnonymisedAndRejoin(c: Company) {
  const left = await withTenant(db, c.tenantId, (tx) => optOut(tx, c.employee, { dataChoice: "anonymise" }));
  expect(left.sharesAnonymised).toBeGreaterThan(0);
  expect(await withTenant(db, c.tenantId, (tx) => optIn(tx, c.employee))).toEqual({ joined: true });
}

describe("leaving the programme with anonymisation and joining again", () => {
  it("does not make a post 'first' again: the same post shared again is a repeat with 0 points, live and in the ledger", async () => {
    const c = await company();
    const postId = await insertPost(c);
    await withTenant(db, c.tenantId, (tx) =>
      createShare(tx, c.employee, {
        postId,
        network: "linkedin",
        text: "Lesenswert! #werk",
        channel: "copy",
      }),
    );
    await awardPoints(db, { tenantId: c.tenantId });
    await leaveAnonymisedAndRejoin(c);
    for (let i = 0; i < 3; i++) {
      await withTenant(db, c.tenantId, (tx) =>
        createShare(tx, c.employee, { postId, network: "linkedin", text: "Nochmal #werk", channel: "copy" }),
      );
    }

    // live, before the job: the three new shares are repeats
    const day = (await shareEntries(c))[0]!.occurred_on;
    const live = await withTenant(db, c.tenantId, (tx) => measureFigure(tx, "shares", scope(c, day, day)));
    expect(live.actual).toBe(0);
    expect(live.activities.map((a) => a.excluded)).toEqual(["repeat_share", "repeat_share", "repeat_share"]);

    await awardPoints(db, { tenantId: c.tenantId });
    const entries = await shareEntries(c);
    expect(entries).toHaveLength(4);
    expect(entries.reduce((sum, e) => sum + Number(e.points), 0)).toBe(PER_SHARE);
    expect(entries.filter((e) => (e.detail as { counted?: boolean }).counted)).toHaveLength(1);
    expect(entries.slice(1).map((e) => e.detail)).toEqual(
      Array.from({ length: 3 }, () =>
        expect.objectContaining({ counted: false, reason: "repeat_share", postId }),
      ),
    );
    // the live figure agrees with what the job wrote
    expect(await withTenant(db, c.tenantId, (tx) => measureFigure(tx, "shares", scope(c, day, day)))).toEqual(
      live,
    );
  });

  it("keeps the week's cap used: self-reported shares counted before leaving still fill it", async () => {
    const c = await company();
    await settings(c, { selfReportedWeeklyCap: 2 });
    const posts = await Promise.all([1, 2, 3, 4].map(() => insertPost(c)));
    // Monday 2 Nov 2026 (Berlin): two self-reported shares fill the cap
    await insertShare(c, posts[0]!, "2026-11-02T09:00:00Z");
    await insertShare(c, posts[1]!, "2026-11-02T10:00:00Z", "copy");
    await awardPoints(db, { tenantId: c.tenantId, now: new Date("2026-11-04T12:00:00Z") });
    await leaveAnonymisedAndRejoin(c);
    // the same week, after rejoining: a new post is over the cap, an old one a repeat
    const fresh = await insertShare(c, posts[2]!, "2026-11-05T09:00:00Z");
    const again = await insertShare(c, posts[0]!, "2026-11-05T10:00:00Z");
    // the week after: the cap is free again
    const nextWeek = await insertShare(c, posts[3]!, "2026-11-09T09:00:00Z");

    const november = scope(c, "2026-11-01", "2026-11-30");
    const live = await withTenant(db, c.tenantId, (tx) => measureFigure(tx, "shares", november));
    expect(live.actual).toBe(1);
    expect(live.activities.map((a) => a.excluded ?? "counted").sort()).toEqual([
      "counted",
      "repeat_share",
      "weekly_cap",
    ]);

    await awardPoints(db, { tenantId: c.tenantId, now: new Date("2026-11-20T12:00:00Z") });
    const byShare = new Map((await shareEntries(c)).map((e) => [e.source_id, e]));
    expect(byShare.get(fresh)!.detail).toMatchObject({ counted: false, reason: "weekly_cap" });
    expect(byShare.get(again)!.detail).toMatchObject({ counted: false, reason: "repeat_share" });
    expect(byShare.get(nextWeek)!.detail).toMatchObject({ counted: true });
    expect([...byShare.values()].reduce((sum, e) => sum + Number(e.points), 0)).toBe(3 * PER_SHARE);
    expect(await withTenant(db, c.tenantId, (tx) => shareCounts(tx, november))).toEqual({
      verified: 0,
      selfReported: 3,
      counted: 1,
    });
  });
});

describe("the tenant's rules for self-reported shares", () => {
  it("count at most the weekly cap of self-reported shares per ISO week; verified shares are not capped; decisions stay as made", async () => {
    const c = await company();
    await settings(c, { selfReportedWeeklyCap: 2 });
    const posts = await Promise.all([1, 2, 3, 4, 5, 6].map(() => insertPost(c)));
    // Monday 2 Nov 2026 (Berlin): three self-reported shares and a verified one; the fourth self-reported one a week later
    const a = await insertShare(c, posts[0]!, "2026-11-02T09:00:00Z");
    const b = await insertShare(c, posts[1]!, "2026-11-02T10:00:00Z", "copy");
    const over = await insertShare(c, posts[2]!, "2026-11-08T20:00:00Z"); // Sunday evening: still the same week
    const verified = await insertShare(c, posts[3]!, "2026-11-03T09:00:00Z", "api", "urn:li:share:7001");
    const nextWeek = await insertShare(c, posts[4]!, "2026-11-09T09:00:00Z");

    // before any award run the live figure applies the same rule
    const november = scope(c, "2026-11-01", "2026-11-30");
    const live = await withTenant(db, c.tenantId, (tx) => measureFigure(tx, "shares", november));
    expect(live).toMatchObject({ actual: 4, excludedCount: 1 });
    expect(live.activities.filter((x) => x.excluded).map((x) => x.excluded)).toEqual(["weekly_cap"]);

    await awardPoints(db, { tenantId: c.tenantId, now: new Date("2026-11-20T12:00:00Z") });
    const byShare = new Map((await shareEntries(c)).map((e) => [e.source_id, e]));
    expect([a, b, verified, nextWeek].map((id) => Number(byShare.get(id)!.points))).toEqual([
      PER_SHARE,
      PER_SHARE,
      PER_SHARE,
      PER_SHARE,
    ]);
    expect(Number(byShare.get(over)!.points)).toBe(0);
    expect(byShare.get(over)!.detail).toMatchObject({
      counted: false,
      reason: "weekly_cap",
      verified: false,
    });
    expect(byShare.get(verified)!.detail).toMatchObject({ counted: true, verified: true });
    expect(await withTenant(db, c.tenantId, (tx) => shareCounts(tx, november))).toEqual({
      verified: 1,
      selfReported: 4,
      counted: 4,
    });

    // a lower cap later does not reach back to decided shares; a new share is judged by it, live and by the job alike
    await settings(c, { selfReportedWeeklyCap: 0 });
    const late = await insertShare(c, posts[5]!, "2026-11-10T09:00:00Z");
    const before = await withTenant(db, c.tenantId, (tx) => measureFigure(tx, "shares", november));
    expect(before).toMatchObject({ actual: 4, excludedCount: 2 });
    await awardPoints(db, { tenantId: c.tenantId, now: new Date("2026-11-20T12:00:00Z") });
    expect((await shareEntries(c)).find((e) => e.source_id === late)?.detail).toMatchObject({
      counted: false,
      reason: "weekly_cap",
    });
    expect(await withTenant(db, c.tenantId, (tx) => measureFigure(tx, "shares", november))).toEqual(before);
  });

  it("without points for self-reported shares they still count toward the objective, with 0 points and the reason", async () => {
    const c = await company();
    await settings(c, { selfReportedSharesEarnPoints: false });
    const self = await insertShare(c, await insertPost(c), "2026-11-02T09:00:00Z", "copy");
    const verified = await insertShare(
      c,
      await insertPost(c),
      "2026-11-02T10:00:00Z",
      "api",
      "urn:li:share:7002",
    );
    await awardPoints(db, { tenantId: c.tenantId, now: new Date("2026-11-20T12:00:00Z") });
    const byShare = new Map((await shareEntries(c)).map((e) => [e.source_id, e]));
    expect(Number(byShare.get(self)!.points)).toBe(0);
    expect(byShare.get(self)!.detail).toMatchObject({
      counted: true,
      reason: "self_reported_no_points",
      verified: false,
    });
    expect(Number(byShare.get(verified)!.points)).toBe(PER_SHARE);

    const november = scope(c, "2026-11-01", "2026-11-30");
    expect(await withTenant(db, c.tenantId, (tx) => measureFigure(tx, "shares", november))).toMatchObject({
      actual: 2,
      excludedCount: 0,
    });
    const points = await withTenant(db, c.tenantId, (tx) => measureFigure(tx, "points", november));
    expect(points.actual).toBe(PER_SHARE);
    expect(points.activities.find((x) => x.value === 0)?.excluded).toBe("self_reported_no_points");
  });
});

describe("a verified share", () => {
  it("is posted through LinkedIn's API (the fake), confirmed by its post URN, and counted as verified; a copy of the same post after it is a repeat", async () => {
    const c = await company();
    await withTenant(db, c.tenantId, (tx) =>
      saveLinkedInApp(tx, c.admin, {
        clientId: fake.clientId,
        clientSecret: fake.clientSecret,
        enabled: true,
      }),
    );
    const { url, setCookie } = await withTenant(db, c.tenantId, (tx) =>
      linkedInAuthorizationUrl(tx, c.employee, { tenantSlug: c.slug }),
    );
    const consent = await fetch(url, { redirect: "manual" });
    expect(consent.status).toBe(302);
    const callback = new Request(consent.headers.get("location")!, {
      headers: { Cookie: setCookie.split(";")[0]! },
    });
    await withTenant(db, c.tenantId, (tx) =>
      completeLinkedInAuthorization(tx, c.employee, { request: callback, tenantSlug: c.slug }),
    );

    const postId = await insertPost(c);
    const posted = await withTenant(db, c.tenantId, (tx) =>
      createShare(tx, c.employee, {
        postId,
        network: "linkedin",
        text: "Unser neues Werk #werk",
        channel: "api",
      }),
    );
    expect(posted.postUrn).toMatch(/^urn:li:share:\d+$/);
    await withTenant(db, c.tenantId, (tx) =>
      createShare(tx, c.employee, { postId, network: "linkedin", text: "Nochmal #werk", channel: "copy" }),
    );
    // the same post on another network is another share that counts
    await withTenant(db, c.tenantId, (tx) =>
      createShare(tx, c.employee, { postId, network: "xing", text: "Auf XING #werk", channel: "intent" }),
    );

    await awardPoints(db, { tenantId: c.tenantId });
    const entries = await shareEntries(c);
    const apiEntry = entries.find((e) => e.source_id === posted.shareId)!;
    expect(apiEntry.detail).toMatchObject({ counted: true, verified: true });
    expect(Number(apiEntry.points)).toBe(PER_SHARE);
    expect(
      entries
        .filter((e) => e.source_id !== posted.shareId)
        .map((e) => [e.detail.network, e.detail.counted, e.detail.reason ?? null])
        .sort(),
    ).toEqual([
      ["linkedin", false, "repeat_share"],
      ["xing", true, null],
    ]);
    const day = apiEntry.occurred_on;
    expect(await withTenant(db, c.tenantId, (tx) => shareCounts(tx, scope(c, day, day)))).toEqual({
      verified: 1,
      selfReported: 2,
      counted: 2,
    });
    const figure = await withTenant(db, c.tenantId, (tx) => measureFigure(tx, "shares", scope(c, day, day)));
    expect(figure.activities.filter((a) => a.kind === "share_verified")).toHaveLength(1);
  });
});

/** The text a PDF page draws (pdf-lib writes standard-font text as hex strings in a flate stream). */
function pageText(page: PDFPage): string {
  const contents = page.node.Contents();
  const streams =
    contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  let text = "";
  for (const stream of streams) {
    if (!(stream instanceof PDFRawStream)) continue;
    const raw = new TextDecoder("latin1").decode(decodePDFRawStream(stream).decode());
    for (const m of raw.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g))
      text += `${Buffer.from(m[1]!, "hex").toString("latin1")}\n`;
  }
  return text;
}

describe("a closed agreement's statement", () => {
  it("says how many shares were verified, self-reported and counted, and lists the repeats with their reason, on the page data, in the PDF and in the CSV", async () => {
    const c = await company();
    // Proposed and accepted before the quarter began (the proposal clock writes history; proposing
    // for an ended period is refused today)
    const { id: agreementId } = await withTenant(db, c.tenantId, (tx) =>
      proposeAgreement(
        tx,
        c.manager,
        {
          employeeId: c.employee.id,
          period: "2026-Q3",
          objectives: [{ metric: "shares", title: "Zwei Beiträge teilen", target: 2, weight: 100 }],
        },
        { today: "2026-06-20" },
      ),
    );
    await withTenant(db, c.tenantId, (tx) =>
      acceptAgreement(tx, c.employee, agreementId, { today: "2026-06-22" }),
    );
    const post = await insertPost(c, "Sommerfest");
    for (const at of ["2026-08-03T09:00:00Z", "2026-08-03T09:05:00Z", "2026-08-03T09:10:00Z"])
      await insertShare(c, post, at, "copy");
    await insertShare(
      c,
      await insertPost(c, "Neues Werk"),
      "2026-08-04T09:00:00Z",
      "api",
      "urn:li:share:7003",
    );

    const statementId = await withTenant(db, c.tenantId, (tx) =>
      closeAgreement(tx, c.tenantId, agreementId, "2026-10-10"),
    );
    const row = await withTenant(db, c.tenantId, (tx) =>
      tx
        .selectFrom("credit_statements")
        .selectAll()
        .where("tenant_id", "=", c.tenantId)
        .where("id", "=", statementId!)
        .executeTakeFirstOrThrow(),
    );
    const content = StatementContent.parse(row.content);
    expect(content.version).toBe(2);
    expect(content.objectives[0]).toMatchObject({ actual: 2, attainmentPercent: 100, activityCount: 4 });
    expect(
      content.objectives[0]!.activities.filter((a) => a.excluded).map((a) => [a.label, a.excluded]),
    ).toEqual([
      ["Sommerfest (linkedin)", "repeat_share"],
      ["Sommerfest (linkedin)", "repeat_share"],
    ]);
    expect(content.shares).toEqual({ verified: 1, selfReported: 3, counted: 2 });

    const exportable = {
      id: row.id,
      employeeId: row.employee_id,
      content,
      contentHash: row.content_hash,
      releasedAt: new Date("2026-10-11T08:00:00Z"),
    };
    // CSV (German Excel): the share counts and why two activities do not count
    const csv = Papa.parse<string[]>(creditCsv([exportable], "de").slice(1), { delimiter: ";" });
    const [header, objectiveRow, overallRow] = csv.data;
    const cell = (r: string[] | undefined, name: string) => r![header!.indexOf(name)];
    expect(cell(objectiveRow, "Geteilt bestätigt")).toBe("1");
    expect(cell(objectiveRow, "Geteilt selbst gemeldet")).toBe("3");
    expect(cell(overallRow, "Geteilt gezählt")).toBe("2");
    expect(cell(objectiveRow, "Nicht gezählt")).toMatch(
      /^2 × Wiederholung: Dieser Beitrag wurde in diesem Netzwerk schon geteilt/,
    );

    // PDF (English): the same, in words
    const pdf = await PDFDocument.load(await creditPdf([exportable], "en"));
    // lines wrap where the column ends: read it as one text
    const text = pageText(pdf.getPage(0)).replace(/\s+/g, " ");
    expect(text).toContain("1 verified, 3 self-reported, 2 counted");
    expect(text).toContain(
      "not counted: 2 × Repeat: this post was already shared on this network; only the first share counts",
    );
  });
});
