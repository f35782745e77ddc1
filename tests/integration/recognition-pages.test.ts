import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Role, Tenant } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import { todayIn } from "~/app/lib/days.ts";
import * as adminRoute from "~/app/routes/admin.recognition.tsx";
import * as kudosRoute from "~/app/routes/kudos.tsx";
import * as leaderboardRoute from "~/app/routes/leaderboard.tsx";
import * as recognitionRoute from "~/app/routes/recognition.tsx";
import { addMember, createTenant, createUser } from "~/tests/support/factories.ts";

// The recognition routes' loaders and actions called with real Requests (a signed-in session
// cookie) against this file's own PostgreSQL database.

let db: DB;
let tenant: Tenant;

beforeAll(async () => {
  ({ db } = await database());
  tenant = await createTenant(db);
});

async function signedIn(roles: Role[], name?: string): Promise<{ cookie: string; id: string }> {
  const user = await createUser(db, name ? { name } : {});
  const m = await addMember(db, tenant.id, user.id, roles);
  const { token } = await createSession(db, user.id);
  return { cookie: `${sessionCookieName()}=${encodeURIComponent(token)}`, id: m.id };
}

function unwrap<T>(result: unknown): { body: T; status: number } {
  if (result && typeof result === "object" && "type" in result && result.type === "DataWithResponseInit") {
    const r = result as unknown as { data: T; init: ResponseInit | null };
    return { body: r.data, status: r.init?.status ?? 200 };
  }
  return { body: result as T, status: 200 };
}

const url = (path: string) => `http://localhost/t/${tenant.slug}/${path}`;
const params = () => ({ tenant: tenant.slug });
const post = (path: string, cookie: string, fields: Record<string, string>) =>
  new Request(url(path), { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(fields) });
const get = (path: string, cookie: string) => new Request(url(path), { headers: { Cookie: cookie } });

const rulesFields = (effectiveFrom: string) => ({
  intent: "rules",
  effectiveFrom,
  perShare: "3",
  perUniqueClick: "0.5",
  uniqueClickCapPerShareDay: "15",
  perApprovedSuggestion: "12",
  perGuidelinesTraining: "8",
  perHandledEscalation: "4",
  referenceFollowers: "1000",
  followerFloor: "10",
  minFactor: "0.5",
  maxFactor: "2",
});

interface FormReply {
  result: { error?: Record<string, string[] | null> | null };
  saved?: boolean;
  sent?: boolean;
}

describe("points rules page", () => {
  it("an employee cannot see or add rules (403), and nothing is added", async () => {
    const employee = await signedIn(["employee"]);
    const tomorrow = todayIn("Europe/Berlin", new Date(Date.now() + 2 * 86_400_000));
    await expect(
      adminRoute.action({
        request: post("admin/recognition", employee.cookie, rulesFields(tomorrow)),
        params: params(),
      } as never),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      adminRoute.loader({ request: get("admin/recognition", employee.cookie), params: params() } as never),
    ).rejects.toMatchObject({ status: 403 });
    const rows = await withTenant(db, tenant.id, (tx) =>
      tx.selectFrom("points_rules").select("id").where("tenant_id", "=", tenant.id).execute(),
    );
    expect(rows).toEqual([]);
  });

  it("an admin adds a version for a later day; the past is refused with a clear error", async () => {
    const admin = await signedIn(["admin"]);
    const later = todayIn("Europe/Berlin", new Date(Date.now() + 3 * 86_400_000));
    const past = todayIn("Europe/Berlin", new Date(Date.now() - 3 * 86_400_000));
    const refused = unwrap<FormReply>(
      await adminRoute.action({
        request: post("admin/recognition", admin.cookie, rulesFields(past)),
        params: params(),
      } as never),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.result.error?.effectiveFrom).toEqual(["in_past"]);

    const added = unwrap<FormReply>(
      await adminRoute.action({
        request: post("admin/recognition", admin.cookie, rulesFields(later)),
        params: params(),
      } as never),
    );
    expect(added.status).toBe(200);
    expect(added.body.saved).toBe(true);
    const page = await adminRoute.loader({
      request: get("admin/recognition", admin.cookie),
      params: params(),
    } as never);
    expect(page.current.id).toBe("default");
    expect(page.upcoming.map((v) => [v.effectiveFrom, v.rules.perShare, v.rules.perUniqueClick])).toEqual([
      [later, 3, 0.5],
    ]);
    // the goal-agreement settings sit beside the rules (defaults until saved)
    // (self-reported shares earn points, at most 5 a week; no back-dated start)
    expect(page.settings).toEqual({
      attainmentCapPercent: "150",
      releaseMode: "employee",
      selfReportedSharesEarnPoints: "on",
      selfReportedWeeklyCap: "5",
      allowBackdatedStart: undefined,
    });
    // a weekly cap over 100 is refused with its own message
    const tooMany = unwrap<FormReply>(
      await adminRoute.action({
        request: post("admin/recognition", admin.cookie, {
          intent: "settings",
          attainmentCapPercent: "120",
          releaseMode: "automatic",
          selfReportedWeeklyCap: "101",
        }),
        params: params(),
      } as never),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.result.error?.selfReportedWeeklyCap).toEqual(["weekly_cap_range"]);
    // unticked checkboxes are sent as nothing: self-reported shares earn no points now; back-dating is allowed
    const saved = unwrap<FormReply>(
      await adminRoute.action({
        request: post("admin/recognition", admin.cookie, {
          intent: "settings",
          attainmentCapPercent: "120",
          releaseMode: "automatic",
          selfReportedWeeklyCap: "0",
          allowBackdatedStart: "on",
        }),
        params: params(),
      } as never),
    );
    expect(saved.body.saved).toBe(true);
    expect(
      (
        await adminRoute.loader({
          request: get("admin/recognition", admin.cookie),
          params: params(),
        } as never)
      ).settings,
    ).toEqual({
      attainmentCapPercent: "120",
      releaseMode: "automatic",
      selfReportedSharesEarnPoints: undefined,
      selfReportedWeeklyCap: "0",
      allowBackdatedStart: "on",
    });
  });
});

describe("kudos, choices and the leaderboard pages", () => {
  it("refuses kudos to oneself and sends them to a colleague", async () => {
    const giver = await signedIn(["employee"], "Gabi Geber");
    const colleague = await signedIn(["employee"], "Kai Kollege");
    const self = unwrap<FormReply>(
      await kudosRoute.action({
        request: post("kudos", giver.cookie, { toMembershipId: giver.id, reason: "Ich" }),
        params: params(),
      } as never),
    );
    expect(self.status).toBe(400);
    expect(self.body.result.error?.toMembershipId).toEqual(["self"]);
    // oneself is not even offered
    const { recipients } = await kudosRoute.loader({
      request: get("kudos", giver.cookie),
      params: params(),
    } as never);
    expect(recipients.map((r) => r.id)).toContain(colleague.id);
    expect(recipients.map((r) => r.id)).not.toContain(giver.id);

    const sent = unwrap<FormReply>(
      await kudosRoute.action({
        request: post("kudos", giver.cookie, {
          toMembershipId: colleague.id,
          reason: "Danke fürs Gegenlesen!",
        }),
        params: params(),
      } as never),
    );
    expect(sent.body.sent).toBe(true);
    const page = await recognitionRoute.loader({
      request: get("recognition", colleague.cookie),
      params: params(),
    } as never);
    expect(page.kudos.map((k) => [k.name, k.reason])).toEqual([["Gabi Geber", "Danke fürs Gegenlesen!"]]);
    const giverPage = await recognitionRoute.loader({
      request: get("recognition", giver.cookie),
      params: params(),
    } as never);
    expect(giverPage.kudos).toEqual([]);
  });

  it("saves the member's choices (unchecked = off) and ranks only those who opted in", async () => {
    const shown = await signedIn(["employee"], "Sichtbar Sonja");
    const hidden = await signedIn(["employee"], "Versteckt Viktor");
    const save = (cookie: string, fields: Record<string, string>) =>
      recognitionRoute.action({ request: post("recognition", cookie, fields), params: params() } as never);
    await save(shown.cookie, { leaderboardOptIn: "on" });
    await save(hidden.cookie, { leaderboardOptIn: "on", kudosInDigest: "on" });
    await save(hidden.cookie, { kudosInDigest: "on" }); // opted out again
    const prefs = (
      await recognitionRoute.loader({ request: get("recognition", hidden.cookie), params: params() } as never)
    ).preferences;
    expect(prefs).toEqual({ leaderboardOptIn: false, kudosInDigest: true, autoReleaseConsent: false });

    const board = await leaderboardRoute.loader({
      request: get("leaderboard?period=nonsense", hidden.cookie),
      params: params(),
    } as never);
    expect(board.query.period).toBe("this_quarter");
    expect(board.viewerOptedIn).toBe(false);
    if (board.result.kind !== "ranked") throw new Error("expected a ranking");
    expect(board.result.rows.map((r) => r.name)).toEqual(["Sichtbar Sonja"]);
    expect(JSON.stringify(board)).not.toContain("Versteckt Viktor");
  });
});
