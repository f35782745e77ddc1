import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { rewardedWithoutAdLabel } from "~/app/modules/advocacy/share-disclosure.server.ts";
import { setShareDisclosure } from "~/app/modules/advocacy/set-share-disclosure.server.ts";
import { addRulesVersion } from "~/app/modules/recognition/rules-admin.server.ts";
import { DEFAULT_POINTS_RULES } from "~/app/modules/recognition/rules.ts";
import { todayIn } from "~/app/lib/days.ts";
import * as adminGuidelinesRoute from "~/app/routes/admin.guidelines.tsx";
import { createCompany, sessionCookie } from "~/tests/support/factories.ts";

/*
 * Issue 13, § 5a (4) UWG: when shares are rewarded (points by default), a label that says nothing
 * of advertising ("#Mitarbeiter", or none) is warned about on the guidelines page and on saving —
 * a warning, never a refusal: the tenant's counsel decides.
 */

let db: DB;
beforeAll(async () => {
  db = (await database()).db;
});

async function company() {
  const { tenant, member } = await createCompany(db);
  const admin = await member({ roles: ["admin"] });
  return { tenantId: tenant.id, slug: tenant.slug, admin };
}
type Company = Awaited<ReturnType<typeof company>>;

async function cookie(c: Company) {
  return await sessionCookie(db, c.admin.userId);
}
async function post(c: Company, fields: Record<string, string>) {
  const request = new Request(`http://localhost/t/${c.slug}/admin/guidelines`, {
    method: "POST",
    headers: { Cookie: await cookie(c) },
    body: new URLSearchParams(fields),
  });
  return (await adminGuidelinesRoute.action({
    request,
    params: { tenant: c.slug },
    context: {},
  } as never)) as {
    errors: unknown;
    unmarked: { network: string; language: string; label: string | null }[];
  };
}
async function load(c: Company) {
  const request = new Request(`http://localhost/t/${c.slug}/admin/guidelines`, {
    headers: { Cookie: await cookie(c) },
  });
  return (await adminGuidelinesRoute.loader({
    request,
    params: { tenant: c.slug },
    context: {},
  } as never)) as {
    incentivised: boolean;
    unmarked: { network: string; language: string; label: string | null }[];
  };
}
const every = (label: string) =>
  Object.fromEntries(
    ["linkedin", "x", "facebook", "xing", "mastodon", "bluesky", "threads"].flatMap((n) =>
      ["de", "en"].map((l) => [`${n}.${l}`, label]),
    ),
  );

describe("rewarded shares without an advertising label", () => {
  it("rewarded: '#Mitarbeiter' everywhere is saved, with a warning per network and language; the page lists them", async () => {
    const c = await company();
    const res = await post(c, { intent: "labels", ...every("#Mitarbeiter") });
    expect(res.errors).toBeNull();
    expect(res.unmarked).toHaveLength(14);
    expect(res.unmarked).toContainEqual({ network: "linkedin", language: "de", label: "#Mitarbeiter" });
    const page = await load(c);
    expect(page.incentivised).toBe(true);
    expect(page.unmarked).toHaveLength(14);
  });

  it("rewarded: no label at all is warned about too; '#Werbung' and 'Anzeige:' are advertising markers, '#adidas' is not", async () => {
    const c = await company();
    expect(await load(c)).toMatchObject({
      unmarked: expect.arrayContaining([{ network: "x", language: "en", label: null }]),
    });
    expect((await load(c)).unmarked).toHaveLength(14);
    const res = await post(c, {
      intent: "labels",
      ...every("#Werbung"),
      "x.de": "Anzeige: #Mitarbeiter",
      "x.en": "#adidas",
    });
    expect(res.unmarked).toEqual([{ network: "x", language: "en", label: "#adidas" }]);
    // the fallback counts where a network and language have no label of their own
    await post(c, { intent: "labels", ...every("#Werbung"), "x.en": "" });
    await withTenant(db, c.admin.tenantId, (tx) => setShareDisclosure(tx, c.admin, c.tenantId, "#employee"));
    expect(await withTenant(db, c.tenantId, (tx) => rewardedWithoutAdLabel(tx, c.tenantId))).toEqual([
      { network: "x", language: "en", label: "#employee" },
    ]);
    const viaForm = await post(c, { intent: "disclosure", disclosure: "#ad" });
    expect(viaForm.unmarked).toEqual([]);
  });

  it("not rewarded: '#Mitarbeiter' gives no warning", async () => {
    const c = await company();
    const { time_zone } = await db
      .selectFrom("tenants")
      .select("time_zone")
      .where("id", "=", c.tenantId)
      .executeTakeFirstOrThrow();
    const today = todayIn(time_zone);
    await withTenant(db, c.tenantId, (tx) =>
      addRulesVersion(tx, c.admin, {
        effectiveFrom: today,
        rules: { ...DEFAULT_POINTS_RULES, perShare: 0, perUniqueClick: 0 },
      }),
    );
    const res = await post(c, { intent: "labels", ...every("#Mitarbeiter") });
    expect(res.unmarked).toEqual([]);
    expect((await load(c)).unmarked).toEqual([]);
  });
});
