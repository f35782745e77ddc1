import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "../../db/client.ts";
import type { Role, Tenant } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";
import { sessionCookieName } from "~/modules/auth/cookie.server";
import { createSession, SESSION_IDLE_MS } from "~/modules/auth/session.server";
import { EXPORT_TTL_DAYS } from "~/modules/privacy/export-requests.server";
import { RETENTION_RULES } from "~/modules/privacy/retention.server";
import { savePrivacySettings } from "~/modules/privacy/settings.server";
import * as paperRoute from "~/routes/privacy.paper";
import * as privacyRoute from "~/routes/privacy";
import { addMember, asMember, createTenant, createUser } from "../support/factories.ts";

// The data map page and the papers, their loaders called with real Requests (a signed-in session
// cookie) against this file's own PostgreSQL database.

let db: DB;
let tenant: Tenant;

beforeAll(async () => {
  ({ db } = await database());
  tenant = await createTenant(db, { name: "Muster & Söhne GmbH" });
});

async function signedIn(roles: Role[], t: Tenant = tenant) {
  const user = await createUser(db);
  const m = await addMember(db, t.id, user.id, roles);
  const { token } = await createSession(db, user.id);
  return { cookie: `${sessionCookieName()}=${encodeURIComponent(token)}`, member: asMember(t.id, m, user) };
}

const get = (path: string, cookie: string, headers: Record<string, string> = {}) =>
  new Request(`http://localhost/t/${tenant.slug}/${path}`, { headers: { Cookie: cookie, ...headers } });
const mapOf = async (cookie: string) => (await privacyRoute.loader({ request: get("privacy", cookie), params: { tenant: tenant.slug } } as never)).map;
const paper = (cookie: string, name: string, query = "", headers: Record<string, string> = {}) =>
  paperRoute.loader({ request: get(`privacy/${name}${query}`, cookie, headers), params: { tenant: tenant.slug, paper: name } } as never);

async function setReach(minGroupSize: number, clickRetentionDays: number) {
  await withTenant(db, tenant.id, (tx) =>
    sql`INSERT INTO reach_settings (tenant_id, impression_factors, cpm, cpc, min_group_size, click_retention_days, updated_at)
        VALUES (${tenant.id}, '{}'::jsonb, 8, 1.2, ${minGroupSize}, ${clickRetentionDays}, now())
        ON CONFLICT (tenant_id) DO UPDATE SET min_group_size = excluded.min_group_size, click_retention_days = excluded.click_retention_days`.execute(tx),
  );
}

describe("data map page", () => {
  it("an employee sees the map generated from the tenant's settings, and it follows them", async () => {
    const employee = await signedIn(["employee"]);
    const before = await mapOf(employee.cookie);
    expect(before.settings).toMatchObject({ minGroupSize: 5, clickRetentionDays: 90, auditRetentionMonths: 24, strictMode: false, releaseMode: "employee" });
    const analytics = before.rows.find((r) => r.id === "team_analytics")!;
    expect(analytics.roles.admin).toEqual([{ permission: "analytics.view", level: "groups", minGroupSize: 5 }]);
    expect(analytics.roles.employee).toEqual([]);
    // the lifetimes are the ones the code enforces
    expect(before.lifetimes).toMatchObject({ sessionIdleDays: SESSION_IDLE_MS / 86_400_000, failedJobDays: RETENTION_RULES.jobFailureDays, dataExportDays: EXPORT_TTL_DAYS });

    await setReach(9, 30);
    const admin = await signedIn(["admin"]);
    await withTenant(db, tenant.id, (tx) => savePrivacySettings(tx, admin.member, { auditRetentionMonths: "12", strictMode: "on" }));
    const after = await mapOf(employee.cookie);
    expect(after.settings).toMatchObject({ minGroupSize: 9, clickRetentionDays: 30, auditRetentionMonths: 12, strictMode: true });
    expect(after.rows.find((r) => r.id === "team_analytics")!.roles.admin).toEqual([{ permission: "analytics.view", level: "groups", minGroupSize: 9 }]);
    expect(after.rows.find((r) => r.id === "raw_click_events")!.retention).toEqual({ key: "click_days", values: { days: 30 } });
    // strict mode: no colleague sees anyone's points any more
    expect(after.rows.find((r) => r.id === "points")!.roles.employee).toEqual([]);
  });

  it("is for members only: another tenant's member gets 404", async () => {
    const other = await createTenant(db);
    const outsider = await signedIn(["admin"], other);
    await expect(privacyRoute.loader({ request: get("privacy", outsider.cookie), params: { tenant: tenant.slug } } as never)).rejects.toMatchObject({ status: 404 });
  });
});

describe("papers", () => {
  it("renders each paper for an employee in their language, with the company and the assumed settings", async () => {
    const employee = await signedIn(["employee"]);
    for (const name of ["works-agreement", "processing-record", "dpia"]) {
      const de = (await paper(employee.cookie, name, "", { "Accept-Language": "de-DE,de;q=0.9" })) as { locale: string; markdown: string; title: string };
      expect(de.locale).toBe("de");
      expect(de.markdown).toContain("Muster & Söhne GmbH");
      expect(de.markdown).toContain("## Angenommene Einstellungen");
      expect(de.markdown).toContain("reach_settings.min_group_size = ");
      const en = (await paper(employee.cookie, name, "?lang=en", { "Accept-Language": "de-DE" })) as { locale: string; markdown: string };
      expect(en.locale).toBe("en");
      expect(en.markdown).toContain("## Assumed settings");
    }
  });

  it("downloads Markdown and PDF", async () => {
    const employee = await signedIn(["employee"]);
    const md = (await paper(employee.cookie, "works-agreement", "?format=md&lang=de")) as Response;
    expect(md.headers.get("Content-Type")).toBe("text/markdown; charset=utf-8");
    expect(md.headers.get("Content-Disposition")).toBe('attachment; filename="chorus-works-agreement-de.md"');
    const text = await md.text();
    expect(text).toMatch(/^# Betriebsvereinbarung \(Entwurf\)/);
    expect(text).toContain("§ 87 Abs. 1 Nr. 6 BetrVG");

    const pdf = (await paper(employee.cookie, "dpia", "?format=pdf&lang=de")) as Response;
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(2000);
  });

  it("answers 404 for an unknown paper and 400 for an unknown format", async () => {
    const employee = await signedIn(["employee"]);
    await expect(paper(employee.cookie, "salary-list")).rejects.toMatchObject({ status: 404 });
    await expect(paper(employee.cookie, "dpia", "?format=docx")).rejects.toMatchObject({ status: 400 });
  });
});
