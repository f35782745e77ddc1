import { readFileSync } from "node:fs";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub, Outlet } from "react-router";
import { describe, expect, it } from "vitest";
import PaperPage from "~/app/routes/privacy.paper.tsx";
import { Markdown } from "~/app/ui/markdown.tsx";
import PrivacyPage from "~/app/routes/privacy.tsx";
import { ROLES, type Role } from "~/db/schema.ts";
import { PERMISSIONS, type Permission } from "~/app/lib/permissions.ts";
import { createI18n } from "~/app/lib/i18n/resources.ts";
import {
  buildDataMap,
  DATA_CATEGORIES,
  DEFAULT_DATA_MAP_SETTINGS,
  describeRetention,
  describeRole,
  assumedSettings,
  mappedPermissions,
  NOT_PERSONAL_COMMANDS,
  NOT_PERSONAL_PERMISSIONS,
  OPERATOR_COMMANDS,
  type DataMapProcessors,
  type DataMap,
  type DataMapLifetimes,
  type DataMapSettings,
  type PermissionTable,
  type Translate,
} from "~/app/modules/privacy/data-map.ts";
import { PDFDocument } from "pdf-lib";
import { paperPdf, plainInline } from "~/app/modules/privacy/papers-pdf.server.ts";
import { paperMarkdown, PAPERS, type PaperKind } from "~/app/modules/privacy/papers.ts";
import { STRICT_MIN_GROUP_SIZE } from "~/app/modules/privacy/strict-mode.ts";

const defaults: DataMapSettings = DEFAULT_DATA_MAP_SETTINGS;
const lifetimes: DataMapLifetimes = {
  sessionIdleDays: 30,
  sessionAbsoluteDays: 90,
  signInLinkMinutes: 10,
  signInGraceDays: 1,
  invitationDays: 7,
  invitationGraceDays: 30,
  memberIpKeyDays: 10,
  failedJobDays: 30,
  dataExportDays: 7,
};

const en: Translate = (key, vars) => createI18n("en").t(key, vars ?? {});
const row = (map: DataMap, id: (typeof DATA_CATEGORIES)[number]) => map.rows.find((r) => r.id === id)!;
const seers = (map: DataMap, id: (typeof DATA_CATEGORIES)[number]): Role[] =>
  ROLES.filter((r) => row(map, id).roles[r].length > 0);
const withPermission = (permission: Permission, roles: readonly Role[]): PermissionTable => ({
  ...PERMISSIONS,
  [permission]: roles,
});

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
    expect(seers(map, "team_analytics")).toEqual(
      PERMISSIONS["analytics.view"]
        .filter((r) => ROLES.includes(r))
        .sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b)),
    );
    expect(row(map, "team_analytics").roles.manager).toEqual([]);
    expect(describeRole(en, row(map, "team_analytics"), "manager")).toBe("—");
  });

  it("changes when a permission changes: managers granted analytics.view see programme analytics in groups", () => {
    const before = buildDataMap(defaults, lifetimes);
    const after = buildDataMap(
      defaults,
      lifetimes,
      withPermission("analytics.view", ["admin", "comms_lead", "manager"]),
    );
    expect(row(before, "team_analytics").roles.manager).toEqual([]);
    expect(row(after, "team_analytics").roles.manager).toEqual([
      { permission: "analytics.view", level: "groups", minGroupSize: 5 },
    ]);
    expect(describeRole(en, row(after, "team_analytics"), "manager")).toBe(
      "only groups of at least 5 people",
    );
    // shares, clicks, impressions, earned media: all behind analytics.view, all follow
    for (const id of ["shares", "clicks_per_share", "estimated_impressions", "earned_media_value"] as const)
      expect(seers(after, id)).toContain("manager");
  });

  it("changes when a permission is taken away: without credit.export nobody exports statements", () => {
    const map = buildDataMap(defaults, lifetimes, withPermission("credit.export", []));
    expect(
      row(map, "credit_statements").roles.manager.map((a) => a.level === "individual" && a.condition),
    ).toEqual(["released", "correction_reports"]);
    const withExport = buildDataMap(defaults, lifetimes);
    expect(
      row(withExport, "credit_statements").roles.manager.map((a) => a.level === "individual" && a.condition),
    ).toEqual(["released", "correction_reports", "released_export"]);
  });

  it("a changed permission changes the map: every permission some category names moves its rows when taken from every role", () => {
    const base = JSON.stringify(buildDataMap(defaults, lifetimes).rows.map((r) => r.roles));
    for (const p of mappedPermissions()) {
      const without = JSON.stringify(
        buildDataMap(defaults, lifetimes, withPermission(p, [])).rows.map((r) => r.roles),
      );
      // a permission only the person's own view uses (selfPermission) changes no audience; all others must
      const audience = buildDataMap(defaults, lifetimes).rows.some((r) =>
        ROLES.some((role) => r.roles[role].some((a) => a.permission === p)),
      );
      if (audience) expect(without, p).not.toBe(base);
    }
  });

  it("names every operator command of the CLI: each shows categories of the map or is listed as not personal", () => {
    // cli/index.ts runs on import; its command table is read from the source
    const source = readFileSync(new URL("../../cli/index.ts", import.meta.url), "utf8");
    const table = /const COMMANDS[^=]*=\s*\{([\s\S]*?)\n\};/.exec(source)?.[1] ?? "";
    const commands = [...table.matchAll(/^\s*([a-z-]+): \{([^}]*)\}/gm)].flatMap(([, group, actions]) =>
      [...actions!.matchAll(/([a-z-]+):/g)].map(([, action]) => `${group} ${action}`),
    );
    expect(commands.length).toBeGreaterThan(8);
    expect(commands).toContain("credit show");
    const named = [...Object.keys(OPERATOR_COMMANDS), ...NOT_PERSONAL_COMMANDS];
    expect(commands.filter((c) => !named.includes(c))).toEqual([]);
    expect(named.filter((c) => !commands.includes(c))).toEqual([]);
    // the credit snapshot shows live figures whatever strict mode says
    const strict = buildDataMap({ ...defaults, strictMode: true }, lifetimes);
    expect(row(strict, "goal_attainment").operators).toContain("credit show");
    expect(row(strict, "failed_jobs").operators).toEqual(["member export", "job failures"]);
  });

  it("names who sees agreements, authorship, API tokens and erasures beside the person", () => {
    const map = buildDataMap(defaults, lifetimes);
    // the admin's close-periods page lists every accepted agreement by name (goals/close.server.ts)
    expect(row(map, "goal_agreements").roles.admin).toEqual([
      {
        permission: "recognition.manage",
        level: "individual",
        condition: "agreement_periods",
        logged: false,
      },
    ]);
    // the content list and history name authors and approvers for everyone who creates content
    expect(seers(map, "authorship")).toEqual(["admin", "comms_lead"]);
    expect(seers(map, "api_tokens")).toEqual(["admin"]);
    expect(seers(map, "erasures")).toEqual(["admin"]);
    // a "content" API token reads suggestions with the suggester's member id (GET /api/v1/suggestions)
    expect(row(map, "suggestions").roles.admin).toEqual([
      { permission: "tokens.manage", level: "individual", condition: "suggestions_api", logged: false },
    ]);
    // every member sees the names of active colleagues on the kudos page
    expect(row(map, "profile").roles.employee).toEqual([
      { permission: "kudos.give", level: "individual", condition: "colleague_names", logged: false },
    ]);
    expect(row(map, "billing_contact").tables).toEqual(["stripe_events"]);
    expect(seers(map, "billing_contact")).toEqual([]);
    // what each look writes to the person's access log is in the map
    const managerStatements = row(map, "credit_statements").roles.manager;
    expect(managerStatements.every((a) => a.level !== "groups" && a.logged)).toBe(true);
    expect(row(map, "points").roles.employee.every((a) => a.level !== "groups" && !a.logged)).toBe(true);
    expect(describeRole(en, row(map, "credit_statements"), "manager")).toContain(
      "only statements released to them (logged for the person)",
    );
  });

  it("names every permission that gates a category; a new permission needs a map entry or a place on the not-personal list", () => {
    const mapped = mappedPermissions();
    const notPersonal = new Set(NOT_PERSONAL_PERMISSIONS);
    const unaccounted = (Object.keys(PERMISSIONS) as Permission[]).filter(
      (p) => !mapped.has(p) && !notPersonal.has(p),
    );
    expect(unaccounted).toEqual([]);
    // and the not-personal list does not hide a permission the map uses
    expect(NOT_PERSONAL_PERMISSIONS.filter((p) => mapped.has(p))).toEqual([]);
    // the gates the rows name are real permissions
    const map = buildDataMap(defaults, lifetimes);
    for (const r of map.rows) for (const p of r.gatedBy) expect(Object.keys(PERMISSIONS)).toContain(p);
  });
});

describe("single sign-on and SCIM in the map and the papers (issue 16)", () => {
  const de: Translate = (key, vars) => createI18n("de").t(key, vars ?? {});

  it("lists the SSO binding and the directory id with storage, who sees them and how long they are kept", () => {
    const map = buildDataMap(defaults, lifetimes);
    const sso = row(map, "sso_identities");
    expect(sso.tables).toEqual(["sso_identities"]);
    expect(sso.self).toBe("export");
    // no admin page lists the bindings: nobody beside the person (and the operators' export)
    expect(seers(map, "sso_identities")).toEqual([]);
    expect(sso.operators).toEqual(["member export"]);
    const directory = row(map, "directory_ids");
    expect(directory.tables).toEqual(["memberships"]);
    // the directory reads it back through a "scim" token an admin creates
    expect(directory.roles.admin).toEqual([
      { permission: "tokens.manage", level: "individual", condition: "directory_api", logged: false },
    ]);
    expect(seers(map, "directory_ids")).toEqual(["admin"]);
    // who configured the identity provider is authorship; the SSO settings page shows no person
    expect(row(map, "authorship").tables).toContain("identity_providers");
    expect(NOT_PERSONAL_PERMISSIONS).toContain("tenant.sso");
    expect(mappedPermissions().has("tenant.sso")).toBe(false);
    for (const t of [en, de]) {
      expect(describeRetention(t, sso.retention)).not.toMatch(/dataMap\.|\{\{/);
      expect(describeRetention(t, directory.retention)).not.toMatch(/dataMap\.|\{\{/);
      expect(describeRole(t, directory, "admin")).toMatch(/scim/);
    }
    expect(describeRetention(en, sso.retention)).toContain("erased");
    expect(describeRetention(de, sso.retention)).toContain("gelöscht");
  });

  it("the processing record names the purpose, the legal basis and the encrypted client secret, in German and English", () => {
    const input = {
      companyName: "Muster GmbH",
      map: buildDataMap(defaults, lifetimes),
      generatedOn: "2026-12-06",
    };
    const deMd = paperMarkdown("processing-record", "de", input);
    const enMd = paperMarkdown("processing-record", "en", input);
    expect(deMd).toContain("Anmeldung über seinen Identitätsanbieter (Single Sign-on)");
    expect(deMd).toContain("für Single Sign-on und die Bereitstellung aus dem Verzeichnis");
    expect(deMd).toContain("Client-Secret des Identitätsanbieters verschlüsselt");
    expect(deMd).toContain("Kennung der Person beim Identitätsanbieter");
    expect(deMd).toContain("SCIM-externalId");
    expect(enMd).toContain("signing in through its identity provider (single sign-on)");
    expect(enMd).toContain("for single sign-on and provisioning from the directory");
    expect(enMd).toContain("the identity provider's client secret encrypted");
    expect(enMd).toContain("The person's id in the company's directory (SCIM externalId)");
    // the works agreement's annex carries the rows too
    expect(paperMarkdown("works-agreement", "de", input)).toContain("sso_identities");
  });
});

describe("Teams and Slack in the map and the papers (issue 17)", () => {
  const de: Translate = (key, vars) => createI18n("de").t(key, vars ?? {});
  const input = (processors: Partial<DataMapProcessors> = {}) => ({
    companyName: "Muster GmbH",
    generatedOn: "2026-12-07",
    map: buildDataMap(defaults, lifetimes, PERMISSIONS, {
      mail: "outbox",
      stripe: false,
      linkedin: false,
      linkedinPostAnalytics: false,
      teams: false,
      slack: false,
      ...processors,
    }),
  });

  it("the personal Slack digest is the person's own choice: in the app and their export, nobody else sees it, it ends with deactivation", () => {
    const map = buildDataMap(defaults, lifetimes);
    const digest = row(map, "chat_digest");
    expect(digest.tables).toEqual(["chat_digest_subscriptions"]);
    expect(digest.self).toBe("app");
    expect(digest.figure).toBe(false);
    expect(seers(map, "chat_digest")).toEqual([]);
    expect(digest.operators).toEqual(["member export"]);
    expect(describeRetention(en, digest.retention)).toBe(
      "until the person turns it off, is deactivated (also by the directory) or erased; then deleted",
    );
    expect(describeRetention(de, digest.retention)).toContain("deaktiviert");
    // who added a channel or the workspace is authorship; the integrations pages show no person
    expect(row(map, "authorship").tables).toEqual(
      expect.arrayContaining(["chat_channels", "slack_installations"]),
    );
    for (const p of ["integrations.manage", "integrations.install"] as const) {
      expect(NOT_PERSONAL_PERMISSIONS).toContain(p);
      expect(mappedPermissions().has(p)).toBe(false);
    }
  });

  it("the works agreement says what goes into channels (no figures), that the personal digest is opt-in and how Slack finds the person", () => {
    for (const kind of ["works-agreement"] as const) {
      const en = paperMarkdown(kind, "en", input());
      expect(en).toContain("Microsoft Teams and Slack:");
      expect(en).toContain(
        "Such a message contains the post's title, the comms team's note, the topics, the text suggestion, a preview image and share links; it carries no figures about anyone",
      );
      expect(en).toContain("Only members who ask for it themselves (on their own profile page)");
      expect(en).toContain("users.lookupByEmail");
      expect(en).toContain("so the address goes to the company's own workspace");
      expect(en).toContain("Neither Teams nor Slack is set up for this company.");
      const deMd = paperMarkdown(kind, "de", input());
      expect(deMd).toContain("Microsoft Teams und Slack:");
      expect(deMd).toContain("sie enthält keine Zahlen über Personen");
      expect(deMd).toContain(
        "Den Wochenüberblick als persönliche Slack-Nachricht erhält nur, wer ihn selbst bestellt",
      );
      expect(deMd).toContain("Für dieses Unternehmen ist weder Teams noch Slack eingerichtet.");
    }
    const both = paperMarkdown("works-agreement", "en", input({ teams: true, slack: true }));
    expect(both).toContain(
      "Set up for this company: Microsoft Teams and Slack. Microsoft and Slack are the company's own tools here, under its own contracts with them.",
    );
    expect(paperMarkdown("works-agreement", "de", input({ slack: true }))).toContain(
      "Für dieses Unternehmen eingerichtet: Slack. Microsoft und Slack sind dabei Werkzeuge des Unternehmens selbst",
    );
    // every paper names them among the recipients, as configured
    for (const kind of PAPERS) {
      expect(paperMarkdown(kind, "en", input({ teams: true })), kind).toContain(
        "- Microsoft Teams (Microsoft Ireland Operations Limited)",
      );
      expect(paperMarkdown(kind, "en", input({ teams: true })), kind).toContain(
        "- Slack: no workspace added; no data goes to Slack through Chorus.",
      );
    }
    expect(paperMarkdown("processing-record", "en", input())).toContain(
      "the weekly digest as a personal Slack message only for members who asked for it",
    );
  });
});

describe("data map from the tenant's settings", () => {
  it("strict mode raises a small minimum group size to the strict floor (the surfaces' own policy)", () => {
    expect(
      describeRole(
        en,
        row(buildDataMap({ ...defaults, minGroupSize: 3 }, lifetimes), "team_analytics"),
        "admin",
      ),
    ).toBe("only groups of at least 3 people");
    expect(
      describeRole(
        en,
        row(buildDataMap({ ...defaults, minGroupSize: 3, strictMode: true }, lifetimes), "team_analytics"),
        "admin",
      ),
    ).toBe(`only groups of at least ${STRICT_MIN_GROUP_SIZE} people`);
    expect(
      describeRole(
        en,
        row(buildDataMap({ ...defaults, minGroupSize: 12, strictMode: true }, lifetimes), "team_analytics"),
        "admin",
      ),
    ).toBe("only groups of at least 12 people");
  });

  it("shows the minimum group size wherever groups are shown", () => {
    const map = buildDataMap({ ...defaults, minGroupSize: 12 }, lifetimes);
    expect(describeRole(en, row(map, "team_analytics"), "admin")).toBe("only groups of at least 12 people");
    expect(describeRole(en, row(buildDataMap(defaults, lifetimes), "team_analytics"), "admin")).toBe(
      "only groups of at least 5 people",
    );
  });

  it("shows retention from the settings", () => {
    const map = buildDataMap({ ...defaults, clickRetentionDays: 30, auditRetentionMonths: 6 }, lifetimes);
    expect(describeRetention(en, row(map, "raw_click_events").retention)).toBe(
      "30 days, then only daily rollups remain",
    );
    expect(describeRetention(en, row(map, "audit_log").retention)).toBe("6 months");
    expect(describeRetention(en, row(map, "access_log").retention)).toBe("6 months");
    expect(describeRetention(en, row(buildDataMap(defaults, lifetimes), "audit_log").retention)).toBe(
      "24 months",
    );
    expect(describeRetention(en, row(map, "sessions").retention)).toBe(
      "30 days without use, at most 90 days; then deleted",
    );
    expect(describeRetention(en, row(map, "sign_in_links").retention)).toBe(
      "sign-in links are valid 10 minutes and deleted a day after use or expiry; invitations are valid 7 days and deleted 30 days after acceptance or expiry",
    );
  });

  it("automatic release shows managers the activities of reports who consented; works-council mode does not", () => {
    const employee = buildDataMap(defaults, lifetimes);
    const automatic = buildDataMap({ ...defaults, releaseMode: "automatic" }, lifetimes);
    const conditions = (m: DataMap) =>
      row(m, "goal_attainment").roles.manager.map((a) => a.level === "individual" && a.condition);
    expect(conditions(employee)).toEqual(["live_attainment"]);
    expect(conditions(automatic)).toEqual(["live_attainment", "live_all_consented"]);
    // strict mode: nothing live, whatever the release mode (goals/visibility.ts)
    expect(
      conditions(buildDataMap({ ...defaults, releaseMode: "automatic", strictMode: true }, lifetimes)),
    ).toEqual([]);
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
    expect(row(strict, "held_clicks").roles.comms_lead).toEqual([
      { permission: "content.approve", level: "unnamed", condition: "held_clicks_unnamed", logged: false },
    ]);
    expect(row(strict, "held_clicks").narrowedByStrictMode).toBe(true);
    expect(row(strict, "team_analytics").narrowedByStrictMode).toBe(false);
    // released statements stay; comms leads see groups only
    expect(
      row(strict, "credit_statements").roles.manager.map((a) => a.level === "individual" && a.condition),
    ).toContain("released");
    const commsLeadFigures = strict.rows.filter((r) => r.figure).flatMap((r) => r.roles.comms_lead);
    expect(commsLeadFigures.every((a) => a.level !== "individual")).toBe(true);
    expect(commsLeadFigures.length).toBeGreaterThan(0);
    // no one but the person sees an individual figure, except statements released to the manager (and their exports)
    const individual = strict.rows
      .filter((r) => r.figure && r.id !== "credit_statements")
      .flatMap((r) => ROLES.flatMap((role) => r.roles[role]))
      .filter((a) => a.level === "individual");
    expect(individual).toEqual([]);
  });
});

describe("papers", () => {
  const input = (settings: DataMapSettings, companyName = "Muster GmbH") => ({
    companyName,
    map: buildDataMap(settings, lifetimes),
    generatedOn: "2026-12-06",
  });

  it.each(PAPERS.flatMap((p) => (["de", "en"] as const).map((l) => [p, l] as [PaperKind, "de" | "en"])))(
    "%s in %s lists its assumed settings with their values",
    (kind, locale) => {
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
    },
  );

  it("changes with the settings", () => {
    for (const kind of PAPERS) {
      const before = paperMarkdown(kind, "en", input(defaults));
      const after = paperMarkdown(
        kind,
        "en",
        input({
          ...defaults,
          minGroupSize: 8,
          clickRetentionDays: 30,
          strictMode: true,
          releaseMode: "automatic",
        }),
      );
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
    expect(paperMarkdown("works-agreement", "en", input(defaults))).toContain(
      "A leaderboard shows only employees who expressly opted in",
    );
    // § 6's heading promises no performance control beyond released statements only when strict mode keeps that promise
    for (const [locale, promise, plain] of [
      [
        "de",
        "## § 6 Keine Leistungs- und Verhaltenskontrolle über freigegebene Nachweise hinaus",
        "## § 6 Was Führungskräfte von der Leistung sehen",
      ],
      [
        "en",
        "## 6 No performance control beyond released statements",
        "## 6 What managers see of performance",
      ],
    ] as const) {
      const off = paperMarkdown("works-agreement", locale, input(defaults));
      const on = paperMarkdown("works-agreement", locale, input({ ...defaults, strictMode: true }));
      expect(off).not.toContain(promise);
      expect(off).toContain(plain);
      expect(off).toContain(
        locale === "de"
          ? "folgende Rollen die Zielerreichung ihrer direkten Mitarbeitenden"
          : "these roles see their direct reports' attainment",
      );
      expect(on).toContain(promise);
      expect(on).not.toContain(plain);
    }
    expect(paperMarkdown("works-agreement", "en", input(defaults))).toContain(
      "count up to 5 a week and earn points",
    );
    expect(
      paperMarkdown(
        "works-agreement",
        "en",
        input({ ...defaults, selfReportedSharesEarnPoints: false, selfReportedWeeklyCap: 2 }),
      ),
    ).toContain("count up to 2 a week toward goal agreements but earn no points");
    expect(
      paperMarkdown("works-agreement", "de", input({ ...defaults, selfReportedWeeklyCap: 0 })),
    ).toContain("Selbst gemeldete Beiträge (ohne Bestätigung durch das Netzwerk) zählen nicht.");
  });

  it("each assumed setting changes each paper, and the works agreement's text relies on every one of them", () => {
    const changed: Record<keyof DataMapSettings, DataMapSettings[keyof DataMapSettings]> = {
      releaseMode: "automatic",
      selfReportedSharesEarnPoints: false,
      selfReportedWeeklyCap: 2,
      minGroupSize: 11,
      clickRetentionDays: 14,
      auditRetentionMonths: 7,
      strictMode: true,
    };
    // every setting the map reads is a setting the papers assume
    expect(assumedSettings(defaults).length).toBe(Object.keys(defaults).length);
    expect(Object.keys(changed).sort()).toEqual(Object.keys(defaults).sort());
    const body = (md: string) => md.split(/\n## (?:Annex|Anlage|Assumed settings|Angenommene)/)[0];
    for (const [key, value] of Object.entries(changed)) {
      const settings = { ...defaults, [key]: value } as DataMapSettings;
      for (const kind of PAPERS)
        for (const locale of ["de", "en"] as const) {
          const before = paperMarkdown(kind, locale, input(defaults));
          const after = paperMarkdown(kind, locale, input(settings));
          expect(after, `${kind} ${locale} ${key}`).not.toBe(before);
          const stored = assumedSettings(settings).find(
            (s) =>
              s.value === value && assumedSettings(defaults).find((d) => d.name === s.name)?.value !== value,
          )!;
          expect(after).toContain(`- ${stored.name} = ${String(value)} (`);
        }
      expect(body(paperMarkdown("works-agreement", "de", input(settings))), key).not.toBe(
        body(paperMarkdown("works-agreement", "de", input(defaults))),
      );
      expect(body(paperMarkdown("works-agreement", "en", input(settings))), key).not.toBe(
        body(paperMarkdown("works-agreement", "en", input(defaults))),
      );
    }
  });

  it("names the processors this installation is configured with (Resend, Stripe, LinkedIn) and marks them as assumed", () => {
    const none = {
      companyName: "Muster GmbH",
      generatedOn: "2026-12-06",
      map: buildDataMap(defaults, lifetimes),
    };
    const all: DataMapProcessors = {
      mail: "resend",
      stripe: true,
      linkedin: true,
      linkedinPostAnalytics: true,
      teams: true,
      slack: true,
    };
    const configured = { ...none, map: buildDataMap(defaults, lifetimes, PERMISSIONS, all) };
    for (const kind of PAPERS) {
      const off = paperMarkdown(kind, "en", none);
      const on = paperMarkdown(kind, "en", configured);
      expect(off, kind).toContain("no external delivery service configured");
      expect(off).toContain("LinkedIn: not configured for this company");
      expect(off).toContain("Billing: none through Chorus");
      expect(off).toContain("- RESEND_API_KEY = unset");
      expect(on, kind).toContain("Resend (Resend, Inc., USA)");
      expect(on).toContain("Stripe (Stripe Payments Europe");
      expect(on).toContain("posting on their behalf and reading their posts' analytics");
      expect(on).toContain("- RESEND_API_KEY = set");
      expect(on).toContain("- STRIPE_SECRET_KEY = set");
      expect(on).toContain("- linkedin_apps.enabled = true");
      expect(paperMarkdown(kind, "de", configured)).toContain("Resend (Resend, Inc., USA)");
      // Teams and Slack: the company's own tools, named only when set up
      expect(off).toContain("- Microsoft Teams: no channel set up; no data goes to Teams through Chorus.");
      expect(off).toContain("- Slack: no workspace added; no data goes to Slack through Chorus.");
      expect(off).toContain("- chat_channels (Microsoft Teams) = false");
      expect(on).toContain(
        "- Microsoft Teams (Microsoft Ireland Operations Limited), the company's own Microsoft 365",
      );
      expect(on).toContain(
        "- Slack (Slack Technologies Limited, Ireland), the company's own Slack workspace",
      );
      expect(on).toContain("their e-mail address (to find their Slack account)");
      expect(on).toContain("- slack_installations (live) = true");
      expect(paperMarkdown(kind, "de", configured)).toContain("der Slack-Workspace des Unternehmens selbst");
    }
    const record = paperMarkdown("processing-record", "en", configured);
    expect(record).toContain("Resend (USA)");
    expect(record).toContain("## Data subject rights");
    expect(record).toContain('on the page "My data"');
    expect(record).toContain(
      "- Operators (the server's command line): credit show: one person's live figures",
    );
  });

  it("states the group floor in force: strict mode raises a small minimum group size in the papers too", () => {
    for (const kind of PAPERS) {
      const md = paperMarkdown(kind, "en", input({ ...defaults, minGroupSize: 3, strictMode: true }));
      const body = md.split("\n## Assumed settings")[0]!;
      expect(body, kind).toContain(`at least ${STRICT_MIN_GROUP_SIZE} people`);
      expect(body, kind).not.toContain("at least 3 people");
      expect(md).toContain("- reach_settings.min_group_size = 3 (");
    }
    expect(paperMarkdown("works-agreement", "en", input({ ...defaults, minGroupSize: 3 }))).toContain(
      "groups of at least 3 people",
    );
  });

  it("says that deactivation deletes nothing: personal data is kept until an erasure, and the works agreement sets a period for it", () => {
    const map = buildDataMap(defaults, lifetimes);
    for (const id of ["profile", "points", "credit_statements", "shares"] as const)
      expect(describeRetention(en, row(map, id).retention), id).toMatch(/deactivation keeps (it|them)/);
    expect(paperMarkdown("works-agreement", "en", input(defaults))).toContain(
      "When someone leaves the company, Chorus deletes nothing by itself",
    );
    expect(paperMarkdown("works-agreement", "de", input(defaults))).toContain(
      "Beim Ausscheiden aus dem Unternehmen löscht Chorus nichts von selbst",
    );
  });

  it("says what happens to LinkedIn grants as the code does it: revoked at LinkedIn by deactivation and erasure (opt-out keeps them)", () => {
    const map = buildDataMap(defaults, lifetimes, PERMISSIONS, {
      mail: "outbox",
      stripe: false,
      linkedin: true,
      linkedinPostAnalytics: false,
      teams: false,
      slack: false,
    });
    expect(describeRetention(en, row(map, "linkedin_tokens").retention)).toBe(
      "until the person disconnects (deleted here, not revoked at LinkedIn), is deactivated or erased (revoked at LinkedIn and deleted); leaving the programme keeps it",
    );
    for (const kind of PAPERS) {
      const md = paperMarkdown(kind, "en", { companyName: "Muster GmbH", map, generatedOn: "2026-12-06" });
      expect(md, kind).not.toMatch(/revoked (on leaving|when they disconnect, leave)/);
      expect(md).toContain(
        "deactivation (also through the directory, SCIM) and erasure revoke it at LinkedIn and delete it. Leaving the programme keeps it.",
      );
    }
    expect(
      paperMarkdown("dpia", "de", { companyName: "Muster GmbH", map, generatedOn: "2026-12-06" }),
    ).not.toContain("bei Austritt widerrufen");
  });

  it("states how shares are labelled, escapes the admins' labels, and assumes them", () => {
    const labelled = (incentivised: boolean, label = "#Werbung") => ({
      companyName: "Muster GmbH",
      generatedOn: "2026-12-06",
      map: buildDataMap(defaults, lifetimes, PERMISSIONS, undefined, {
        labels: [{ network: "linkedin", language: "de", label }],
        fallback: "#Mitarbeiter",
        incentivised,
      }),
    });
    const de = paperMarkdown("works-agreement", "de", labelled(true));
    expect(de).toContain(
      "Chorus fügt geteilten Beiträgen automatisch das Kennzeichen des Unternehmens ein: LinkedIn (de): #Werbung; sonst #Mitarbeiter.",
    );
    expect(de).toContain("§ 5a Abs. 4 UWG");
    expect(de).toContain("- disclosure_labels.linkedin.de = #Werbung");
    expect(de).toContain("- tenants.share_disclosure = #Mitarbeiter");
    expect(de).toContain("- shares rewarded (points rules or goal agreements in force) = true");
    const unrewarded = paperMarkdown("works-agreement", "en", labelled(false));
    expect(unrewarded).toContain("Shares are not rewarded at present");
    expect(unrewarded).toContain("- shares rewarded (points rules or goal agreements in force) = false");
    for (const kind of PAPERS) {
      expect(paperMarkdown(kind, "en", labelled(true, "#Anzeige")), kind).not.toBe(
        paperMarkdown(kind, "en", labelled(true)),
      );
      expect(paperMarkdown(kind, "en", labelled(false)), kind).not.toBe(
        paperMarkdown(kind, "en", labelled(true)),
      );
    }
    expect(paperMarkdown("works-agreement", "en", input(defaults))).toContain(
      "No label for shared posts is configured.",
    );
    // a label is typed by an admin: its markup stays text on the page
    const hostile = paperMarkdown(
      "works-agreement",
      "en",
      labelled(true, "*#ad* [x](https://evil.test) <b>x</b>"),
    );
    const html = renderToString(createElement(Markdown, { source: hostile }));
    expect(html).not.toContain('href="https://evil.test"');
    expect(html).not.toContain("<b>x</b>");
    expect(html).not.toContain("<em>#ad</em>");
  });

  it("promises an access log only where the code writes one: the leaderboard and held-back clicks are not logged", () => {
    const agreement = paperMarkdown("works-agreement", "en", input(defaults));
    expect(agreement).not.toContain("Every view of a person's figures by someone else is logged");
    const [loggedPart, unloggedPart] = agreement.split("Not written to the access log:");
    expect(loggedPart).toContain(
      "- Manager: Credit statements — own direct reports: only statements released to them",
    );
    expect(unloggedPart).toContain(
      "- Employee: Points — only people who opted in to the leaderboard, by name",
    );
    expect(unloggedPart).toContain("- Comms lead: Held-back clicks — with the sharer's name");
    expect(agreement).toContain(
      "look-ups of one person on the command line (credit show, member export, member erase) are written to the audit log",
    );
    // strict mode: the leaderboard and named held clicks are gone from the unlogged list
    const strict = paperMarkdown("works-agreement", "en", input({ ...defaults, strictMode: true }));
    expect(strict).not.toContain("- Employee: Points");
    expect(strict).toContain("- Comms lead: Held-back clicks — the click pattern");
    expect(paperMarkdown("works-agreement", "de", input(defaults))).toContain(
      "Nicht im Zugriffsprotokoll vermerkt werden:",
    );
    expect(paperMarkdown("dpia", "en", input(defaults))).toContain(
      "Not logged: Comms lead: Held-back clicks",
    );
    // the DPIA's purpose limitation names the leaderboard and held-back clicks beside managers
    expect(paperMarkdown("dpia", "en", input(defaults))).toContain(
      "points and leaderboard rank only of people who opted in; held-back clicks with names for review (Comms lead).",
    );
    expect(paperMarkdown("dpia", "en", input({ ...defaults, strictMode: true }))).toContain(
      "individual figures only for the person, managers only released statements (strict works-council mode).",
    );
  });

  it("covers what a works agreement must: voluntariness, no disadvantage, purposes, measures, groups, no performance control, retention, rights, strict mode", () => {
    for (const locale of ["de", "en"] as const) {
      const md = paperMarkdown("works-agreement", locale, input(defaults));
      const must =
        locale === "de"
          ? [
              "## § 2 Zwecke",
              "## § 3 Freiwilligkeit",
              "keinerlei Nachteile",
              "## § 4 Erfasste Daten",
              "Gruppen ab 5 Personen",
              "## § 6 Was Führungskräfte von der Leistung sehen",
              "Arbeitsrechtliche Maßnahmen dürfen nicht auf Daten aus Chorus gestützt werden",
              "## § 7 Aufbewahrung",
              "„Meine Daten“",
              "Löschung (Art. 17 DSGVO): Ein Admin",
              "strenge Betriebsratsmodus",
            ]
          : [
              "## 2 Purposes",
              "## 3 Voluntariness",
              "no disadvantage",
              "## 4 What is measured",
              "groups of at least 5 people",
              "## 6 What managers see of performance",
              "No employment measure may rest on data from Chorus",
              "## 7 Retention",
              '"My data"',
              "Erasure (Art. 17 GDPR): an admin",
              "Strict works-council mode",
            ];
      for (const text of must) expect(md, `${locale}: ${text}`).toContain(text);
    }
  });

  it("follows the permission table: the processing record's recipients come from it", () => {
    const base = { companyName: "Muster GmbH", generatedOn: "2026-12-06" };
    const normal = paperMarkdown("processing-record", "en", {
      ...base,
      map: buildDataMap(defaults, lifetimes),
    });
    const granted = paperMarkdown("processing-record", "en", {
      ...base,
      map: buildDataMap(
        defaults,
        lifetimes,
        withPermission("analytics.view", ["admin", "comms_lead", "manager"]),
      ),
    });
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
    const html = renderToString(
      createElement(Markdown, {
        source: paperMarkdown("dpia", "en", input(defaults, "# 1. [x](https://evil.test) *GmbH*")),
      }),
    );
    expect(html).not.toContain('evil.test"');
    expect(html).not.toContain("<em>GmbH</em>");
    expect(html).toContain("# 1. [x](https://evil.test) *GmbH* runs a voluntary");
    expect(paperMarkdown("dpia", "en", input(defaults, "Müller-Lüdenscheid GmbH"))).toContain(
      "Müller-Lüdenscheid GmbH runs a voluntary",
    );
    const numbered = renderToString(
      createElement(Markdown, {
        source: paperMarkdown("dpia", "en", input(defaults, "1. FC Beispiel e.V.")),
      }),
    );
    expect(numbered).toContain("<p>1. FC Beispiel e.V. runs a voluntary");
  });
});

describe("pages render", () => {
  const tenantData = {
    tenant: { id: "t", slug: "acme", name: "Acme", defaultLocale: "de", timeZone: "Europe/Berlin" },
    member: { id: "m1", name: "Anna", roles: ["employee"] },
    permissions: [],
    otherTenants: false,
    billing: null,
  };
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
      createElement(
        I18nextProvider,
        { i18n: createI18n(locale) },
        createElement(Stub, {
          initialEntries: ["/t/acme/page"],
          hydrationData: { loaderData: { "routes/tenant": tenantData, page: loaderData } },
        }),
      ),
    );
  }

  it.each(["de", "en"] as const)(
    "the data map page in %s: a captioned table with column and row headers, every text translated",
    (locale) => {
      const map = buildDataMap({ ...defaults, minGroupSize: 7 }, lifetimes);
      const html = render(PrivacyPage as never, { map }, locale);
      expect(html).toContain("<caption>");
      expect(html).toContain('scope="col"');
      expect((html.match(/data-category="/g) ?? []).length).toBe(DATA_CATEGORIES.length);
      // two captioned tables (who sees it; where and how long) plus the settings, each row with a row header
      expect((html.match(/<caption/g) ?? []).length).toBe(3);
      expect((html.match(/scope="row"/g) ?? []).length).toBe(2 * DATA_CATEGORIES.length + 8);
      expect(html).toContain(
        locale === "de" ? "nur Gruppen ab 7 Personen" : "only groups of at least 7 people",
      );
      expect(html).toContain('href="/t/acme/privacy/works-agreement/download?format=pdf"');
      // the operators' commands that hand out one person's data
      expect(html).toContain('data-testid="operators"');
      expect(html).toContain("<code>credit show</code>");
      expect(html).not.toMatch(/dataMap\.|roles\.[a-z]/);
    },
  );

  it("the paper page shows the Markdown rendered under one h1, with downloads and the other language", () => {
    const markdown = paperMarkdown("dpia", "en", {
      companyName: "Acme",
      map: buildDataMap(defaults, lifetimes),
      generatedOn: "2026-12-06",
    });
    const html = render(
      PaperPage as never,
      {
        paper: "dpia",
        locale: "en",
        title: "Data protection impact assessment (outline, Art. 35 GDPR)",
        markdown,
      },
      "en",
    );
    expect((html.match(/<h1/g) ?? []).length).toBe(1);
    expect(html).toContain("<h2>1 Description of the processing</h2>");
    expect(html).toContain('href="/t/acme/privacy/dpia/download?format=pdf&amp;lang=en"');
    expect(html).toContain('href="/t/acme/privacy/dpia?lang=de"');
  });
});

describe("paper PDF", () => {
  it("does not fail on characters Helvetica cannot draw (emoji, ő, CJK, RTL) or on markup in the company name", async () => {
    const company =
      "Kőbányai 🚀 Zrt. <script>alert(1)</script> **bold** 株式会社 שלום \u200d\u{1F469}\u200d\u{1F4BB}";
    for (const kind of PAPERS) {
      const map = buildDataMap(defaults, lifetimes, PERMISSIONS, undefined, {
        labels: [{ network: "x", language: "de", label: "🚀 #Wérbung ő <i>" }],
        fallback: "**#ad**",
        incentivised: true,
      });
      const md = paperMarkdown(kind, "de", { companyName: company, map, generatedOn: "2026-12-06" });
      const bytes = await paperPdf(md, `Papier ${company}`, "de", `Papier · ${company} · 2026-12-06`);
      const doc = await PDFDocument.load(bytes);
      expect(doc.getPageCount()).toBeGreaterThan(1);
      // ő folds to o, what cannot be folded becomes "?"
      expect(doc.getTitle()).toContain("Kobányai ? Zrt.");
    }
    // and the page shows the name as text, never as markup
    const html = renderToString(
      createElement(Markdown, {
        source: paperMarkdown("dpia", "en", {
          companyName: company,
          map: buildDataMap(defaults, lifetimes),
          generatedOn: "2026-12-06",
        }),
      }),
    );
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<strong>bold</strong>");
  });

  it("drops inline markup and keeps escaped characters as text", () => {
    expect(plainInline("**Punkte**: *nur* mit [Link](https://example.test) und 1\\. FC \\*")).toBe(
      "Punkte: nur mit Link (https://example.test) und 1. FC *",
    );
  });

  it("lays a long paper out over several A4 pages with its title", async () => {
    const md = paperMarkdown("works-agreement", "de", {
      companyName: "Müller & Łukasz GmbH",
      map: buildDataMap(defaults, lifetimes),
      generatedOn: "2026-12-06",
    });
    const bytes = await paperPdf(
      md,
      "Betriebsvereinbarung (Entwurf)",
      "de",
      "Betriebsvereinbarung · Müller & Łukasz GmbH · 2026-12-06",
    );
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThan(2);
    expect(doc.getTitle()).toBe("Betriebsvereinbarung (Entwurf)");
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });
  });
});
