import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { asOwner, database, type DB, type Tx } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { ConflictError, ForbiddenError, ValidationError } from "~/app/lib/errors.ts";
import { getAdvocateStatus, requireAdvocate } from "~/app/modules/advocacy/advocate-status.server.ts";
import { CONSENT_VERSION } from "~/app/modules/advocacy/consent-text.ts";
import {
  acknowledgeGuidelines,
  listGuidelineVersions,
  publishGuidelines,
} from "~/app/modules/advocacy/guidelines.server.ts";
import { completeOnboarding } from "~/app/modules/advocacy/onboarding.server.ts";
import { optIn } from "~/app/modules/advocacy/opt-in.server.ts";
import { optOut } from "~/app/modules/advocacy/opt-out.server.ts";
import { getShareDisclosure } from "~/app/modules/advocacy/share-disclosure.server.ts";
import { setShareDisclosure } from "~/app/modules/advocacy/set-share-disclosure.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { addMember, asMember, createCompany, uniqueId } from "~/tests/support/factories.ts";

let db: DB;
beforeAll(async () => {
  db = (await database()).db;
});

async function company() {
  const { tenant, member } = await createCompany(db);
  const person = (roles: Role[] = ["employee"]) => member({ roles });
  return { tenant, person, admin: await person(["admin"]) };
}

const inTenant = <T>(member: Member, fn: (tx: Tx) => Promise<T>) => withTenant(db, member.tenantId, fn);

/** Why requireAdvocate refused, or "ok". */
async function gate(member: Member): Promise<string> {
  try {
    await inTenant(member, (tx) => requireAdvocate(tx, member));
    return "ok";
  } catch (error) {
    if (error instanceof ForbiddenError) return error.code;
    throw error;
  }
}

/** A share with a tracked link, written directly (the share flow is another module). */
async function shareWithLink(member: Member) {
  const code = `c${uniqueId()}`;
  return inTenant(member, async (tx) => {
    const post = await tx
      .insertInto("posts")
      .values({
        tenant_id: member.tenantId,
        slug: `p-${uniqueId()}`,
        kind: "text",
        title: "Our new office",
        status: "published",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const share = await tx
      .insertInto("shares")
      .values({
        tenant_id: member.tenantId,
        post_id: post.id,
        membership_id: member.id,
        network: "x",
        text: "Look at our new office #mitarbeiter",
        channel: "intent",
        code,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("link_codes")
      .values({
        code,
        tenant_id: member.tenantId,
        share_id: share.id,
        sharer_user_id: member.userId,
        destination: "https://example.com/?utm_source=x",
      })
      .execute();
    return { shareId: share.id, code };
  });
}

async function shareRow(member: Member, shareId: string) {
  return inTenant(member, (tx) =>
    tx
      .selectFrom("shares")
      .select(["membership_id", "text"])
      .where("id", "=", shareId)
      .executeTakeFirstOrThrow(),
  );
}

/** As the owner: link_codes has RLS (0015), and these checks look across tenants. */
async function linkRow(code: string) {
  return asOwner(await database(), (owner) =>
    owner
      .selectFrom("link_codes")
      .select(["tracking_stopped_at"])
      .where("code", "=", code)
      .executeTakeFirstOrThrow(),
  );
}

describe("opt in and the advocate gate", () => {
  it("refuses before joining, passes after joining when the tenant has no guidelines, and shows the consent back", async () => {
    const { person } = await company();
    const anna = await person();
    expect(await gate(anna)).toBe("not_opted_in");

    expect(await inTenant(anna, (tx) => optIn(tx, anna))).toEqual({ joined: true });
    // a double submit records nothing twice
    expect(await inTenant(anna, (tx) => optIn(tx, anna))).toEqual({ joined: false });
    expect(await gate(anna)).toBe("ok");

    const status = await inTenant(anna, (tx) => getAdvocateStatus(tx, anna));
    expect(status).toMatchObject({
      optedIn: true,
      consentVersion: CONSENT_VERSION,
      currentGuidelineVersion: null,
      guidelinesAcknowledged: true,
      onboardingDone: false,
    });
    expect(status.consentedAt).toBeInstanceOf(Date);
  });

  it("requires the newest guidelines to be acknowledged, again after every new version", async () => {
    const { person, admin } = await company();
    const ben = await person();
    await inTenant(ben, (tx) => optIn(tx, ben));
    expect(
      await inTenant(admin, (tx) =>
        publishGuidelines(tx, admin, { bodyDe: "# Regeln\nSei freundlich.", bodyEn: "# Rules\nBe kind." }),
      ),
    ).toEqual({ version: 1 });
    expect(await gate(ben)).toBe("guidelines_pending");

    await inTenant(ben, (tx) => acknowledgeGuidelines(tx, ben, 1));
    expect(await gate(ben)).toBe("ok");

    expect(
      await inTenant(admin, (tx) => publishGuidelines(tx, admin, { bodyDe: "Neu", bodyEn: "" })),
    ).toEqual({ version: 2 });
    expect(await gate(ben)).toBe("guidelines_pending");
    // an outdated page cannot acknowledge the new rules
    await expect(inTenant(ben, (tx) => acknowledgeGuidelines(tx, ben, 1))).rejects.toBeInstanceOf(
      ConflictError,
    );
    await inTenant(ben, (tx) => acknowledgeGuidelines(tx, ben, 2));
    await inTenant(ben, (tx) => acknowledgeGuidelines(tx, ben, 2));
    expect(await gate(ben)).toBe("ok");

    const versions = await inTenant(admin, (tx) => listGuidelineVersions(tx, admin.tenantId));
    expect(versions.map((v) => [v.version, v.acknowledgedCount, v.publishedByName])).toEqual([
      [2, 1, admin.name],
      [1, 1, admin.name],
    ]);
  });

  it("lets only guideline managers publish, and never empty guidelines", async () => {
    const { person, admin } = await company();
    const employee = await person();
    await expect(
      inTenant(employee, (tx) => publishGuidelines(tx, employee, { bodyDe: "x", bodyEn: "x" })),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      inTenant(admin, (tx) => publishGuidelines(tx, admin, { bodyDe: "  ", bodyEn: "" })),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("records onboarding completion", async () => {
    const { person } = await company();
    const cleo = await person();
    await inTenant(cleo, (tx) => completeOnboarding(tx, cleo, "beginner"));
    await inTenant(cleo, (tx) => completeOnboarding(tx, cleo, "beginner"));
    expect((await inTenant(cleo, (tx) => getAdvocateStatus(tx, cleo))).onboardingDone).toBe(true);
    const rows = await inTenant(cleo, (tx) =>
      tx.selectFrom("onboarding_completions").select("path").where("membership_id", "=", cleo.id).execute(),
    );
    expect(rows).toEqual([{ path: "beginner" }]);
  });
});

describe("leaving the programme", () => {
  it("with keep: stops tracking at once, keeps the shares, and closes the gate", async () => {
    const { person } = await company();
    const dana = await person();
    await inTenant(dana, (tx) => optIn(tx, dana));
    const { shareId, code } = await shareWithLink(dana);

    const result = await inTenant(dana, (tx) => optOut(tx, dana, { dataChoice: "keep" }));
    expect(result).toEqual({ left: true, linksStopped: 1, sharesAnonymised: 0 });
    expect((await linkRow(code)).tracking_stopped_at).toBeInstanceOf(Date);
    expect(await shareRow(dana, shareId)).toEqual({
      membership_id: dana.id,
      text: "Look at our new office #mitarbeiter",
    });
    expect(await gate(dana)).toBe("not_opted_in");
    // a second click changes nothing
    expect(await inTenant(dana, (tx) => optOut(tx, dana, { dataChoice: "anonymise" }))).toEqual({
      left: false,
      linksStopped: 0,
      sharesAnonymised: 0,
    });
    expect((await shareRow(dana, shareId)).text).not.toBe("");
  });

  it("with anonymise: the shares lose their owner and text, clicks stay countable, another tenant is untouched", async () => {
    const { person } = await company();
    const emil = await person();
    const other = await company();
    // the same person in a second tenant, with their own share there
    const emilThere = asMember(
      other.tenant.id,
      await addMember(db, other.tenant.id, emil.userId, ["employee"]),
      { id: emil.userId, name: emil.name, email: emil.email, locale: null, created_at: new Date() },
    );
    const colleague = await person();
    await inTenant(emil, (tx) => optIn(tx, emil));
    await inTenant(emilThere, (tx) => optIn(tx, emilThere));
    const mine = await shareWithLink(emil);
    const theirs = await shareWithLink(colleague);
    const elsewhere = await shareWithLink(emilThere);

    const result = await inTenant(emil, (tx) => optOut(tx, emil, { dataChoice: "anonymise" }));
    expect(result).toEqual({ left: true, linksStopped: 1, sharesAnonymised: 1 });
    expect(await shareRow(emil, mine.shareId)).toEqual({ membership_id: null, text: "" });
    expect((await linkRow(mine.code)).tracking_stopped_at).toBeInstanceOf(Date);

    expect(await shareRow(colleague, theirs.shareId)).toEqual({
      membership_id: colleague.id,
      text: "Look at our new office #mitarbeiter",
    });
    expect((await linkRow(theirs.code)).tracking_stopped_at).toBeNull();
    expect(await shareRow(emilThere, elsewhere.shareId)).toEqual({
      membership_id: emilThere.id,
      text: "Look at our new office #mitarbeiter",
    });
    expect((await linkRow(elsewhere.code)).tracking_stopped_at).toBeNull();
    expect(await gate(emilThere)).toBe("ok");

    const audit = await inTenant(emil, (tx) =>
      tx
        .selectFrom("audit_events")
        .select(["action", "data"])
        .where("subject", "=", emil.id)
        .orderBy("created_at")
        .execute(),
    );
    expect(audit.map((a) => a.action)).toEqual(["advocacy.joined", "advocacy.left_anonymised"]);
  });

  it("with anonymise: the person's reach rows join the former members' row, also for days without raw clicks", async () => {
    const { person } = await company();
    const gina = await person();
    const hugo = await person();
    await inTenant(gina, (tx) => optIn(tx, gina));
    const row = (key: string, day: string, clicks: number, uv: number) =>
      sql`INSERT INTO reach_daily (tenant_id, day, dimension, team_scope, key, shares, clicks, unique_visitors, impressions_estimated, earned_media)
          VALUES (${gina.tenantId}, ${day}, 'member', '', ${key}, 1, ${clicks}, ${uv}, 100, 2.5)`;
    await inTenant(gina, async (tx) => {
      await row(gina.id, "2026-01-05", 7, 5).execute(tx);
      await row(gina.id, "2026-01-06", 3, 3).execute(tx);
      await row("", "2026-01-05", 10, 9).execute(tx); // someone who left before
      await row(hugo.id, "2026-01-05", 4, 4).execute(tx);
    });
    await inTenant(gina, (tx) => optOut(tx, gina, { dataChoice: "anonymise" }));
    const rows = await inTenant(gina, (tx) =>
      tx
        .selectFrom("reach_daily")
        .select([
          "key",
          "day",
          "shares",
          "clicks",
          "unique_visitors",
          "impressions_estimated",
          "earned_media",
        ])
        .where("dimension", "=", "member")
        .orderBy("key")
        .orderBy("day")
        .execute(),
    );
    expect(rows).toEqual([
      // 10 + 7 clicks, 9 + 5 visitors, 1 + 1 shares, 100 + 100 impressions, 2.50 + 2.50
      {
        key: "",
        day: "2026-01-05",
        shares: 2,
        clicks: 17,
        unique_visitors: 14,
        impressions_estimated: "200",
        earned_media: "5.00",
      },
      {
        key: "",
        day: "2026-01-06",
        shares: 1,
        clicks: 3,
        unique_visitors: 3,
        impressions_estimated: "100",
        earned_media: "2.50",
      },
      {
        key: hugo.id,
        day: "2026-01-05",
        shares: 1,
        clicks: 4,
        unique_visitors: 4,
        impressions_estimated: "100",
        earned_media: "2.50",
      },
    ]);
  });

  it("keeps the consent history with versions across leaving and rejoining", async () => {
    const { person } = await company();
    const fritz = await person();
    await inTenant(fritz, (tx) => optIn(tx, fritz));
    await inTenant(fritz, (tx) => optOut(tx, fritz, { dataChoice: "keep" }));
    await inTenant(fritz, (tx) => optIn(tx, fritz));
    expect(await gate(fritz)).toBe("ok");
    const history = await inTenant(fritz, (tx) =>
      tx
        .selectFrom("advocacy_consents")
        .select(["consent_version", "withdrawn_at", "data_choice"])
        .where("membership_id", "=", fritz.id)
        .orderBy("granted_at")
        .orderBy("withdrawn_at", (ob) => ob.asc().nullsLast())
        .execute(),
    );
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ consent_version: CONSENT_VERSION, data_choice: "keep" });
    expect(history[0]?.withdrawn_at).toBeInstanceOf(Date);
    expect(history[1]).toEqual({ consent_version: CONSENT_VERSION, withdrawn_at: null, data_choice: null });
  });
});

describe("tenant isolation", () => {
  it("one tenant's guidelines and consents do not reach another's members", async () => {
    const a = await company();
    const b = await company();
    const inB = await b.person();
    await inTenant(a.admin, (tx) => publishGuidelines(tx, a.admin, { bodyDe: "A", bodyEn: "A" }));
    await inTenant(a.admin, (tx) => optIn(tx, a.admin));
    expect(await gate(inB)).toBe("not_opted_in");
    await inTenant(inB, (tx) => optIn(tx, inB));
    // B has no guidelines: A's version 1 does not apply
    expect(await gate(inB)).toBe("ok");
    await expect(inTenant(inB, (tx) => acknowledgeGuidelines(tx, inB, 1))).rejects.toBeInstanceOf(
      ConflictError,
    );
    // RLS: even without the tenant filter, B's transaction sees none of A's rows
    const seen = await inTenant(inB, async (tx) => ({
      guidelines: (await sql<{ n: number }>`select count(*)::int as n from guidelines`.execute(tx)).rows[0]
        ?.n,
      consents: (await sql<{ n: number }>`select count(*)::int as n from advocacy_consents`.execute(tx))
        .rows[0]?.n,
    }));
    expect(seen).toEqual({ guidelines: 0, consents: 1 });
  });
});

describe("share disclosure", () => {
  it("is set trimmed, cleared with empty, limited to 40 characters, and admin only", async () => {
    const { tenant, admin, person } = await company();
    expect(
      await withTenant(db, admin.tenantId, (tx) =>
        setShareDisclosure(tx, admin, tenant.id, "  #mitarbeiter "),
      ),
    ).toBe("#mitarbeiter");
    expect(await getShareDisclosure(db, tenant.id)).toBe("#mitarbeiter");
    await expect(
      withTenant(db, admin.tenantId, (tx) => setShareDisclosure(tx, admin, tenant.id, "#".repeat(41))),
    ).rejects.toBeInstanceOf(ValidationError);
    const employee = await person();
    await expect(
      withTenant(db, employee.tenantId, (tx) => setShareDisclosure(tx, employee, tenant.id, "#x")),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const other = await company();
    await expect(
      withTenant(db, admin.tenantId, (tx) => setShareDisclosure(tx, admin, other.tenant.id, "#x")),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await getShareDisclosure(db, other.tenant.id)).toBeNull();
    expect(
      await withTenant(db, admin.tenantId, (tx) => setShareDisclosure(tx, admin, tenant.id, "   ")),
    ).toBeNull();
    expect(await getShareDisclosure(db, tenant.id)).toBeNull();
  });
});
