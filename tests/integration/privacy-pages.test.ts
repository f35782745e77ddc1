import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Role, Tenant } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { createSession, SESSION_IDLE_MS } from "~/app/modules/auth/session.server.ts";
import { EXPORT_TTL_DAYS } from "~/app/modules/privacy/export-requests.server.ts";
import { RETENTION_RULES } from "~/app/modules/privacy/retention.server.ts";
import { savePrivacySettings } from "~/app/modules/privacy/settings.server.ts";
import * as paperRoute from "~/app/routes/privacy.paper.tsx";
import * as downloadRoute from "~/app/routes/privacy.paper.download.ts";
import * as privacyRoute from "~/app/routes/privacy.tsx";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";
import { addMember, asMember, createTenant, createUser } from "~/tests/support/factories.ts";

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
const mapOf = async (cookie: string) =>
  (await privacyRoute.loader({ request: get("privacy", cookie), params: { tenant: tenant.slug } } as never))
    .map;
const paper = (cookie: string, name: string, query = "", headers: Record<string, string> = {}) =>
  paperRoute.loader({
    request: get(`privacy/${name}${query}`, cookie, headers),
    params: { tenant: tenant.slug, paper: name },
  } as never);
const download = (cookie: string, name: string, query: string) =>
  downloadRoute.loader({
    request: get(`privacy/${name}/download${query}`, cookie),
    params: { tenant: tenant.slug, paper: name },
  } as never);

async function setReach(minGroupSize: number, clickRetentionDays: number) {
  await withTenant(db, tenant.id, (tx) =>
    sql`INSERT INTO reach_settings (tenant_id, impression_factors, cpm, cpc, min_group_size, click_retention_days, updated_at)
        VALUES (${tenant.id}, '{}'::jsonb, 8, 1.2, ${minGroupSize}, ${clickRetentionDays}, now())
        ON CONFLICT (tenant_id) DO UPDATE SET min_group_size = excluded.min_group_size, click_retention_days = excluded.click_retention_days`.execute(
      tx,
    ),
  );
}

describe("data map page", () => {
  it("an employee sees the map generated from the tenant's settings, and it follows them", async () => {
    const employee = await signedIn(["employee"]);
    const before = await mapOf(employee.cookie);
    expect(before.settings).toMatchObject({
      minGroupSize: 5,
      clickRetentionDays: 90,
      auditRetentionMonths: 24,
      strictMode: false,
      releaseMode: "employee",
    });
    const analytics = before.rows.find((r) => r.id === "team_analytics")!;
    expect(analytics.roles.admin).toEqual([
      { permission: "analytics.view", level: "groups", minGroupSize: 5 },
    ]);
    expect(analytics.roles.employee).toEqual([]);
    // the lifetimes are the ones the code enforces
    expect(before.lifetimes).toMatchObject({
      sessionIdleDays: SESSION_IDLE_MS / 86_400_000,
      failedJobDays: RETENTION_RULES.jobFailureDays,
      dataExportDays: EXPORT_TTL_DAYS,
    });

    await setReach(9, 30);
    const admin = await signedIn(["admin"]);
    await withTenant(db, tenant.id, (tx) =>
      savePrivacySettings(tx, admin.member, { auditRetentionMonths: "12", strictMode: "on" }),
    );
    const after = await mapOf(employee.cookie);
    expect(after.settings).toMatchObject({
      minGroupSize: 9,
      clickRetentionDays: 30,
      auditRetentionMonths: 12,
      strictMode: true,
    });
    expect(after.rows.find((r) => r.id === "team_analytics")!.roles.admin).toEqual([
      { permission: "analytics.view", level: "groups", minGroupSize: 9 },
    ]);
    expect(after.rows.find((r) => r.id === "raw_click_events")!.retention).toEqual({
      key: "click_days",
      values: { days: 30 },
    });
    // strict mode: no colleague sees anyone's points any more
    expect(after.rows.find((r) => r.id === "points")!.roles.employee).toEqual([]);
  });

  it("is for members only: another tenant's member gets 404", async () => {
    const other = await createTenant(db);
    const outsider = await signedIn(["admin"], other);
    await expect(
      privacyRoute.loader({
        request: get("privacy", outsider.cookie),
        params: { tenant: tenant.slug },
      } as never),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("processors the papers name", () => {
  it("come from this installation: Resend when RESEND_API_KEY is set, Stripe when billing is on, LinkedIn when the tenant's app is enabled", async () => {
    const employee = await signedIn(["employee"]);
    vi.stubEnv("RESEND_API_KEY", "");
    vi.stubEnv("STRIPE_SECRET_KEY", "");
    vi.stubEnv("SECRETS_KEY", "");
    vi.stubEnv("SECRETS_KEYS", "");
    try {
      const off = (await paper(employee.cookie, "processing-record", "?lang=en")) as { markdown: string };
      expect(off.markdown).toContain("no external delivery service configured");
      expect(off.markdown).toContain("Billing: none through Chorus (Stripe not configured)");
      expect(off.markdown).toContain("LinkedIn: not configured for this company");
      expect(off.markdown).toContain("- linkedin_apps.enabled = false");

      vi.stubEnv("RESEND_API_KEY", "re_test_processors");
      vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_processors");
      vi.stubEnv("STRIPE_WEBHOOK_SECRET", "whsec_processors");
      vi.stubEnv("STRIPE_PRICE_TEAM", "price_team");
      vi.stubEnv("STRIPE_PRICE_BUSINESS", "price_business");
      vi.stubEnv("SECRETS_KEY", randomBytes(32).toString("base64"));
      // the server has a key, but the tenant has no LinkedIn app yet
      const noApp = (await paper(employee.cookie, "dpia", "?lang=en")) as { markdown: string };
      expect(noApp.markdown).toContain("Resend (Resend, Inc., USA)");
      expect(noApp.markdown).toContain("Stripe (Stripe Payments Europe");
      expect(noApp.markdown).toContain("LinkedIn: not configured for this company");

      await withTenant(db, tenant.id, (tx) =>
        sql`INSERT INTO linkedin_apps (tenant_id, client_id, client_secret_encrypted, enabled, post_analytics_enabled) VALUES (${tenant.id}, 'client', 'sealed', true, true)`.execute(
          tx,
        ),
      );
      const on = (await paper(employee.cookie, "works-agreement", "?lang=en")) as { markdown: string };
      expect(on.markdown).toContain(
        "LinkedIn (LinkedIn Ireland Unlimited Company), only for members who connect their account: posting on their behalf and reading their posts' analytics",
      );
      expect(on.markdown).toContain("- RESEND_API_KEY = set");
      expect(on.markdown).toContain("- STRIPE_SECRET_KEY = set");
      expect(on.markdown).toContain("- linkedin_apps.post_analytics_enabled = true");
      expect((await mapOf(employee.cookie)).processors).toEqual({
        mail: "resend",
        stripe: true,
        linkedin: true,
        linkedinPostAnalytics: true,
        teams: false,
        slack: false,
      });
    } finally {
      vi.unstubAllEnvs();
      await withTenant(db, tenant.id, (tx) =>
        sql`DELETE FROM linkedin_apps WHERE tenant_id = ${tenant.id}`.execute(tx),
      );
    }
  });
});

describe("disclosure labels the works agreement assumes", () => {
  it("come from the tenant's guidelines settings and follow them", async () => {
    const employee = await signedIn(["employee"]);
    const before = (await paper(employee.cookie, "works-agreement", "?lang=en")) as { markdown: string };
    expect(before.markdown).toContain("- tenants.share_disclosure = —");
    await withTenant(db, tenant.id, (tx) =>
      sql`INSERT INTO disclosure_labels (tenant_id, network, language, label) VALUES (${tenant.id}, 'linkedin', 'de', '#Werbung *jetzt*')`.execute(
        tx,
      ),
    );
    try {
      const after = (await paper(employee.cookie, "works-agreement", "?lang=en")) as { markdown: string };
      expect(after.markdown).toContain(
        "Chorus inserts the company's label into shared posts automatically: LinkedIn (de): #Werbung \\*jetzt\\*.",
      );
      expect(after.markdown).toContain("- disclosure_labels.linkedin.de = #Werbung \\*jetzt\\*");
      expect((await mapOf(employee.cookie)).disclosure.labels).toEqual([
        { network: "linkedin", language: "de", label: "#Werbung *jetzt*" },
      ]);
    } finally {
      await withTenant(db, tenant.id, (tx) =>
        sql`DELETE FROM disclosure_labels WHERE tenant_id = ${tenant.id}`.execute(tx),
      );
    }
  });
});

describe("papers", () => {
  it("renders each paper for an employee in their language, with the company and the assumed settings", async () => {
    const employee = await signedIn(["employee"]);
    for (const name of ["works-agreement", "processing-record", "dpia"]) {
      const de = (await paper(employee.cookie, name, "", { "Accept-Language": "de-DE,de;q=0.9" })) as {
        locale: string;
        markdown: string;
        title: string;
      };
      expect(de.locale).toBe("de");
      expect(de.markdown).toContain("Muster & Söhne GmbH");
      expect(de.markdown).toContain("## Angenommene Einstellungen");
      expect(de.markdown).toContain("reach_settings.min_group_size = ");
      const en = (await paper(employee.cookie, name, "?lang=en", { "Accept-Language": "de-DE" })) as {
        locale: string;
        markdown: string;
      };
      expect(en.locale).toBe("en");
      expect(en.markdown).toContain("## Assumed settings");
    }
  });

  it("downloads Markdown and PDF", async () => {
    const employee = await signedIn(["employee"]);
    // the page's ?format= links are sent on to the download route
    await expect(paper(employee.cookie, "works-agreement", "?format=md&lang=de")).rejects.toSatisfy(
      (r: Response) =>
        r.status === 302 &&
        r.headers.get("Location") === `/t/${tenant.slug}/privacy/works-agreement/download?format=md&lang=de`,
    );
    const md = await download(employee.cookie, "works-agreement", "?format=md&lang=de");
    expect(md.headers.get("Content-Type")).toBe("text/markdown; charset=utf-8");
    expect(md.headers.get("Content-Disposition")).toBe('attachment; filename="chorus-works-agreement-de.md"');
    const text = await md.text();
    expect(text).toMatch(/^# Betriebsvereinbarung \(Entwurf\)/);
    expect(text).toContain("§ 87 Abs. 1 Nr. 6 BetrVG");

    const pdf = await download(employee.cookie, "dpia", "?format=pdf&lang=de");
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(2000);
  });

  it("answers 404 for an unknown paper and 400 for an unknown format", async () => {
    const employee = await signedIn(["employee"]);
    await expect(paper(employee.cookie, "salary-list")).rejects.toMatchObject({ status: 404 });
    await expect(paper(employee.cookie, "dpia", "?format=docx")).rejects.toMatchObject({ status: 400 });
    expect((await download(employee.cookie, "salary-list", "?format=pdf")).status).toBe(404);
    expect((await download(employee.cookie, "dpia", "?format=html")).status).toBe(400);
  });
});

describe("over HTTP (the production build)", () => {
  let server: AppServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startAppServer();
    ({ cookie } = await signedIn(["employee"]));
  });
  afterAll(async () => {
    await server?.close();
  });
  const fetchAs = (path: string, lang = "en") =>
    fetch(`${server.base}/t/${tenant.slug}/${path}`, {
      headers: { Cookie: cookie, "Accept-Language": lang },
      redirect: "manual",
    });

  it("an employee reads the data map and a paper, and downloads the PDF", async () => {
    const page = await fetchAs("privacy", "de");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(
      "<caption>Wer welche Daten sehen kann, wo sie gespeichert und wie lange sie aufbewahrt werden</caption>",
    );
    expect(html).toContain('<th scope="col">');
    expect(html).toContain("Punkte");

    // the member's language (here the tenant's default, German), or the one asked for
    const paperHtml = await (await fetchAs("privacy/processing-record")).text();
    expect(paperHtml).toContain("Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)</h1>");
    expect(paperHtml).toContain("<h2>Angenommene Einstellungen</h2>");
    const english = await fetchAs("privacy/processing-record?lang=en");
    expect(english.status).toBe(200);
    const englishHtml = await english.text();
    expect(englishHtml).toContain("Record of processing activities (Art. 30 GDPR)</h1>");
    expect(englishHtml).toContain("<h2>Assumed settings</h2>");

    // the page's ?format=pdf is sent on to the download
    const sent = await fetchAs("privacy/works-agreement?format=pdf");
    expect(sent.status).toBe(302);
    const pdf = await fetchAs(`privacy/works-agreement/download?format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(new TextDecoder().decode(new Uint8Array(await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");

    expect((await fetchAs("privacy/unknown")).status).toBe(404);
    expect((await fetchAs("privacy/unknown/download?format=md")).status).toBe(404);
  });
});
