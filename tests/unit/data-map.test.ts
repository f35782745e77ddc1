import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub, Outlet } from "react-router";
import { describe, expect, it } from "vitest";
import PaperPage from "../../app/routes/privacy.paper.tsx";
import { Markdown } from "../../app/ui/markdown.tsx";
import PrivacyPage from "../../app/routes/privacy.tsx";
import { ROLES, type Role } from "../../db/schema.ts";
import { PERMISSIONS, type Permission } from "../../app/lib/permissions.ts";
import { DEFAULT_RECOGNITION_SETTINGS } from "../../app/modules/goals/settings.ts";
import { DEFAULT_PRIVACY_SETTINGS } from "../../app/modules/privacy/settings.ts";
import { DEFAULT_REACH_SETTINGS } from "../../app/modules/reach/settings.ts";
import { createI18n } from "../../app/lib/i18n/index.ts";
import {
  buildDataMap,
  DATA_CATEGORIES,
  describeRetention,
  describeRole,
  mappedPermissions,
  NOT_PERSONAL_PERMISSIONS,
  type DataMap,
  type DataMapLifetimes,
  type DataMapSettings,
  type PermissionTable,
  type Translate,
} from "../../app/modules/privacy/data-map.ts";
import { PDFDocument } from "pdf-lib";
import { paperPdf, plainInline } from "../../app/modules/privacy/papers-pdf.server.ts";
import { paperMarkdown, PAPERS, type PaperKind } from "../../app/modules/privacy/papers.ts";
import { STRICT_MIN_GROUP_SIZE } from "../../app/modules/privacy/strict-mode.ts";

const defaults: DataMapSettings = {
  releaseMode: DEFAULT_RECOGNITION_SETTINGS.releaseMode,
  selfReportedSharesEarnPoints: DEFAULT_RECOGNITION_SETTINGS.selfReportedSharesEarnPoints,
  selfReportedWeeklyCap: DEFAULT_RECOGNITION_SETTINGS.selfReportedWeeklyCap,
  minGroupSize: DEFAULT_REACH_SETTINGS.minGroupSize,
  clickRetentionDays: DEFAULT_REACH_SETTINGS.clickRetentionDays,
  auditRetentionMonths: DEFAULT_PRIVACY_SETTINGS.auditRetentionMonths,
  strictMode: DEFAULT_PRIVACY_SETTINGS.strictMode,
};
const lifetimes: DataMapLifetimes = { sessionIdleDays: 30, sessionAbsoluteDays: 90, signInLinkMinutes: 10, signInGraceDays: 1, invitationDays: 7, invitationGraceDays: 30, memberIpKeyDays: 10, failedJobDays: 30, dataExportDays: 7 };

const en: Translate = (key, vars) => createI18n("en").t(key, vars ?? {});
const row = (map: DataMap, id: (typeof DATA_CATEGORIES)[number]) => map.rows.find((r) => r.id === id)!;
const seers = (map: DataMap, id: (typeof DATA_CATEGORIES)[number]): Role[] => ROLES.filter((r) => row(map, id).roles[r].length > 0);
const withPermission = (permission: Permission, roles: readonly Role[]): PermissionTable => ({ ...PERMISSIONS, [permission]: roles });

describe("data map from the permission table", () => {
  it("lists every data category once, each with where it is stored and how long", () => {
    const map = buildDataMap(defaults, lifetimes);
    expect(map.rows.map((r) => r.id)).toEqual([...DATA_CATEGORIES]);
    for (const r of map.rows) {
      expect(r.tables.length).toBeGreaterThan(0);
      expect(describeRetention(en, r.retention)).not.toMatch(/dataMap\.|\{\{/);
    }
  });

  it("derives the roles from the permission table: programme analytics for holders of analytics.view", () => {
    const map = buildDataMap(defaults, lifetimes);
    expect(seers(map, "team_analytics")).toEqual(PERMISSIONS["analytics.view"].filter((r) => ROLES.includes(r)).sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b)));
    expect(row(map, "team_analytics").roles.manager).toEqual([]);
    expect(describeRole(en, row(map, "team_analytics"), "manager")).toBe("—");
  });

  it("changes when a permission changes: managers granted analytics.view see programme analytics in groups", () => {
    const before = buildDataMap(defaults, lifetimes);
    const after = buildDataMap(defaults, lifetimes, withPermission("analytics.view", ["admin", "comms_lead", "manager"]));
    expect(row(before, "team_analytics").roles.manager).toEqual([]);
    expect(row(after, "team_analytics").roles.manager).toEqual([{ permission: "analytics.view", level: "groups", minGroupSize: 5 }]);
    expect(describeRole(en, row(after, "team_analytics"), "manager")).toBe("only groups of at least 5 people");
    // shares, clicks, impressions, earned media: all behind analytics.view, all follow
    for (const id of ["shares", "clicks_per_share", "estimated_impressions", "earned_media_value"] as const) expect(seers(after, id)).toContain("manager");
  });

  it("changes when a permission is taken away: without credit.export nobody exports statements", () => {
    const map = buildDataMap(defaults, lifetimes, withPermission("credit.export", []));
    expect(row(map, "credit_statements").roles.manager.map((a) => a.level === "individual" && a.condition)).toEqual(["released"]);
    const withExport = buildDataMap(defaults, lifetimes);
    expect(row(withExport, "credit_statements").roles.manager.map((a) => a.level === "individual" && a.condition)).toEqual(["released", "released_export"]);
  });

  it("names every permission that gates a category; a new permission needs a map entry or a place on the not-personal list", () => {
    const mapped = mappedPermissions();
    const notPersonal = new Set(NOT_PERSONAL_PERMISSIONS);
    const unaccounted = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => !mapped.has(p) && !notPersonal.has(p));
    expect(unaccounted).toEqual([]);
    // and the not-personal list does not hide a permission the map uses
    expect(NOT_PERSONAL_PERMISSIONS.filter((p) => mapped.has(p))).toEqual([]);
    // the gates the rows name are real permissions
    const map = buildDataMap(defaults, lifetimes);
    for (const r of map.rows) for (const p of r.gatedBy) expect(Object.keys(PERMISSIONS)).toContain(p);
  });
});

describe("data map from the tenant's settings", () => {
  it("strict mode raises a small minimum group size to the strict floor (the surfaces' own policy)", () => {
    expect(describeRole(en, row(buildDataMap({ ...defaults, minGroupSize: 3 }, lifetimes), "team_analytics"), "admin")).toBe("only groups of at least 3 people");
    expect(describeRole(en, row(buildDataMap({ ...defaults, minGroupSize: 3, strictMode: true }, lifetimes), "team_analytics"), "admin")).toBe(`only groups of at least ${STRICT_MIN_GROUP_SIZE} people`);
    expect(describeRole(en, row(buildDataMap({ ...defaults, minGroupSize: 12, strictMode: true }, lifetimes), "team_analytics"), "admin")).toBe("only groups of at least 12 people");
  });

  it("shows the minimum group size wherever groups are shown", () => {
    const map = buildDataMap({ ...defaults, minGroupSize: 12 }, lifetimes);
    expect(describeRole(en, row(map, "team_analytics"), "admin")).toBe("only groups of at least 12 people");
    expect(describeRole(en, row(buildDataMap(defaults, lifetimes), "team_analytics"), "admin")).toBe("only groups of at least 5 people");
  });

  it("shows retention from the settings", () => {
    const map = buildDataMap({ ...defaults, clickRetentionDays: 30, auditRetentionMonths: 6 }, lifetimes);
    expect(describeRetention(en, row(map, "raw_click_events").retention)).toBe("30 days, then only daily rollups remain");
    expect(describeRetention(en, row(map, "audit_log").retention)).toBe("6 months");
    expect(describeRetention(en, row(map, "access_log").retention)).toBe("6 months");
    expect(describeRetention(en, row(buildDataMap(defaults, lifetimes), "audit_log").retention)).toBe("24 months");
    expect(describeRetention(en, row(map, "sessions").retention)).toBe("30 days without use, at most 90 days; then deleted");
    expect(describeRetention(en, row(map, "sign_in_links").retention)).toBe(
      "sign-in links are valid 10 minutes and deleted a day after use or expiry; invitations are valid 7 days and deleted 30 days after acceptance or expiry",
    );
  });

  it("automatic release shows managers the activities of reports who consented; works-council mode does not", () => {
    const employee = buildDataMap(defaults, lifetimes);
    const automatic = buildDataMap({ ...defaults, releaseMode: "automatic" }, lifetimes);
    const conditions = (m: DataMap) => row(m, "goal_attainment").roles.manager.map((a) => a.level === "individual" && a.condition);
    expect(conditions(employee)).toEqual(["live_attainment"]);
    expect(conditions(automatic)).toEqual(["live_attainment", "live_all_consented"]);
    // strict mode: nothing live, whatever the release mode (goals/visibility.ts)
    expect(conditions(buildDataMap({ ...defaults, releaseMode: "automatic", strictMode: true }, lifetimes))).toEqual([]);
  });

  it("strict mode leaves individual figures to the person: no leaderboard, managers only released statements, comms leads groups only", () => {
    const normal = buildDataMap(defaults, lifetimes);
    const strict = buildDataMap({ ...defaults, strictMode: true }, lifetimes);
    // without strict mode: colleagues see opted-in people's points and rank, managers live attainment, comms leads held-back clicks by name
    expect(seers(normal, "points")).toEqual([...ROLES]);
    expect(seers(normal, "goal_attainment")).toEqual(["manager"]);
    expect(seers(normal, "held_clicks")).toEqual(["comms_lead"]);
    for (const id of ["points", "leaderboard_rank", "goal_attainment"] as const) {
      expect(seers(strict, id)).toEqual([]);
      expect(row(strict, id).narrowedByStrictMode).toBe(true);
    }
    // held-back clicks are still reviewed, but without the sharer's name (strict-mode.ts)
    expect(row(strict, "held_clicks").roles.comms_lead).toEqual([{ permission: "content.approve", level: "unnamed", condition: "held_clicks_unnamed" }]);
    expect(row(strict, "held_clicks").narrowedByStrictMode).toBe(true);
    expect(row(strict, "team_analytics").narrowedByStrictMode).toBe(false);
    // released statements stay; comms leads see groups only
    expect(row(strict, "credit_statements").roles.manager.map((a) => a.level === "individual" && a.condition)).toContain("released");
    const commsLeadFigures = strict.rows.filter((r) => r.figure).flatMap((r) => r.roles.comms_lead);
    expect(commsLeadFigures.every((a) => a.level !== "individual")).toBe(true);
    expect(commsLeadFigures.length).toBeGreaterThan(0);
    // no one but the person sees an individual figure, except statements released to the manager (and their exports)
    const individual = strict.rows.filter((r) => r.figure && r.id !== "credit_statements").flatMap((r) => ROLES.flatMap((role) => r.roles[role])).filter((a) => a.level === "individual");
    expect(individual).toEqual([]);
  });
});

describe("papers", () => {
  const input = (settings: DataMapSettings, companyName = "Muster GmbH") => ({ companyName, map: buildDataMap(settings, lifetimes), generatedOn: "2026-12-06" });

  it.each(PAPERS.flatMap((p) => (["de", "en"] as const).map((l) => [p, l] as [PaperKind, "de" | "en"])))("%s in %s lists its assumed settings with their values", (kind, locale) => {
    const md = paperMarkdown(kind, locale, input(defaults));
    expect(md).toContain(locale === "de" ? "## Angenommene Einstellungen" : "## Assumed settings");
    for (const line of [
      "recognition_settings.release_mode = employee",
      "recognition_settings.self_reported_shares_earn_points = true",
      "recognition_settings.self_reported_weekly_cap = 5",
      "reach_settings.min_group_size = 5",
      "reach_settings.click_retention_days = 90",
      "privacy_settings.audit_retention_months = 24",
      "privacy_settings.strict_mode = false",
    ])
      expect(md).toContain(`- ${line} (`);
    expect(md).toContain("Muster GmbH");
    expect(md).toContain(locale === "de" ? "juristisch zu prüfen" : "reviewed by counsel");
    expect(md).not.toMatch(/dataMap\.|roles\.|\{\{/);
  });

  it("changes with the settings", () => {
    for (const kind of PAPERS) {
      const before = paperMarkdown(kind, "en", input(defaults));
      const after = paperMarkdown(kind, "en", input({ ...defaults, minGroupSize: 8, clickRetentionDays: 30, strictMode: true, releaseMode: "automatic" }));
      expect(after).not.toBe(before);
      expect(after).toContain("reach_settings.min_group_size = 8");
      expect(after).toContain("reach_settings.click_retention_days = 30");
      expect(after).toContain("privacy_settings.strict_mode = true");
      expect(after).toContain("recognition_settings.release_mode = automatic");
    }
    const agreement = paperMarkdown("works-agreement", "de", input({ ...defaults, minGroupSize: 8 }));
    expect(agreement).toContain("nur für Gruppen ab 8 Personen");
    const strict = paperMarkdown("works-agreement", "en", input({ ...defaults, strictMode: true }));
    expect(strict).toContain("Strict works-council mode is on");
    expect(strict).toContain("No leaderboard of individuals is shown.");
    expect(strict).toContain("only as a click pattern without the sharer's name: Comms lead");
    expect(paperMarkdown("works-agreement", "en", input(defaults))).toContain("A leaderboard shows only employees who expressly opted in");
    expect(paperMarkdown("works-agreement", "en", input(defaults))).toContain("count up to 5 a week and earn points");
    expect(paperMarkdown("works-agreement", "en", input({ ...defaults, selfReportedSharesEarnPoints: false, selfReportedWeeklyCap: 2 }))).toContain("count up to 2 a week toward goal agreements but earn no points");
    expect(paperMarkdown("works-agreement", "de", input({ ...defaults, selfReportedWeeklyCap: 0 }))).toContain("Selbst gemeldete Beiträge (ohne Bestätigung durch das Netzwerk) zählen nicht.");
  });

  it("follows the permission table: the processing record's recipients come from it", () => {
    const base = { companyName: "Muster GmbH", generatedOn: "2026-12-06" };
    const normal = paperMarkdown("processing-record", "en", { ...base, map: buildDataMap(defaults, lifetimes) });
    const granted = paperMarkdown("processing-record", "en", { ...base, map: buildDataMap(defaults, lifetimes, withPermission("analytics.view", ["admin", "comms_lead", "manager"])) });
    const managerLine = (md: string) => md.split("\n").find((l) => l.startsWith("- Manager:"))!;
    expect(managerLine(normal)).not.toContain("Team and programme analytics");
    expect(managerLine(granted)).toContain("Team and programme analytics");
  });

  it("writes German and English", () => {
    const de = paperMarkdown("works-agreement", "de", input(defaults));
    const en = paperMarkdown("works-agreement", "en", input(defaults));
    expect(de).toContain("# Betriebsvereinbarung (Entwurf)");
    expect(de).toContain("§ 87 Abs. 1 Nr. 6 BetrVG");
    expect(en).toContain("# Works agreement (draft)");
    expect(en).toContain("section 87(1) no. 6");
    expect(paperMarkdown("processing-record", "de", input(defaults))).toContain("## Verantwortlicher");
    expect(paperMarkdown("dpia", "en", input(defaults))).toContain("## 3 Risks to rights and freedoms");
  });

  it("escapes the company name's Markdown", () => {
    const md = paperMarkdown("dpia", "en", input(defaults, "**Evil** [x](javascript:alert(1))"));
    expect(md).not.toContain("**Evil**");
    expect(md).toContain("\\*\\*Evil\\*\\*");
    const html = renderToString(createElement(Markdown, { source: paperMarkdown("dpia", "en", input(defaults, "# 1. [x](https://evil.test) *GmbH*")) }));
    expect(html).not.toContain("evil.test\"");
    expect(html).not.toContain("<em>GmbH</em>");
    expect(html).toContain("# 1. [x](https://evil.test) *GmbH* runs a voluntary");
    expect(paperMarkdown("dpia", "en", input(defaults, "Müller-Lüdenscheid GmbH"))).toContain("Müller-Lüdenscheid GmbH runs a voluntary");
    const numbered = renderToString(createElement(Markdown, { source: paperMarkdown("dpia", "en", input(defaults, "1. FC Beispiel e.V.")) }));
    expect(numbered).toContain("<p>1. FC Beispiel e.V. runs a voluntary");
  });
});

describe("pages render", () => {
  const tenantData = { tenant: { id: "t", slug: "acme", name: "Acme", defaultLocale: "de", timeZone: "Europe/Berlin" }, member: { id: "m1", name: "Anna", roles: ["employee"] }, permissions: [], otherTenants: false, billing: null };
  function render(Component: ComponentType<never>, loaderData: unknown, locale: "de" | "en"): string {
    const Stub = createRoutesStub([
      {
        id: "routes/tenant",
        path: "/t/:tenant",
        loader: () => tenantData,
        Component: () => createElement(Outlet),
        children: [{ id: "page", path: "page", Component: Component as never, loader: () => loaderData }],
      },
    ]);
    return renderToString(
      createElement(I18nextProvider, { i18n: createI18n(locale) }, createElement(Stub, { initialEntries: ["/t/acme/page"], hydrationData: { loaderData: { "routes/tenant": tenantData, page: loaderData } } })),
    );
  }

  it.each(["de", "en"] as const)("the data map page in %s: a captioned table with column and row headers, every text translated", (locale) => {
    const map = buildDataMap({ ...defaults, minGroupSize: 7 }, lifetimes);
    const html = render(PrivacyPage as never, { map }, locale);
    expect(html).toContain("<caption>");
    expect(html).toContain('scope="col"');
    expect((html.match(/data-category="/g) ?? []).length).toBe(DATA_CATEGORIES.length);
    // two captioned tables (who sees it; where and how long) plus the settings, each row with a row header
    expect((html.match(/<caption/g) ?? []).length).toBe(3);
    expect((html.match(/scope="row"/g) ?? []).length).toBe(2 * DATA_CATEGORIES.length + 8);
    expect(html).toContain(locale === "de" ? "nur Gruppen ab 7 Personen" : "only groups of at least 7 people");
    expect(html).toContain('href="/t/acme/privacy/works-agreement/download?format=pdf"');
    expect(html).not.toMatch(/dataMap\.|roles\.[a-z]/);
  });

  it("the paper page shows the Markdown rendered under one h1, with downloads and the other language", () => {
    const markdown = paperMarkdown("dpia", "en", { companyName: "Acme", map: buildDataMap(defaults, lifetimes), generatedOn: "2026-12-06" });
    const html = render(PaperPage as never, { paper: "dpia", locale: "en", title: "Data protection impact assessment (outline, Art. 35 GDPR)", markdown }, "en");
    expect((html.match(/<h1/g) ?? []).length).toBe(1);
    expect(html).toContain("<h2>1 Description of the processing</h2>");
    expect(html).toContain('href="/t/acme/privacy/dpia/download?format=pdf&amp;lang=en"');
    expect(html).toContain('href="/t/acme/privacy/dpia?lang=de"');
  });
});

describe("paper PDF", () => {
  it("drops inline markup and keeps escaped characters as text", () => {
    expect(plainInline("**Punkte**: *nur* mit [Link](https://example.test) und 1\\. FC \\*")).toBe("Punkte: nur mit Link (https://example.test) und 1. FC *");
  });

  it("lays a long paper out over several A4 pages with its title", async () => {
    const md = paperMarkdown("works-agreement", "de", { companyName: "Müller & Łukasz GmbH", map: buildDataMap(defaults, lifetimes), generatedOn: "2026-12-06" });
    const bytes = await paperPdf(md, "Betriebsvereinbarung (Entwurf)", "de", "Betriebsvereinbarung · Müller & Łukasz GmbH · 2026-12-06");
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThan(2);
    expect(doc.getTitle()).toBe("Betriebsvereinbarung (Entwurf)");
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });
  });
});
