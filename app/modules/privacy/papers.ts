import { z } from "zod";
import { LOCALES, ROLES, type Locale, type Role } from "~/db/schema.ts";
import { createI18n } from "~/app/lib/i18n/resources.ts";
import {
  assumedDisclosure,
  assumedProcessors,
  assumedSettings,
  describeAccess,
  describeRetention,
  describeRole,
  describeSettings,
  type Access,
  type DataCategory,
  type DataMap,
  type DataMapRow,
  type OperatorCommand,
  type Translate,
  OPERATOR_COMMANDS,
} from "~/app/modules/privacy/data-map.ts";

/**
 * The papers a works council and a data protection officer ask for, as Markdown in German or
 * English, filled from the tenant's configuration and its data map: a works agreement draft
 * (Betriebsvereinbarung, BetrVG §87(1) Nr. 6), a record of processing activities entry (Art. 30
 * GDPR) and a DPIA outline (Art. 35 GDPR). Each ends with the settings it assumed and their values,
 * so a changed setting changes the paper. Drafts: counsel reviews them before anyone signs.
 *
 * Only the Markdown subset app/ui/markdown.tsx renders is used (headings, paragraphs, lists,
 * bold, italic): no tables.
 */

export const PAPERS = ["works-agreement", "processing-record", "dpia"] as const;
export type PaperKind = (typeof PAPERS)[number];
export const PaperParam = z.enum(PAPERS);
/** ?format and ?lang of a paper's page (html) and its download (md, pdf). */
export const PaperQuery = z.object({
  format: z.enum(["html", "md", "pdf"]).default("html"),
  lang: z.enum(LOCALES).optional(),
});
export type PaperQuery = z.infer<typeof PaperQuery>;

export interface PaperInput {
  companyName: string;
  map: DataMap;
  /** the day the paper was generated, YYYY-MM-DD */
  generatedOn: string;
}

/**
 * Text safe inside Markdown: inline markup (emphasis, links, code) is escaped everywhere, and a
 * heading or list marker at the start, so "Müller-Lüdenscheid GmbH" stays readable in the file.
 */
export function escapeMarkdown(text: string): string {
  return escapeInline(text)
    .replace(/^[#+-]/, (c) => `\\${c}`)
    .replace(/^(\d+)([.)])/, "$1\\$2");
}

/** Text safe in the middle of a Markdown line (a label after a colon): inline markup escaped, "#Werbung" kept as typed. */
export function escapeInline(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\\*_[\]`]/g, (c) => `\\${c}`);
}

export function paperTitle(kind: PaperKind, locale: Locale): string {
  return translator(locale)(`dataMap.papers.${kind}`);
}

export function paperFilename(kind: PaperKind, locale: Locale, ext: "md" | "pdf"): string {
  return `chorus-${kind}-${locale}.${ext}`;
}

function translator(locale: Locale): Translate {
  const i18n = createI18n(locale);
  return (key, vars) => i18n.t(key, vars ?? {});
}

interface Ctx {
  locale: Locale;
  t: Translate;
  company: string;
  map: DataMap;
  row(id: DataCategory): DataMapRow;
  /** the roles that see something of other people in this row (at this level), in words ("Admin, Comms lead"), or null */
  rolesSeeing(id: DataCategory, level?: Access["level"]): string | null;
  roleName(role: Role): string;
}

function context(locale: Locale, input: PaperInput): Ctx {
  const t = translator(locale);
  const row = (id: DataCategory) => {
    const found = input.map.rows.find((r) => r.id === id);
    if (!found) throw new Error(`data map without ${id}`);
    return found;
  };
  const roleName = (role: Role) => t(`roles.${role}`);
  const rolesSeeing = (id: DataCategory, level?: Access["level"]) => {
    const r = row(id);
    const roles = ROLES.filter((role) => r.roles[role].some((a) => level === undefined || a.level === level));
    return roles.length === 0 ? null : roles.map(roleName).join(", ");
  };
  return {
    locale,
    t,
    company: escapeMarkdown(input.companyName),
    map: input.map,
    row,
    rolesSeeing,
    roleName,
  };
}

/** The data map as one list item per category (the renderer has no tables). */
function dataMapList(c: Ctx): string[] {
  const de = c.locale === "de";
  return c.map.rows.map((r) => {
    const others = ROLES.filter((role) => r.roles[role].length > 0).map(
      (role) => `${c.roleName(role)}: ${describeRole(c.t, r, role)}`,
    );
    const parts = [
      `${de ? "gespeichert in" : "stored in"} ${r.tables.join(", ")}`,
      `${c.t("dataMap.columns.self")}: ${c.t(`dataMap.self.${r.self}`)}`,
      others.length > 0 ? others.join("; ") : de ? "sonst niemand" : "nobody else",
      `${c.t("dataMap.columns.kept")}: ${describeRetention(c.t, r.retention)}`,
    ];
    if (r.narrowedByStrictMode) parts.push(c.t("dataMap.strictNarrowed"));
    return `- **${c.t(`dataMap.categories.${r.id}`)}**: ${parts.join(" · ")}`;
  });
}

/** "Assumed settings": exactly the stored settings the paper relied on, with their values, and the lifetimes fixed in code. */
function assumedSection(c: Ctx): string[] {
  const de = c.locale === "de";
  const labels = describeSettings(c.t, c.map.settings);
  const stored = assumedSettings(c.map.settings).map(
    (s, i) => `- ${s.name} = ${String(s.value)} (${labels[i]?.[0] ?? ""}: ${labels[i]?.[1] ?? ""})`,
  );
  const l = c.map.lifetimes;
  return [
    de ? "## Angenommene Einstellungen" : "## Assumed settings",
    de
      ? "Dieses Dokument beruht auf den folgenden Einstellungen des Mandanten zum Zeitpunkt der Erstellung. Ändert sich eine davon, ist das Dokument neu zu erzeugen und erneut zu prüfen."
      : "This document relies on the following tenant settings as they were when it was generated. If any of them changes, generate the document again and review it again.",
    "",
    ...stored,
    `- ${de ? "Bestenliste" : "Leaderboard"}: ${c.t("dataMap.settings.leaderboardRule")}`,
    "",
    de
      ? "Konfiguration dieser Installation (Empfänger außerhalb des Unternehmens):"
      : "Configuration of this installation (recipients outside the company):",
    "",
    ...assumedProcessors(c.map.processors).map((p) => `- ${p.name} = ${String(p.value)}`),
    "",
    de ? "Kennzeichnung geteilter Beiträge:" : "Labelling of shares:",
    "",
    ...assumedDisclosure(c.map.disclosure).map(
      (d) => `- ${d.name} = ${typeof d.value === "string" ? escapeInline(d.value) || "—" : String(d.value)}`,
    ),
    "",
    de ? "In der Software fest vorgegeben:" : "Fixed in the software:",
    "",
    `- ${de ? "Sitzungen" : "Sessions"}: ${c.t("dataMap.retention.sessions", { idle: l.sessionIdleDays, absolute: l.sessionAbsoluteDays })}`,
    `- ${de ? "Anmeldelinks und Einladungen" : "Sign-in links and invitations"}: ${c.t("dataMap.retention.sign_in", { minutes: l.signInLinkMinutes, count: l.signInGraceDays, days: l.invitationDays, inviteGrace: l.invitationGraceDays })}`,
    `- ${de ? "Schlüssel der eigenen IP-Adresse" : "Keys of one's own IP address"}: ${c.t("dataMap.retention.member_ip_days", { days: l.memberIpKeyDays })}`,
    `- ${de ? "Fehlgeschlagene Hintergrundaufgaben" : "Failed background jobs"}: ${c.t("dataMap.retention.failed_job_days", { days: l.failedJobDays })}`,
    `- ${de ? "Datenexporte" : "Data exports"}: ${c.t("dataMap.retention.export_days", { days: l.dataExportDays })}`,
  ];
}

function header(c: Ctx, kind: PaperKind, generatedOn: string): string[] {
  const de = c.locale === "de";
  return [
    `# ${c.t(`dataMap.papers.${kind}`)}`,
    `**${c.t("dataMap.draftNotice")}**`,
    "",
    de
      ? `Unternehmen: ${c.company}. Erzeugt am ${generatedOn} von Chorus.`
      : `Company: ${c.company}. Generated on ${generatedOn} by Chorus.`,
    "",
  ];
}

/** The group floor in force: the one the map's group audiences carry (strict mode raises a small setting), else the setting. */
function effectiveMinGroupSize(c: Ctx): number {
  for (const r of c.map.rows)
    for (const role of ROLES) for (const a of r.roles[role]) if (a.level === "groups") return a.minGroupSize;
  return c.map.settings.minGroupSize;
}

/** Facts the papers state in prose, each read from the map (not from the settings directly where the map decides). */
function facts(c: Ctx) {
  const s = c.map.settings;
  return {
    // the minimum the surfaces enforce (strict mode raises a small one), as the map shows it
    n: effectiveMinGroupSize(c),
    strict: s.strictMode,
    automatic: s.releaseMode === "automatic",
    analytics: c.rolesSeeing("team_analytics"),
    liveAttainment: c.rolesSeeing("goal_attainment"),
    statements: c.rolesSeeing("credit_statements"),
    leaderboard: c.rolesSeeing("leaderboard_rank") !== null,
    heldClicks: c.rolesSeeing("held_clicks", "individual"),
    heldClicksUnnamed: c.rolesSeeing("held_clicks", "unnamed"),
    clicks: s.clickRetentionDays,
    selfReportedPoints: s.selfReportedSharesEarnPoints,
    weeklyCap: s.selfReportedWeeklyCap,
    audit: s.auditRetentionMonths,
  };
}

/**
 * Who sees one person's figures, split by whether the code writes each look to the person's access
 * log (Access.logged), as "Role: category — condition" items. Read from the map, so a paper never
 * promises a log the code does not write.
 */
function looks(c: Ctx): { logged: string[]; unlogged: string[] } {
  const logged: string[] = [];
  const unlogged: string[] = [];
  for (const r of c.map.rows.filter((row) => row.figure)) {
    for (const role of ROLES) {
      for (const a of r.roles[role]) {
        if (a.level === "groups") continue;
        const item = `${c.roleName(role)}: ${c.t(`dataMap.categories.${r.id}`)} — ${describeAccess(c.t, { ...a, logged: false })}`;
        (a.logged ? logged : unlogged).push(item);
      }
    }
  }
  return { logged, unlogged };
}

/** The access-log promise, as the code keeps it: which looks are logged, which are not, and the operators. */
function loggingLines(c: Ctx): string[] {
  const de = c.locale === "de";
  const { logged, unlogged } = looks(c);
  return [
    logged.length > 0
      ? de
        ? "Folgende Zugriffe auf Zahlen einer Person werden in ihrem Zugriffsprotokoll („Wer meine Zahlen angesehen hat“) vermerkt und ihr angezeigt:"
        : 'These looks at a person\'s figures are written to their access log ("Who looked at my figures") and shown to them:'
      : de
        ? "Kein Zugriff anderer auf Zahlen einer Person wird im Zugriffsprotokoll vermerkt."
        : "No look by others at a person's figures is written to the access log.",
    "",
    ...logged.map((l) => `- ${l}`),
    "",
    ...(unlogged.length > 0
      ? [
          de ? "Nicht im Zugriffsprotokoll vermerkt werden:" : "Not written to the access log:",
          "",
          ...unlogged.map((l) => `- ${l}`),
          "",
        ]
      : []),
    de
      ? `Wer den Server betreibt, kann die Datenbank lesen; Abrufe einzelner Personen über die Kommandozeile (${OPERATOR_LOGGED.join(", ")}) werden im Audit-Log vermerkt, das Teil des Datenexports der Person ist.`
      : `Whoever runs the server can read the database; look-ups of one person on the command line (${OPERATOR_LOGGED.join(", ")}) are written to the audit log, which is part of the person's data export.`,
  ];
}

/** loggingLines in one list item, for the DPIA's measures. */
function loggingSummary(c: Ctx): string {
  const de = c.locale === "de";
  const { logged, unlogged } = looks(c);
  const none = de ? "keine" : "none";
  return de
    ? `- Zugriffsprotokoll der Person („Wer meine Zahlen angesehen hat“) für: ${logged.join("; ") || none}. Nicht protokolliert: ${unlogged.join("; ") || none}. Abrufe des Betriebs (${OPERATOR_LOGGED.join(", ")}) im Audit-Log.`
    : `- The person's access log ("Who looked at my figures") for: ${logged.join("; ") || none}. Not logged: ${unlogged.join("; ") || none}. Operators' look-ups (${OPERATOR_LOGGED.join(", ")}) in the audit log.`;
}

/** The operators' commands that write an audit event naming the person (cli/commands/credit.ts, privacy/export-requests, erase-member). */
const OPERATOR_LOGGED = ["credit show", "member export", "member erase"] as const;

/** The recipients outside the company, as this installation is configured (DataMap.processors). */
function processorLines(c: Ctx): string[] {
  const de = c.locale === "de";
  const p = c.map.processors;
  return [
    de
      ? "- Betreiber von Chorus (Hosting) als Auftragsverarbeiter [Name, AV-Vertrag]."
      : "- The operator of Chorus (hosting) as processor [name, data processing agreement].",
    p.mail === "resend"
      ? de
        ? "- E-Mail-Versand: Resend (Resend, Inc., USA) erhält Adresse und Namen der Empfängerinnen und Empfänger und den Inhalt der Mails (Anmeldelinks, Einladungen, Wochenüberblick, Datenexport-Links) [AV-Vertrag, Garantien für die Übermittlung in die USA]."
        : "- Email delivery: Resend (Resend, Inc., USA) receives recipients' addresses and names and the mails' content (sign-in links, invitations, weekly digest, data export links) [data processing agreement, safeguards for the transfer to the USA]."
      : de
        ? "- E-Mail: kein externer Versanddienst eingerichtet (Mails werden auf dem Server als Dateien abgelegt); bei Einrichtung eines Dienstes zu ergänzen."
        : "- Email: no external delivery service configured (mails are written to files on the server); complete when one is configured.",
    p.stripe
      ? de
        ? "- Abrechnung: Stripe (Stripe Payments Europe, Ltd., Irland) erhält die Rechnungsdaten des Unternehmens und den bei Stripe eingegebenen Rechnungskontakt; keine Daten der Beschäftigten außer der Anzahl der Plätze."
        : "- Billing: Stripe (Stripe Payments Europe, Ltd., Ireland) receives the company's billing data and the billing contact entered at Stripe; no employees' data beyond the number of seats."
      : de
        ? "- Abrechnung: über Chorus keine (Stripe nicht eingerichtet)."
        : "- Billing: none through Chorus (Stripe not configured).",
    p.linkedin
      ? de
        ? `- LinkedIn (LinkedIn Ireland Unlimited Company), nur für Mitglieder, die ihr Konto verbinden: Veröffentlichen in ihrem Namen${p.linkedinPostAnalytics ? " und Abruf der Statistiken ihrer Beiträge" : ""}; trennt die Person die Verbindung, löscht Chorus den Zugang (bei LinkedIn widerruft sie ihn in ihren Einstellungen); bei Deaktivierung (auch über das Verzeichnis, SCIM) und Löschung widerruft Chorus ihn bei LinkedIn und löscht ihn. Austritt aus dem Programm lässt ihn bestehen.`
        : `- LinkedIn (LinkedIn Ireland Unlimited Company), only for members who connect their account: posting on their behalf${p.linkedinPostAnalytics ? " and reading their posts' analytics" : ""}; when the person disconnects, Chorus deletes the grant (they revoke it at LinkedIn in their settings); deactivation (also through the directory, SCIM) and erasure revoke it at LinkedIn and delete it. Leaving the programme keeps it.`
      : de
        ? "- LinkedIn: für dieses Unternehmen nicht eingerichtet; über Chorus gehen keine Daten an LinkedIn."
        : "- LinkedIn: not configured for this company; no data goes to LinkedIn through Chorus.",
    p.teams
      ? de
        ? "- Microsoft Teams (Microsoft Ireland Operations Limited), das Microsoft 365 des Unternehmens selbst: erhält über einen Workflow des Unternehmens die Nachrichten in die gewählten Kanäle (Beiträge zum Teilen, Wochenüberblick); darin keine Zahlen über Personen [Vertrag des Unternehmens mit Microsoft]."
        : "- Microsoft Teams (Microsoft Ireland Operations Limited), the company's own Microsoft 365: receives the messages to the chosen channels (posts to share, weekly digest) through a workflow of the company's; no figures about anyone in them [the company's own contract with Microsoft]."
      : de
        ? "- Microsoft Teams: kein Kanal eingerichtet; über Chorus gehen keine Daten an Teams."
        : "- Microsoft Teams: no channel set up; no data goes to Teams through Chorus.",
    p.slack
      ? de
        ? "- Slack (Slack Technologies Limited, Irland), der Slack-Workspace des Unternehmens selbst: erhält die Nachrichten in die gewählten Kanäle und, nur für Mitglieder, die den Wochenüberblick als persönliche Nachricht bestellt haben, ihre E-Mail-Adresse (um ihr Slack-Konto zu finden) und den Überblick; bei „/chorus“ nennt Slack die Person, und Chorus liest ihre E-Mail-Adresse bei Slack, um sie ihrer Mitgliedschaft zuzuordnen [Vertrag des Unternehmens mit Slack]."
        : "- Slack (Slack Technologies Limited, Ireland), the company's own Slack workspace: receives the messages to the chosen channels and, only for members who asked for the weekly digest as a personal message, their e-mail address (to find their Slack account) and the digest; with \"/chorus\" Slack names the person and Chorus reads their e-mail address at Slack to match them to their membership [the company's own contract with Slack]."
      : de
        ? "- Slack: kein Workspace hinzugefügt; über Chorus gehen keine Daten an Slack."
        : "- Slack: no workspace added; no data goes to Slack through Chorus.",
    c.rolesSeeing("credit_statements") &&
    c.map.rows.some(
      (r) =>
        r.id === "credit_statements" &&
        ROLES.some((role) =>
          r.roles[role].some((a) => a.level !== "groups" && a.condition === "released_api"),
        ),
    )
      ? de
        ? "- HR-Systeme nur über ein API-Token mit dem Bereich „credit“, das ein Admin anlegt, und nur freigegebene Nachweise (jeder Abruf im Zugriffsprotokoll der Person)."
        : '- HR systems only through an API token with the "credit" scope that an admin creates, and only released statements (each read in the person\'s access log).'
      : de
        ? "- HR-Systeme: kein Zugriff über die API."
        : "- HR systems: no access through the API.",
  ];
}

/**
 * Microsoft Teams and Slack (issue 17), as the code does it: what a channel message carries (never
 * anyone's figures: chat/chat-message.ts), the personal Slack digest only on the person's own
 * request and how it finds them, and whether the company has set either up (DataMap.processors).
 */
function chatLines(c: Ctx): string[] {
  const de = c.locale === "de";
  const p = c.map.processors;
  const setUp = [p.teams ? "Microsoft Teams" : null, p.slack ? "Slack" : null]
    .filter(Boolean)
    .join(de ? " und " : " and ");
  return de
    ? [
        "Chorus kann neue Beiträge zum Teilen und den wöchentlichen Überblick des Programms in Kanäle des unternehmenseigenen Microsoft Teams und Slack posten, die ein Admin oder die Kommunikationsleitung auswählt. Eine solche Nachricht enthält den Titel des Beitrags, die Notiz des Kommunikationsteams, die Themen, den Textvorschlag, ein Vorschaubild und Links zum Teilen; sie enthält keine Zahlen über Personen und nichts darüber, wer geteilt oder geklickt hat.",
        "Den Wochenüberblick als persönliche Slack-Nachricht erhält nur, wer ihn selbst bestellt (auf der eigenen Profilseite), und kann ihn dort jederzeit abbestellen; niemand sonst sieht, wer ihn bestellt hat. Um die Nachricht zuzustellen, sucht Chorus das Slack-Konto der Person über ihre E-Mail-Adresse im Slack-Workspace des Unternehmens (users.lookupByEmail); die Adresse geht also an den eigenen Workspace des Unternehmens. Deaktivierung und Löschung beenden den persönlichen Überblick. Wer einen Kanal oder den Workspace hinzugefügt hat, wird dazu gespeichert.",
        setUp
          ? `Für dieses Unternehmen eingerichtet: ${setUp}. Microsoft und Slack sind dabei Werkzeuge des Unternehmens selbst, unter seinen eigenen Verträgen mit ihnen.`
          : "Für dieses Unternehmen ist weder Teams noch Slack eingerichtet.",
      ]
    : [
        "Chorus can post new posts to share and the programme's weekly digest into channels of the company's own Microsoft Teams and Slack that an admin or comms lead chooses. Such a message contains the post's title, the comms team's note, the topics, the text suggestion, a preview image and share links; it carries no figures about anyone and nothing about who shared or clicked.",
        "Only members who ask for it themselves (on their own profile page) get the weekly digest as a personal Slack message, and they can stop it there at any time; nobody else sees who asked for it. To deliver it, Chorus looks up the person's Slack account by their e-mail address in the company's Slack workspace (users.lookupByEmail), so the address goes to the company's own workspace. Deactivation and erasure end the personal digest. Who added a channel or the workspace is stored with it.",
        setUp
          ? `Set up for this company: ${setUp}. Microsoft and Slack are the company's own tools here, under its own contracts with them.`
          : "Neither Teams nor Slack is set up for this company.",
      ];
}

/** The operators' commands that hand out one person's data, in words. */
function operatorSummary(c: Ctx): string {
  const shown = new Set(c.map.rows.flatMap((r) => r.operators));
  const commands = (Object.keys(OPERATOR_COMMANDS) as OperatorCommand[]).filter((cmd) => shown.has(cmd));
  return `${commands.map((cmd) => `${cmd}: ${c.t(`dataMap.operatorCommands.${cmd}`)}`).join("; ")}. ${c.t("dataMap.operatorsLead")}`;
}

/**
 * How shares are labelled, in words: each network and language's label (escaped: admins type them),
 * and the legal reason when shares are rewarded.
 */
function disclosureLines(c: Ctx): string[] {
  const de = c.locale === "de";
  const d = c.map.disclosure;
  const labels = d.labels.map(
    (l) => `${c.t(`content.networks.${l.network}`)} (${l.language}): ${escapeInline(l.label)}`,
  );
  const fallback = d.fallback ? escapeInline(d.fallback) : null;
  const list =
    labels.length > 0
      ? labels.join("; ") + (fallback ? (de ? `; sonst ${fallback}` : `; otherwise ${fallback}`) : "")
      : fallback;
  const what = list
    ? de
      ? `Chorus fügt geteilten Beiträgen automatisch das Kennzeichen des Unternehmens ein: ${list}.`
      : `Chorus inserts the company's label into shared posts automatically: ${list}.`
    : de
      ? "Es ist kein Kennzeichen für geteilte Beiträge eingerichtet."
      : "No label for shared posts is configured.";
  const why = d.incentivised
    ? de
      ? "Geteilte Beiträge werden belohnt (Punkte oder Zielvereinbarungen); sie sind daher als Werbung zu kennzeichnen (§ 5a Abs. 4 UWG, Medienstaatsvertrag) — das schützt die Beschäftigten. [Kennzeichen prüfen]"
      : "Shares are rewarded (points or goal agreements), so they must be labelled as advertising (section 5a(4) UWG, Medienstaatsvertrag), which protects the employees. [check the labels]"
    : de
      ? "Geteilte Beiträge werden derzeit nicht belohnt; die Beschäftigung beim Unternehmen ist dennoch offenzulegen."
      : "Shares are not rewarded at present; the employment with the company must still be disclosed.";
  return [what, why];
}

/** The data subject's rights as built (my data page, erasure by an admin or an operator). */
function rightsLines(c: Ctx): string[] {
  const de = c.locale === "de";
  const l = c.map.lifetimes;
  return de
    ? [
        `- Auskunft und Datenübertragbarkeit (Art. 15, 20 DSGVO): Auf der Seite „Meine Daten“ lädt jede Person alle über sie gespeicherten Daten als JSON-Datei und lesbare Zusammenfassung herunter; der Link kommt per Mail und läuft nach ${l.dataExportDays} Tagen ab. Jede Anforderung und jeder Download wird protokolliert.`,
        "- Löschung (Art. 17 DSGVO): Ein Admin (auf der Seite des Mitglieds) oder der Betrieb (Kommandozeile) löscht eine Person; personenbezogene Daten werden gelöscht oder durch ein Pseudonym ersetzt, LinkedIn-Zugänge widerrufen, Summen des Programms bleiben. Bereits exportierte Nachweise bleiben, wie sie exportiert wurden; die Kopie in Chorus wird pseudonymisiert.",
        "- Einsicht in das Zugriffsprotokoll über die eigenen Zahlen („Wer meine Zahlen angesehen hat“).",
      ]
    : [
        `- Access and portability (Art. 15, 20 GDPR): on the page "My data" every person downloads everything stored about them as a JSON file and a readable summary; the link comes by mail and expires after ${l.dataExportDays} days. Each request and download is logged.`,
        "- Erasure (Art. 17 GDPR): an admin (on the member's page) or the operator (command line) erases a person; personal data is deleted or replaced by a pseudonym, LinkedIn grants are revoked, the programme's totals stay. Statements exported before stay as they were exported; the copy in Chorus is pseudonymised.",
        '- Insight into the access log of their own figures ("Who looked at my figures").',
      ];
}

function worksAgreement(c: Ctx, input: PaperInput): string[] {
  const f = facts(c);
  const de = c.locale === "de";
  const figures = c.map.rows.filter((r) => r.figure).map((r) => `- ${c.t(`dataMap.categories.${r.id}`)}`);
  if (de) {
    return [
      ...header(c, "works-agreement", input.generatedOn),
      `Zwischen ${c.company} (im Folgenden „Arbeitgeber“) und dem Betriebsrat von ${c.company} wird gemäß § 87 Abs. 1 Nr. 6 BetrVG folgende Betriebsvereinbarung über das Employee-Advocacy-Programm mit der Software Chorus geschlossen.`,
      "",
      "## § 1 Gegenstand und Geltungsbereich",
      "Diese Vereinbarung regelt die Einführung und Nutzung von Chorus, einer Software, mit der Beschäftigte freigegebene Inhalte des Unternehmens auf ihren eigenen Profilen in sozialen Netzwerken teilen können. Chorus ist eine technische Einrichtung im Sinne von § 87 Abs. 1 Nr. 6 BetrVG, weil sie Daten über das Teilen von Beiträgen und deren Reichweite erfasst. Sie gilt für alle Beschäftigten des Betriebs.",
      "",
      "## § 2 Zwecke",
      "- Bereitstellung freigegebener Inhalte zum Teilen.",
      `- Auswertung der Reichweite des Programms, ausschließlich für Gruppen ab ${f.n} Personen.`,
      "- Anerkennung der Advocacy-Arbeit in Zielvereinbarungen, soweit die oder der Beschäftigte ihre oder seine Nachweise selbst freigibt.",
      "",
      "Eine Nutzung der Daten zu anderen Zwecken, insbesondere zur Leistungs- oder Verhaltenskontrolle über § 6 hinaus, ist ausgeschlossen.",
      "",
      "## § 3 Freiwilligkeit",
      "Die Teilnahme ist freiwillig. Wer nicht teilnimmt oder wieder austritt, hat keinerlei Nachteile; niemand darf zur Teilnahme gedrängt werden. Die Einwilligung wird mit Version des Einwilligungstextes und Zeitpunkt gespeichert. Der Austritt ist jederzeit mit einem Klick und ohne Begründung möglich; dabei entscheidet die oder der Beschäftigte, ob die bisherigen Daten erhalten bleiben oder anonymisiert werden.",
      "",
      "## § 4 Erfasste Daten",
      "Chorus berechnet oder speichert folgende Kennzahlen über teilnehmende Beschäftigte:",
      "",
      ...figures,
      "",
      f.weeklyCap === 0
        ? "Selbst gemeldete Beiträge (ohne Bestätigung durch das Netzwerk) zählen nicht."
        : `Selbst gemeldete Beiträge (ohne Bestätigung durch das Netzwerk) zählen bis zu ${f.weeklyCap} pro Woche${f.selfReportedPoints ? " und bringen Punkte" : " für Zielvereinbarungen, bringen aber keine Punkte"}; wiederholtes Teilen desselben Beitrags zählt nicht.`,
      "Klicks werden nur als Anzahl ausgewertet; Chorus speichert keine IP-Adressen und keine Namen der Klickenden. Die vollständige Übersicht, wer welche Daten sieht und wie lange sie aufbewahrt werden, enthält die Anlage (Datenlandkarte).",
      "",
      ...disclosureLines(c),
      "",
      "Empfänger außerhalb des Unternehmens:",
      "",
      ...processorLines(c),
      "",
      "Microsoft Teams und Slack:",
      "",
      ...chatLines(c),
      "",
      "## § 5 Auswertungen und Gruppengrößen",
      f.analytics
        ? `Team- und Programmauswertungen sehen nur folgende Rollen: ${f.analytics}; und nur für Gruppen ab ${f.n} Personen, gezählt nach den Personen hinter jeder Zahl.`
        : `Team- und Programmauswertungen sieht niemand außer den Beschäftigten selbst.`,
      f.leaderboard
        ? "Eine Bestenliste zeigt nur Beschäftigte, die ihr ausdrücklich zugestimmt haben; die Zustimmung ist jederzeit widerruflich."
        : "Eine Bestenliste mit Einzelpersonen wird nicht angezeigt.",
      f.heldClicks
        ? `Zurückgehaltene, auffällige Klicks sehen zur Entscheidung folgende Rollen mit dem Namen der teilenden Person: ${f.heldClicks}. Wer geklickt hat, sieht niemand.`
        : f.heldClicksUnnamed
          ? `Zurückgehaltene, auffällige Klicks sehen zur Entscheidung folgende Rollen nur als Klickmuster ohne Namen der teilenden Person: ${f.heldClicksUnnamed}. Wer geklickt hat, sieht niemand.`
          : "Zurückgehaltene Klicks werden niemandem außer der Person selbst angezeigt.",
      "",
      // the heading promises only what the settings keep: without strict mode managers see live attainment
      f.strict
        ? "## § 6 Keine Leistungs- und Verhaltenskontrolle über freigegebene Nachweise hinaus"
        : "## § 6 Was Führungskräfte von der Leistung sehen",
      f.strict
        ? "Der strenge Betriebsratsmodus ist eingeschaltet: Einzelzahlen sieht nur die Person selbst. Führungskräfte sehen ausschließlich Nachweise, die ihnen freigegeben wurden."
        : f.liveAttainment
          ? `Während eines laufenden Zeitraums sehen nach Annahme einer Zielvereinbarung folgende Rollen die Zielerreichung ihrer direkten Mitarbeitenden: ${f.liveAttainment}; nicht aber die Aktivitäten dahinter${f.automatic ? ", außer bei Beschäftigten, die der automatischen Freigabe zugestimmt haben" : ""}.`
          : "Laufende Zielerreichungen sieht nur die Person selbst.",
      f.automatic
        ? "Nachweise werden zum Ende des Zeitraums automatisch freigegeben, aber nur bei Beschäftigten, die dem ausdrücklich zugestimmt haben; alle anderen geben ihre Nachweise selbst frei."
        : "Nachweise (Credit Statements) werden zum Ende des Zeitraums festgeschrieben und nur durch die oder den Beschäftigten selbst freigegeben.",
      f.statements ? `Freigegebene Nachweise sehen: ${f.statements}.` : "",
      f.strict
        ? ""
        : "Der strenge Betriebsratsmodus (Einzelzahlen nur für die Person selbst, keine Bestenliste) ist ausgeschaltet; er kann jederzeit eingeschaltet werden.",
      "",
      ...loggingLines(c),
      "",
      "Arbeitsrechtliche Maßnahmen dürfen nicht auf Daten aus Chorus gestützt werden, außer auf freigegebene Nachweise im Rahmen der vereinbarten Zielvereinbarung.",
      "",
      "## § 7 Aufbewahrung und Löschung",
      `Einzelne Klicks werden nach ${f.clicks} Tagen gelöscht; danach bleiben nur Tagessummen. Audit- und Zugriffsprotokolle werden nach ${f.audit} Monaten gelöscht. Die Fristen für alle Daten nennt die Anlage.`,
      "Beim Ausscheiden aus dem Unternehmen löscht Chorus nichts von selbst: Die Deaktivierung beendet nur den Zugang. Der Arbeitgeber löscht ausgeschiedene Beschäftigte innerhalb von [Frist] nach dem Ausscheiden (Admin: Seite des Mitglieds, „Diese Person löschen“); jede Person kann die Löschung verlangen.",
      "",
      "## § 8 Rechte der Beschäftigten",
      ...rightsLines(c),
      "- Austritt jederzeit, Widerruf der Zustimmung zur Bestenliste und zur automatischen Freigabe jederzeit.",
      "- Beschwerde beim Betriebsrat, bei der oder dem Datenschutzbeauftragten und bei der Aufsichtsbehörde.",
      "",
      "## § 9 Rechte des Betriebsrats",
      "- Der Betriebsrat erhält jederzeit Einsicht in die Datenlandkarte und die Einstellungen in Chorus.",
      "- Jede Änderung der unten genannten angenommenen Einstellungen und jede Erweiterung der Berechtigungen, die mehr Einzelzahlen sichtbar macht, bedarf der vorherigen Zustimmung des Betriebsrats.",
      "- Der Betriebsrat kann Auszüge aus dem Audit-Log über Einstellungsänderungen verlangen.",
      "",
      "## § 10 Schlussbestimmungen",
      "Diese Vereinbarung tritt am [Datum] in Kraft. Sie kann mit einer Frist von [drei Monaten] zum Monatsende gekündigt werden; bis zu einer neuen Vereinbarung wirkt sie nach.",
      "",
      "[Ort, Datum] — für den Arbeitgeber: [Name] — für den Betriebsrat: [Name]",
      "",
      "## Anlage: Datenlandkarte",
      ...dataMapList(c),
      "",
      ...assumedSection(c),
    ];
  }
  return [
    ...header(c, "works-agreement", input.generatedOn),
    `${c.company} (the "employer") and the works council of ${c.company} conclude the following works agreement on the employee advocacy programme run with the software Chorus, under section 87(1) no. 6 of the German Works Constitution Act (BetrVG).`,
    "",
    "## 1 Subject and scope",
    "This agreement governs the introduction and use of Chorus, software with which employees can share approved company content on their own social network profiles. Chorus is a technical device within the meaning of section 87(1) no. 6 BetrVG because it records data about shares and their reach. It applies to all employees of the establishment.",
    "",
    "## 2 Purposes",
    "- Providing approved content for sharing.",
    `- Measuring the programme's reach, only for groups of at least ${f.n} people.`,
    "- Recognising advocacy work in goal agreements, as far as the employee releases their statements themself.",
    "",
    "Any other use of the data, in particular to monitor performance or behaviour beyond section 6, is excluded.",
    "",
    "## 3 Voluntariness",
    "Taking part is voluntary. Whoever does not join, or leaves again, suffers no disadvantage of any kind; nobody may be pressed to join. Consent is stored with the version of the consent text and the time. Leaving takes one click at any time without a reason; the employee decides whether their past data is kept or anonymised.",
    "",
    "## 4 What is measured",
    "Chorus computes or stores the following figures about employees who take part:",
    "",
    ...figures,
    "",
    f.weeklyCap === 0
      ? "Self-reported shares (not confirmed by the network) do not count."
      : `Self-reported shares (not confirmed by the network) count up to ${f.weeklyCap} a week${f.selfReportedPoints ? " and earn points" : " toward goal agreements but earn no points"}; sharing the same post again does not count.`,
    "Clicks are only counted; Chorus stores no IP addresses and no names of the people who click. The annex (data map) lists who sees which data and how long it is kept.",
    "",
    ...disclosureLines(c),
    "",
    "Recipients outside the company:",
    "",
    ...processorLines(c),
    "",
    "Microsoft Teams and Slack:",
    "",
    ...chatLines(c),
    "",
    "## 5 Analytics and group sizes",
    f.analytics
      ? `Team and programme analytics are seen only by these roles: ${f.analytics}; and only for groups of at least ${f.n} people, counted on the people behind each figure.`
      : "Nobody but the employees themselves sees team and programme analytics.",
    f.leaderboard
      ? "A leaderboard shows only employees who expressly opted in; they can opt out at any time."
      : "No leaderboard of individuals is shown.",
    f.heldClicks
      ? `Held-back, suspicious clicks are shown for a decision to these roles, with the sharer's name: ${f.heldClicks}. Nobody sees who clicked.`
      : f.heldClicksUnnamed
        ? `Held-back, suspicious clicks are shown for a decision to these roles only as a click pattern without the sharer's name: ${f.heldClicksUnnamed}. Nobody sees who clicked.`
        : "Held-back clicks are shown to nobody but the person themself.",
    "",
    f.strict
      ? "## 6 No performance control beyond released statements"
      : "## 6 What managers see of performance",
    f.strict
      ? "Strict works-council mode is on: individual figures are seen by the person only. Managers see only statements released to them."
      : f.liveAttainment
        ? `While a period runs, after an employee accepted a goal agreement, these roles see their direct reports' attainment: ${f.liveAttainment}; not the activities behind it${f.automatic ? ", except for employees who consented to automatic release" : ""}.`
        : "Live goal attainment is seen by the person only.",
    f.automatic
      ? "Statements are released automatically at the end of the period, but only for employees who expressly consented; everyone else releases their statements themself."
      : "Credit statements are locked at the end of the period and released only by the employee themself.",
    f.statements ? `Released statements are seen by: ${f.statements}.` : "",
    f.strict
      ? ""
      : "Strict works-council mode (individual figures for the person only, no leaderboard) is off; it can be switched on at any time.",
    "",
    ...loggingLines(c),
    "",
    "No employment measure may rest on data from Chorus other than released statements within the agreed goal agreement.",
    "",
    "## 7 Retention and deletion",
    `Raw clicks are deleted after ${f.clicks} days; only daily totals remain. Audit and access logs are deleted after ${f.audit} months. The annex gives the period for every category.`,
    'When someone leaves the company, Chorus deletes nothing by itself: deactivation only ends their access. The employer erases employees who left within [period] of leaving (admin: the member\'s page, "Erase this person"); everyone may ask to be erased.',
    "",
    "## 8 Rights of employees",
    ...rightsLines(c),
    "- Leaving at any time; withdrawing leaderboard and automatic-release consent at any time.",
    "- Complaints to the works council, the data protection officer and the supervisory authority.",
    "",
    "## 9 Rights of the works council",
    "- The works council may inspect the data map and the settings in Chorus at any time.",
    "- Any change to the assumed settings below, and any extension of permissions that makes more individual figures visible, requires the works council's prior consent.",
    "- The works council may request extracts of the audit log about settings changes.",
    "",
    "## 10 Final provisions",
    "This agreement comes into force on [date]. It may be terminated with [three months'] notice to the end of a month; it continues to apply until a new agreement is made.",
    "",
    "[Place, date] — for the employer: [name] — for the works council: [name]",
    "",
    "## Annex: data map",
    ...dataMapList(c),
    "",
    ...assumedSection(c),
  ];
}

function processingRecord(c: Ctx, input: PaperInput): string[] {
  const f = facts(c);
  const de = c.locale === "de";
  const categories = c.map.rows.map((r) => `- ${c.t(`dataMap.categories.${r.id}`)}`);
  const recipients = ROLES.map((role) => {
    const seen = c.map.rows
      .filter((r) => r.roles[role].length > 0)
      .map((r) => c.t(`dataMap.categories.${r.id}`));
    return `- ${c.roleName(role)}: ${seen.length > 0 ? seen.join("; ") : de ? "keine Daten anderer Personen" : "no data of other people"}`;
  });
  const retention = c.map.rows.map(
    (r) => `- ${c.t(`dataMap.categories.${r.id}`)}: ${describeRetention(c.t, r.retention)}`,
  );
  if (de) {
    return [
      ...header(c, "processing-record", input.generatedOn),
      "## Verantwortlicher",
      `${c.company}, [Anschrift], vertreten durch [Name]. Datenschutzbeauftragte/r: [Name, Kontakt].`,
      "",
      "## Bezeichnung der Verarbeitung",
      "Employee-Advocacy-Programm mit Chorus: Teilen freigegebener Inhalte durch Beschäftigte, Reichweitenmessung, Anerkennung in Zielvereinbarungen.",
      "",
      "## Zwecke",
      "- Bereitstellung freigegebener Inhalte und Nachverfolgung geteilter Links.",
      `- Reichweitenauswertung des Programms in Gruppen ab ${f.n} Personen.`,
      "- Punkte, Abzeichen und Kudos; Nachweise für Zielvereinbarungen nach Freigabe durch die Person.",
      "- Sicherheit und Nachvollziehbarkeit (Audit- und Zugriffsprotokolle).",
      "- Wenn das Unternehmen es einrichtet: Anmeldung über seinen Identitätsanbieter (Single Sign-on) und Anlegen, Ändern und Deaktivieren der Mitglieder aus seinem Verzeichnis (SCIM), damit Ausgeschiedene sofort keinen Zugang mehr haben.",
      "- Wenn das Unternehmen es einrichtet: neue Beiträge und der Wochenüberblick in seinen Kanälen in Microsoft Teams und Slack (ohne Zahlen über Personen), der Wochenüberblick als persönliche Slack-Nachricht nur für Mitglieder, die ihn bestellt haben.",
      "",
      "## Rechtsgrundlage [juristisch zu prüfen]",
      "Einwilligung (Art. 6 Abs. 1 lit. a, Art. 7 DSGVO, § 26 Abs. 2 BDSG) für die Teilnahme; Betriebsvereinbarung (Art. 88 DSGVO, § 26 Abs. 4 BDSG); berechtigtes Interesse (Art. 6 Abs. 1 lit. f DSGVO) für Sicherheitsprotokolle sowie für Single Sign-on und die Bereitstellung aus dem Verzeichnis (Zugang nur für aktuelle Beschäftigte).",
      "",
      "## Kategorien betroffener Personen",
      "- Beschäftigte mit Zugang zu Chorus (Mitglieder).",
      "- Beschäftigte, die am Programm teilnehmen.",
      "- Besucherinnen und Besucher geteilter Links (nur über einen täglich wechselnden Schlüssel, keine IP-Adressen).",
      "",
      "## Kategorien personenbezogener Daten",
      ...categories,
      "",
      "## Empfänger",
      "Innerhalb des Unternehmens, nach Rolle (aus der Berechtigungstabelle der Software):",
      "",
      ...recipients,
      "",
      `- Betrieb (Kommandozeile des Servers): ${operatorSummary(c)}`,
      "",
      "Außerhalb des Unternehmens (wie diese Installation eingerichtet ist):",
      "",
      ...processorLines(c),
      "",
      "## Übermittlung in Drittländer",
      `[Zu ergänzen: Hosting-Standort${c.map.processors.mail === "resend" ? "; Resend (USA)" : ""}${c.map.processors.linkedin ? "; LinkedIn (Irland/USA) nur bei verbundenem Konto" : ""}${c.map.processors.stripe ? "; Stripe (Irland/USA)" : ""}${c.map.processors.teams ? "; Microsoft Teams nach dem Vertrag des Unternehmens mit Microsoft" : ""}${c.map.processors.slack ? "; Slack nach dem Vertrag des Unternehmens mit Slack" : ""}; Garantien nach Art. 44 ff. DSGVO.]`,
      "",
      "## Betroffenenrechte",
      ...rightsLines(c),
      "",
      "## Löschfristen",
      ...retention,
      "",
      "## Technische und organisatorische Maßnahmen (Art. 32 DSGVO)",
      "- Mandantentrennung durch Row Level Security in der Datenbank; jede Abfrage zusätzlich nach Mandant gefiltert.",
      "- Berechtigungen je Rolle in einer Tabelle der Software; diese Datenlandkarte wird daraus erzeugt.",
      `- Einzelzahlen anderer nur wie in der Datenlandkarte genannt${f.strict ? " (strenger Betriebsratsmodus eingeschaltet: nur freigegebene Nachweise)" : ""}; Auswertungen nur für Gruppen ab ${f.n} Personen.`,
      "- Keine IP-Adressen von Klickenden gespeichert; Besucherschlüssel mit täglich wechselndem Geheimwert, der nach zwei Tagen gelöscht wird.",
      "- Anmelde-, Einladungs- und API-Tokens nur als Hash gespeichert; LinkedIn-Tokens und das Client-Secret des Identitätsanbieters verschlüsselt (mit einem Schlüsselring, dessen Schlüssel gewechselt werden können); Single Sign-on nur für nachgewiesene E-Mail-Domains des Unternehmens.",
      "- Zugriffe von Führungskräften, Exporte, API-Abrufe und Korrekturen im Zugriffsprotokoll der Person, ihr angezeigt (Einzelheiten in der Betriebsvereinbarung); Einstellungsänderungen und Abrufe des Betriebs im Audit-Log.",
      "- Automatische Löschung nach den oben genannten Fristen.",
      "- Transportverschlüsselung (TLS) [Hosting ergänzen].",
      "",
      ...assumedSection(c),
    ];
  }
  return [
    ...header(c, "processing-record", input.generatedOn),
    "## Controller",
    `${c.company}, [address], represented by [name]. Data protection officer: [name, contact].`,
    "",
    "## Name of the processing",
    "Employee advocacy programme with Chorus: employees share approved content, reach is measured, advocacy work is recognised in goal agreements.",
    "",
    "## Purposes",
    "- Providing approved content and tracking shared links.",
    `- Measuring the programme's reach in groups of at least ${f.n} people.`,
    "- Points, badges and kudos; statements for goal agreements once released by the person.",
    "- Security and accountability (audit and access logs).",
    "- Where the company sets it up: signing in through its identity provider (single sign-on) and creating, changing and deactivating members from its directory (SCIM), so that leavers lose access at once.",
    "- Where the company sets it up: new posts and the weekly digest in its Microsoft Teams and Slack channels (no figures about anyone), the weekly digest as a personal Slack message only for members who asked for it.",
    "",
    "## Legal basis [to be reviewed by counsel]",
    "Consent (Art. 6(1)(a), Art. 7 GDPR, section 26(2) BDSG) for taking part; works agreement (Art. 88 GDPR, section 26(4) BDSG); legitimate interest (Art. 6(1)(f) GDPR) for security logs and for single sign-on and provisioning from the directory (access only for current employees).",
    "",
    "## Categories of data subjects",
    "- Employees with access to Chorus (members).",
    "- Employees who take part in the programme.",
    "- Visitors of shared links (only through a daily changing key, no IP addresses).",
    "",
    "## Categories of personal data",
    ...categories,
    "",
    "## Recipients",
    "Inside the company, by role (from the software's permission table):",
    "",
    ...recipients,
    "",
    `- Operators (the server's command line): ${operatorSummary(c)}`,
    "",
    "Outside the company (as this installation is configured):",
    "",
    ...processorLines(c),
    "",
    "## Transfers to third countries",
    `[To be completed: hosting location${c.map.processors.mail === "resend" ? "; Resend (USA)" : ""}${c.map.processors.linkedin ? "; LinkedIn (Ireland/USA) only with a connected account" : ""}${c.map.processors.stripe ? "; Stripe (Ireland/USA)" : ""}${c.map.processors.teams ? "; Microsoft Teams under the company's own contract with Microsoft" : ""}${c.map.processors.slack ? "; Slack under the company's own contract with Slack" : ""}; safeguards under Art. 44 et seq. GDPR.]`,
    "",
    "## Data subject rights",
    ...rightsLines(c),
    "",
    "## Retention periods",
    ...retention,
    "",
    "## Technical and organisational measures (Art. 32 GDPR)",
    "- Tenant isolation by row level security in the database; every query also filtered by tenant.",
    "- Permissions per role in one table in the software; this data map is generated from it.",
    `- Other people's individual figures only as the data map lists them${f.strict ? " (strict works-council mode on: released statements only)" : ""}; analytics only for groups of at least ${f.n} people.`,
    "- No IP addresses of visitors stored; visitor keys made with a daily changing secret that is deleted after two days.",
    "- Sign-in, invitation and API tokens stored only as hashes; LinkedIn tokens and the identity provider's client secret encrypted (with a keyring whose keys can be rotated); single sign-on only for the company's proven e-mail domains.",
    "- Managers' looks, exports, API reads and corrections in the person's access log, shown to them (details in the works agreement); settings changes and operators' look-ups in the audit log.",
    "- Automatic deletion after the periods above.",
    "- Encryption in transit (TLS) [complete for the hosting].",
    "",
    ...assumedSection(c),
  ];
}

function dpia(c: Ctx, input: PaperInput): string[] {
  const f = facts(c);
  const de = c.locale === "de";
  if (de) {
    return [
      ...header(c, "dpia", input.generatedOn),
      "## 1 Beschreibung der Verarbeitung",
      `${c.company} betreibt mit Chorus ein freiwilliges Employee-Advocacy-Programm. Beschäftigte teilen freigegebene Inhalte; Chorus misst Klicks und geschätzte Reichweite, vergibt Punkte und erstellt Nachweise für Zielvereinbarungen. Die Datenkategorien, Empfänger und Fristen stehen in der Datenlandkarte (Anhang).`,
      "",
      "Empfänger außerhalb des Unternehmens:",
      "",
      ...processorLines(c),
      "",
      "## 2 Notwendigkeit und Verhältnismäßigkeit",
      "- Freiwilligkeit: Teilnahme nur mit Einwilligung, Austritt mit einem Klick, keine Nachteile.",
      "- Datenminimierung: Klicks nur als Anzahl; keine IP-Adressen; Followerzahlen nur selbst eingetragen.",
      `- Zweckbindung: Auswertungen nur für Gruppen ab ${f.n} Personen; ${f.strict ? "Einzelzahlen nur für die Person selbst, Führungskräfte nur freigegebene Nachweise (strenger Betriebsratsmodus)" : "Einzelzahlen anderer: Führungskräfte nur nach Annahme der Zielvereinbarung bzw. Freigabe"}${f.leaderboard ? "; Punkte und Platz in der Bestenliste nur von Personen, die zugestimmt haben" : ""}${f.heldClicks ? `; zurückgehaltene Klicks mit Namen zur Prüfung (${f.heldClicks})` : ""}.`,
      `- Speicherbegrenzung: einzelne Klicks ${f.clicks} Tage, Protokolle ${f.audit} Monate.`,
      ...rightsLines(c),
      "",
      "## 3 Risiken für die Rechte und Freiheiten",
      "- Leistungs- und Verhaltenskontrolle durch Vorgesetzte; Druck zur Teilnahme. [Eintrittswahrscheinlichkeit, Schwere bewerten]",
      `- Re-Identifikation in kleinen Gruppen (unter ${f.n} Personen) oder durch Differenzbildung. [bewerten]`,
      f.leaderboard
        ? "- Sozialer Druck durch die Bestenliste (nur mit Zustimmung sichtbar). [bewerten]"
        : "- Bestenliste: nicht sichtbar, kein Risiko aus Ranglisten.",
      f.heldClicks
        ? `- Einsicht von ${f.heldClicks} in zurückgehaltene Klicks mit Namen. [bewerten]`
        : "- Zurückgehaltene Klicks: niemandem außer der Person mit Namen sichtbar.",
      "- Unbefugter Zugriff über Mandantengrenzen oder durch gestohlene Sitzungen oder Tokens. [bewerten]",
      "- Unrichtige oder manipulierte Zahlen mit Folgen für Zielvereinbarungen. [bewerten]",
      "- Weitergabe exportierter Nachweise außerhalb von Chorus. [bewerten]",
      "",
      "## 4 Abhilfemaßnahmen",
      `- Mindestgruppengröße ${f.n}, gezählt nach Personen hinter jeder Zahl, mit Schutz vor Differenzbildung in jeder Ansicht.`,
      f.automatic
        ? "- Nachweise automatisch freigegeben nur bei ausdrücklicher Zustimmung der Person; sonst Freigabe durch die Person."
        : "- Nachweise nur nach Freigabe durch die Person (Betriebsratsmodus).",
      f.liveAttainment
        ? `- Laufende Zielerreichung nur für ${f.liveAttainment}, nur eigene direkte Mitarbeitende, nur nach Annahme, ohne Aktivitäten.`
        : "- Laufende Zielerreichung nur für die Person selbst.",
      loggingSummary(c),
      "- Row Level Security je Mandant; Tokens nur als Hash; LinkedIn-Tokens verschlüsselt, bei Deaktivierung oder Löschung der Person bei LinkedIn widerrufen.",
      "- Punkte nicht manipulierbar: Wiederholungen zählen nicht, auffällige Klicks werden zurückgehalten.",
      "- Automatische Löschfristen; Datenexport und Löschung auf Anfrage.",
      "- Betriebsvereinbarung; Änderungen der angenommenen Einstellungen nur mit Zustimmung des Betriebsrats.",
      "",
      "## 5 Beteiligung",
      "Stellungnahme der oder des Datenschutzbeauftragten: [ergänzen]. Stellungnahme des Betriebsrats: [ergänzen]. Meinung der Betroffenen (Art. 35 Abs. 9 DSGVO): [ergänzen].",
      "",
      "## 6 Ergebnis",
      "[Restrisiko bewerten; ggf. Konsultation der Aufsichtsbehörde nach Art. 36 DSGVO.]",
      "",
      "## Anhang: Datenlandkarte",
      ...dataMapList(c),
      "",
      ...assumedSection(c),
    ];
  }
  return [
    ...header(c, "dpia", input.generatedOn),
    "## 1 Description of the processing",
    `${c.company} runs a voluntary employee advocacy programme with Chorus. Employees share approved content; Chorus measures clicks and estimated reach, awards points and produces statements for goal agreements. Categories of data, recipients and periods are in the data map (annex).`,
    "",
    "Recipients outside the company:",
    "",
    ...processorLines(c),
    "",
    "## 2 Necessity and proportionality",
    "- Voluntariness: taking part only with consent, leaving with one click, no disadvantage.",
    "- Data minimisation: clicks only as counts; no IP addresses; follower counts only as entered by the person.",
    `- Purpose limitation: analytics only for groups of at least ${f.n} people; ${f.strict ? "individual figures only for the person, managers only released statements (strict works-council mode)" : "others' individual figures: managers only after the agreement was accepted or the statement released"}${f.leaderboard ? "; points and leaderboard rank only of people who opted in" : ""}${f.heldClicks ? `; held-back clicks with names for review (${f.heldClicks})` : ""}.`,
    `- Storage limitation: raw clicks ${f.clicks} days, logs ${f.audit} months.`,
    ...rightsLines(c),
    "",
    "## 3 Risks to rights and freedoms",
    "- Performance and behaviour monitoring by managers; pressure to join. [assess likelihood, severity]",
    `- Re-identification in small groups (under ${f.n} people) or by differencing. [assess]`,
    f.leaderboard
      ? "- Social pressure from the leaderboard (visible only with consent). [assess]"
      : "- Leaderboard: not shown, no risk from rankings.",
    f.heldClicks
      ? `- Insight of ${f.heldClicks} into held-back clicks with names. [assess]`
      : "- Held-back clicks: shown with a name to nobody but the person.",
    "- Unauthorised access across tenants or through stolen sessions or tokens. [assess]",
    "- Wrong or manipulated figures affecting goal agreements. [assess]",
    "- Exported statements passed on outside Chorus. [assess]",
    "",
    "## 4 Measures",
    `- Minimum group size ${f.n}, counted on the people behind each figure, with protection against differencing in each view.`,
    f.automatic
      ? "- Statements released automatically only with the person's express consent; otherwise released by the person."
      : "- Statements only after release by the person (works-council mode).",
    f.liveAttainment
      ? `- Live attainment only for ${f.liveAttainment}, only own direct reports, only after acceptance, without the activities.`
      : "- Live attainment for the person only.",
    loggingSummary(c),
    "- Row level security per tenant; tokens only as hashes; LinkedIn tokens encrypted, revoked at LinkedIn when the person is deactivated or erased.",
    "- Credit cannot be inflated: repeats earn nothing, suspicious clicks are held back.",
    "- Automatic deletion periods; data export and erasure on request.",
    "- Works agreement; changes to the assumed settings only with the works council's consent.",
    "",
    "## 5 Consultation",
    "Opinion of the data protection officer: [complete]. Opinion of the works council: [complete]. Views of data subjects (Art. 35(9) GDPR): [complete].",
    "",
    "## 6 Result",
    "[Assess the residual risk; if high, consult the supervisory authority under Art. 36 GDPR.]",
    "",
    "## Annex: data map",
    ...dataMapList(c),
    "",
    ...assumedSection(c),
  ];
}

const BUILDERS: Record<PaperKind, (c: Ctx, input: PaperInput) => string[]> = {
  "works-agreement": worksAgreement,
  "processing-record": processingRecord,
  dpia,
};

/** The paper as Markdown in `locale`. */
export function paperMarkdown(kind: PaperKind, locale: Locale, input: PaperInput): string {
  const lines = BUILDERS[kind](context(locale, input), input).filter(
    (line, i, all) => !(line === "" && all[i - 1] === ""),
  );
  return `${lines.join("\n").trim()}\n`;
}
