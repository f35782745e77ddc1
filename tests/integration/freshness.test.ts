import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { formatAsOf } from "~/app/modules/freshness/format.ts";
import { figureRuns } from "~/app/modules/freshness/freshness.server.ts";
import { rollupDirty } from "~/app/modules/reach/rollup.server.ts";
import { awardPoints } from "~/app/modules/recognition/award.server.ts";
import { addMember, createTenant, createUser, sessionCookie } from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";

/*
 * Issue 11: every figure says how fresh it is, in the same words everywhere. Each page with figures
 * shows the freshness line: reach figures as of the last rollup run, points as of the last award
 * run, and "Click points settle after 2 days" where clicks become points.
 */

let db: DB;
let server: AppServer;
let tenant: { id: string; slug: string };
const cookies: Record<"comms" | "employee" | "manager" | "german", string> = {
  comms: "",
  employee: "",
  manager: "",
  german: "",
};
const TZ = "America/New_York";

async function member(roles: Role[], locale: "de" | "en"): Promise<string> {
  const user = await createUser(db);
  await db.updateTable("users").set({ locale }).where("id", "=", user.id).execute();
  await addMember(db, tenant.id, user.id, roles);
  return await sessionCookie(db, user.id);
}

const get = async (path: string, cookie: string) => {
  const res = await fetch(server.base + path, { headers: { Cookie: cookie }, redirect: "manual" });
  expect(res.status, path).toBe(200);
  return res.text();
};
const freshnessLine = (html: string) =>
  /<p class="hint" data-testid="freshness">([^<]*)<\/p>/.exec(html)?.[1];

beforeAll(async () => {
  delete process.env.REDIS_URL;
  db = (await database()).db;
  const t = await createTenant(db);
  await db.updateTable("tenants").set({ time_zone: TZ }).where("id", "=", t.id).execute();
  tenant = { id: t.id, slug: t.slug };
  cookies.comms = await member(["comms_lead", "employee"], "en");
  cookies.employee = await member(["employee"], "en");
  cookies.manager = await member(["manager", "employee"], "en");
  cookies.german = await member(["employee"], "de");
  server = await startAppServer();
});

afterAll(async () => {
  await server?.close();
});

describe("freshness line", () => {
  it("before any run, the pages say the figures are not computed yet", async () => {
    expect(freshnessLine(await get(`/t/${tenant.slug}/impact`, cookies.employee))).toBe(
      "Reach figures are being computed for the first time.",
    );
    expect(freshnessLine(await get(`/t/${tenant.slug}/recognition`, cookies.employee))).toBe(
      "Points have not been awarded yet. Click points settle after 2 days.",
    );
  });

  it("after a rollup and an award run, every page with figures shows their as-of time in the tenant's zone, in the same words", async () => {
    await rollupDirty(db, { tenantId: tenant.id });
    await awardPoints(db, { tenantId: tenant.id });
    const runs = await withTenant(db, tenant.id, (tx) => figureRuns(tx, tenant.id));
    expect(runs.reach_rollup).not.toBeNull();
    expect(runs.points_award).not.toBeNull();
    const reach = `Reach figures as of ${formatAsOf(runs.reach_rollup!, "en", TZ)}.`;
    const points = `Points as of ${formatAsOf(runs.points_award!, "en", TZ)}. Click points settle after 2 days.`;
    expect(formatAsOf(runs.reach_rollup!, "en", TZ)).toMatch(/^\d{2}:\d{2}$|, \d{2}:\d{2}$/);

    expect(freshnessLine(await get(`/t/${tenant.slug}/analytics`, cookies.comms))).toBe(reach);
    expect(freshnessLine(await get(`/t/${tenant.slug}/impact`, cookies.employee))).toBe(reach);
    expect(freshnessLine(await get(`/t/${tenant.slug}/shares`, cookies.employee))).toBe(
      "Clicks are counted as they arrive. Click points settle after 2 days.",
    );
    expect(freshnessLine(await get(`/t/${tenant.slug}/recognition`, cookies.employee))).toBe(points);
    expect(freshnessLine(await get(`/t/${tenant.slug}/leaderboard`, cookies.employee))).toBe(points);
    expect(freshnessLine(await get(`/t/${tenant.slug}/credit`, cookies.manager))).toBe(points);
    // the reader's language, the tenant's clock
    expect(freshnessLine(await get(`/t/${tenant.slug}/recognition`, cookies.german))).toBe(
      `Punkte, Stand: ${formatAsOf(runs.points_award!, "de", TZ)}. Klickpunkte stehen nach 2 Tagen fest.`,
    );
  });

  it("a later run moves the time on; an older run finishing late does not move it back", async () => {
    const before = (await withTenant(db, tenant.id, (tx) => figureRuns(tx, tenant.id))).points_award!;
    await awardPoints(db, { tenantId: tenant.id, now: new Date(before.getTime() - 3_600_000) });
    expect((await withTenant(db, tenant.id, (tx) => figureRuns(tx, tenant.id))).points_award).toEqual(before);
    const later = new Date(before.getTime() + 60_000);
    await awardPoints(db, { tenantId: tenant.id, now: later });
    expect((await withTenant(db, tenant.id, (tx) => figureRuns(tx, tenant.id))).points_award).toEqual(later);
  });
});
