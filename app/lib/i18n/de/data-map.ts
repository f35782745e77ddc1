import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/data-map.ts";

/** Texts of the dataMap pages: the data map and the papers for the works council and the DPO (issue 13; en and de, "du" form) (German). */
export default {
  title: "Datenschutz und Betriebsrat",
  lead: "Was Chorus über die Menschen bei {{company}} erfasst, wer es sehen kann, wo es gespeichert wird und wie lange es aufbewahrt wird. Diese Seite entsteht aus der Berechtigungstabelle der App und den aktuellen Einstellungen deines Unternehmens; sie stimmt also immer mit dem überein, was die App tut.",
  strictOn:
    "Der strenge Betriebsratsmodus ist an: Einzelzahlen sieht nur die Person selbst. Führungskräfte sehen nur freigegebene Nachweise, die Kommunikation nur Gruppenzahlen, in ganzen, abgeschlossenen Kalendermonaten mit jeweils genug Personen (zwei Zeiträume lassen sich so nicht auf den Tag einer Person herunterrechnen), und zurückgehaltene Klicks ohne Namen der teilenden Person.",
  strictOff: "Der strenge Betriebsratsmodus ist aus.",
  settingsTitle: "Einstellungen, auf denen diese Übersicht beruht",
  mapTitle: "Datenlandkarte",
  mapLead:
    "Jede Rollenspalte sagt, was Menschen mit dieser Rolle von den Daten anderer sehen; die eigenen Daten sieht jede Person selbst (Spalte „Die Person selbst“). Eine Person kann mehrere Rollen haben.",
  caption: "Wer welche Daten sehen kann, wo sie gespeichert und wie lange sie aufbewahrt werden",
  columns: {
    data: "Daten",
    self: "Die Person selbst",
    stored: "Gespeichert in (Tabellen)",
    kept: "Aufbewahrt",
    gatedBy: "Berechtigungen, die den Zugriff regeln",
  },
  keptTitle: "Wo es gespeichert wird und wie lange",
  keptCaption: "Speicherort, Aufbewahrung und die Berechtigungen hinter jeder Datenart",
  nobody: "—",
  papersTitle: "Unterlagen für Betriebsrat und Datenschutzbeauftragte",
  papersLead:
    "Entwürfe, gefüllt aus dieser Konfiguration, auf Deutsch und Englisch, als Seite, Markdown oder PDF. Sie enthalten nichts Persönliches; alle Mitglieder dürfen sie lesen. Lass sie vor einer Unterschrift juristisch prüfen.",
  papers: {
    "works-agreement": "Betriebsvereinbarung (Entwurf)",
    "processing-record": "Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)",
    dpia: "Datenschutz-Folgenabschätzung (Gliederung, Art. 35 DSGVO)",
  },
  formats: { page: "Lesen", md: "Markdown", pdf: "PDF" },
  downloadMd: "Als Markdown herunterladen",
  downloadPdf: "Als PDF herunterladen",
  back: "Zurück zur Datenlandkarte",
  draftNotice: "Entwurf, erzeugt aus der aktuellen Konfiguration – juristisch zu prüfen.",
  categories: {
    profile:
      "Profil: Name, E-Mail, Sprache, Rollen, Team, Führungskraft, Status, Beitritt, letzter Besuch von „Inhalte zum Teilen“",
    consent_records: "Einwilligung ins Programm (Textversion, Zeitpunkt), Kenntnisnahme der Leitlinien",
    social_profiles: "Social-Media-Profile und selbst eingetragene Followerzahlen",
    linkedin_tokens: "LinkedIn-Zugangstokens",
    sso_identities:
      "Single Sign-on: Kennung der Person beim Identitätsanbieter des Unternehmens (Microsoft, Google oder ein anderer), erste und letzte Anmeldung darüber",
    directory_ids: "Kennung der Person im Verzeichnis des Unternehmens (SCIM-externalId)",
    shares: "Geteilte Beiträge (Beitrag, Netzwerk, Zeitpunkt, bestätigt oder selbst gemeldet)",
    clicks_per_share: "Klicks pro geteiltem Beitrag",
    estimated_impressions: "Geschätzte und gemeldete Impressionen",
    earned_media_value: "Earned-Media-Wert",
    raw_click_events: "Einzelne Klicks (Besucherschlüssel, Bot-Kennzeichen, verweisende Domain, Zeitpunkt)",
    own_ip_keys: "Tägliche Schlüssel der eigenen IP-Adresse eines Mitglieds (nie die Adresse)",
    held_clicks: "Zurückgehaltene Klicks",
    points: "Punkte",
    leaderboard_rank: "Platz in der Bestenliste",
    badges: "Abzeichen",
    kudos: "Gegebene und erhaltene Kudos",
    goal_agreements: "Zielvereinbarungen: Ziele, Zielwerte, Status",
    goal_attainment: "Laufende Zielerreichung",
    credit_statements: "Nachweise",
    access_log: "Wer meine Zahlen angesehen hat (Zugriffsprotokoll)",
    team_analytics: "Team- und Programmauswertungen (auch im Wochenüberblick für die Kommunikation)",
    audit_log: "Audit-Log",
    sessions: "Anmeldesitzungen",
    sign_in_links: "Anmeldelinks und Einladungen",
    suggestions: "Inhaltsvorschläge",
    escalations: "Gemeldete Diskussionen",
    preferences:
      "Einstellungen (Bestenliste, Kudos im Wochenüberblick, automatische Freigabe, Wochenüberblick) und welche Wochenüberblicke verschickt wurden",
    data_exports: "Datenexporte („Meine Daten herunterladen“)",
    chat_digest:
      "Wochenüberblick als persönliche Slack-Nachricht: dass die Person ihn bestellt hat, seit wann, die zuletzt geschickte Woche",
    failed_jobs: "Fehlgeschlagene Hintergrundaufgaben",
    authorship:
      "Urheberschaft: wer Beiträge geschrieben, bearbeitet, freigegeben oder abgelehnt, Leitlinien veröffentlicht, eine Einstellung zuletzt geändert, einen Teams- oder Slack-Kanal oder den Slack-Workspace hinzugefügt hat",
    api_tokens: "API-Tokens: wer sie angelegt hat, letzte Nutzung",
    erasures: "Löschungen: Pseudonym, wer gelöscht hat, wann",
    billing_contact: "Rechnungskontakt der zahlenden Person, wie bei Stripe eingegeben (Webhook-Ereignisse)",
  },
  self: {
    app: "sieht alles davon",
    export: "in ihrem Datenexport",
    counts: "nur als Anzahl",
    none: "nicht angezeigt (nur von der App genutzt)",
    group: "keine Einzelperson: Gruppenzahlen",
  },
  conditions: {
    profile: "alle Mitglieder, einzeln",
    invitations: "offene Einladungen, einzeln",
    reporting_lines: "Teams und Berichtslinien",
    opted_in: "nur Personen, die der Bestenliste zugestimmt haben, mit Namen",
    colleague_names: "Namen der aktiven Kolleginnen und Kollegen (um einer Person zu danken)",
    kudos_recipient: "die Empfängerin oder der Empfänger sieht, wer sich wofür bedankt",
    suggester: "mit dem Namen der vorschlagenden Person",
    suggestions_api:
      "über ein selbst angelegtes „content“-API-Token: Vorschläge mit der Mitglieds-ID der vorschlagenden Person und der Begründung",
    reporter: "mit dem Namen der meldenden Person",
    held_clicks: "mit Namen der teilenden Person, Beitrag und Tag (nie, wer geklickt hat)",
    held_clicks_unnamed:
      "das Klickmuster (Beitrag, Netzwerk, Tag, Anzahlen) ohne Namen der teilenden Person, zum Freigeben oder Verwerfen",
    agreement_terms: "nur die eigenen direkten Mitarbeitenden: nur Ziele, Zielwerte und Status",
    live_attainment:
      "eigene direkte Mitarbeitende nach deren Zustimmung: Zielerreichung je Ziel und gesamt, nicht die Aktivitäten",
    live_all_consented:
      "auch die Aktivitäten, bei Mitarbeitenden, die der automatischen Freigabe zugestimmt haben",
    released: "eigene direkte Mitarbeitende: nur ihnen freigegebene Nachweise",
    released_export: "Exporte freigegebener Nachweise",
    released_api: "über ein selbst angelegtes „credit“-API-Token: freigegebene Nachweise",
    correction: "kann einen Nachweis als Korrektur neu berechnen",
    job_payloads: "mit den Daten der Aufgabe, die ein Mitglied nennen können",
    authors: "wer jeden Beitrag geschrieben, bearbeitet, freigegeben oder abgelehnt hat, mit Namen",
    guideline_publisher: "wer welche Fassung der Leitlinien veröffentlicht hat",
    token_creators: "wer jedes API-Token angelegt hat und wann es zuletzt genutzt wurde",
    erasure_record: "das Pseudonym, wer gelöscht hat und wann (nie Name oder Adresse der gelöschten Person)",
    agreement_periods:
      "alle Zielvereinbarungen zum Abschließen der Zeiträume: Person, Führungskraft, Zeitraum und Status, keine Zahlen",
    correction_reports:
      "kann einen Nachweis eigener direkter Mitarbeitender als Korrektur neu berechnen lassen",
    directory_api:
      "über ein selbst erstelltes „scim“-API-Token für das Verzeichnis des Unternehmens: die Verzeichniskennung jedes Mitglieds mit Name, Adresse und Status",
  },
  groups: "nur Gruppen ab {{n}} Personen",
  retention: {
    membership:
      "bis die Person aus dem Unternehmen gelöscht wird (durch einen Admin oder den Betrieb), dann gelöscht oder pseudonymisiert; eine Deaktivierung lässt es bestehen",
    membership_anonymise:
      "bis die Person mit „anonymisieren“ aus dem Programm austritt oder gelöscht wird, dann vom Namen getrennt (anonyme Summen bleiben); eine Deaktivierung lässt es bestehen",
    statements:
      "festgeschriebene Nachweise bleiben, bis die Person gelöscht wird, dann pseudonymisiert (eine Deaktivierung lässt sie bestehen); bereits exportierte Kopien bleiben, wie sie exportiert wurden",
    click_days: "{{days}} Tage, danach bleiben nur Tagessummen",
    audit_months: "{{months}} Monate",
    sessions: "{{idle}} Tage ohne Nutzung, höchstens {{absolute}} Tage; dann gelöscht",
    sign_in_one:
      "Anmeldelinks gelten {{minutes}} Minuten und werden einen Tag nach Nutzung oder Ablauf gelöscht; Einladungen gelten {{days}} Tage und werden {{inviteGrace}} Tage nach Annahme oder Ablauf gelöscht",
    sign_in_other:
      "Anmeldelinks gelten {{minutes}} Minuten und werden {{count}} Tage nach Nutzung oder Ablauf gelöscht; Einladungen gelten {{days}} Tage und werden {{inviteGrace}} Tage nach Annahme oder Ablauf gelöscht",
    member_ip_days: "etwa {{days}} Tage",
    failed_job_days: "{{days}} Tage",
    export_days: "der Download-Link läuft nach {{days}} Tagen ab, dann wird die Datei gelöscht",
    linkedin_tokens:
      "bis die Person die Verbindung trennt (hier gelöscht, nicht bei LinkedIn widerrufen), deaktiviert oder gelöscht wird (bei LinkedIn widerrufen und gelöscht); Austritt aus dem Programm lässt es bestehen",
    computed: "nicht gespeichert: beim Anzeigen berechnet",
    rollups:
      "Tagessummen, aufbewahrt für die Geschichte des Programms; anonymisiert Ausgetretene zählen als eine anonyme Gruppe",
    tenant_record: "bleibt bei den Unterlagen des Unternehmens; nennt nur das Pseudonym",
    billing_events: "bleiben, wie Stripe sie gesendet hat; die App kann sie nicht lesen, nur der Betrieb",
    sso_binding:
      "bis die Person gelöscht wird, das Verzeichnis sie auf eine andere Adresse umstellt oder ein Admin den Identitätsanbieter entfernt; eine Deaktivierung lässt es bestehen",
    directory_id:
      "bis das Verzeichnis sie ändert oder entfernt oder die Person gelöscht wird; eine Deaktivierung durch das Verzeichnis lässt sie bestehen",
    chat_digest:
      "bis die Person ihn abbestellt, deaktiviert (auch durch das Verzeichnis) oder gelöscht wird; dann gelöscht",
  },
  logged: "für die Person protokolliert",
  operatorsTitle: "Betrieb (Kommandozeile des Servers)",
  operatorsLead:
    "Wer den Server von Chorus betreibt, kann die ganze Datenbank lesen. Diese Befehle geben Daten einer Person heraus. „credit show“, „member export“ und „member erase“ werden im Audit-Log vermerkt (Teil des Datenexports der Person), keiner in „Wer meine Zahlen angesehen hat“.",
  operatorCommands: {
    "credit show":
      "die laufenden Zahlen einer Person, wie ihr Nachweis sie berechnen würde (auch im strengen Modus)",
    "member export": "alles über eine Person (ihr Datenexport)",
    "member erase": "löscht eine Person: überall pseudonymisiert",
    "job failures": "fehlgeschlagene Aufgaben aller Unternehmen mit ihren Daten",
    "token create": "legt API-Tokens an; eines mit dem Bereich „credit“ liest alle freigegebenen Nachweise",
    "token list": "die API-Tokens des Unternehmens und wer sie angelegt hat",
  },
  strictNarrowed: "durch den strengen Modus eingeschränkt",
  settings: {
    releaseMode: "Freigabe der Nachweise",
    releaseModes: {
      employee: "durch die Person selbst (Betriebsratsmodus)",
      automatic: "automatisch bei Zustimmung der Person",
    },
    selfReported: "Selbst gemeldete Beiträge bringen Punkte",
    weeklyCap: "Gezählte selbst gemeldete Beiträge pro Woche",
    minGroupSize: "Mindestgruppengröße",
    clickRetention: "Einzelne Klicks aufbewahrt (Tage)",
    auditRetention: "Audit- und Zugriffsprotokolle aufbewahrt (Monate)",
    strictMode: "Strenger Betriebsratsmodus",
    leaderboard: "Bestenliste",
    leaderboardRule: "Zustimmung jeder Person (aus, bis sie sie einschaltet)",
    yes: "ja",
    no: "nein",
  },
  errors: {
    notFound: "Diese Unterlage gibt es nicht.",
  },
} satisfies Dictionary<typeof en>;
