import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/retention.ts";

/** Texts of the retention pages (issue 13; en and de, "du" form) (German). */
export default {
  title: "Datenschutz und Aufbewahrung",
  lead: "Wie lange Chorus welche Daten deines Unternehmens aufbewahrt, und der strenge Betriebsratsmodus. Ein täglicher Job löscht, was fällig ist.",
  settings: {
    heading: "Einstellungen",
    auditMonths: "Protokoll und Zugriffsprotokoll aufbewahren (Monate)",
    auditMonthsHint:
      "Zwischen 6 und 120 Monaten; Standard 24. Mindestens 6 Monate, weil Betriebsrat und Datenschutzbeauftragte so weit zurückblicken können müssen, um zu prüfen, wer was geändert und wer wessen Zahlen angesehen hat – und Beschäftigte brauchen Zeit, um nachzufragen.",
    strictMode: "Strenger Betriebsratsmodus",
    strictModeHint:
      "Keine Einzelzahlen für andere als die Person selbst. Was sich genau ändert, steht unten.",
    save: "Einstellungen speichern",
    saved: "Einstellungen gespeichert.",
  },
  strict: {
    heading: "Was der strenge Betriebsratsmodus bewirkt",
    lead: "Für Betriebsräte, die keine Einzelzahlen außerhalb der eigenen Ansicht der Person wollen. Wenn er an ist:",
    items: {
      leaderboard:
        "Die Bestenliste ist abgeschaltet, und niemand sieht Punkte, Abzeichen oder Punkteverlauf anderer.",
      managers:
        "Führungskräfte sehen nur die Nachweise, die ihre Mitarbeitenden freigegeben haben (und dürfen diese exportieren) – keine laufende Zielerreichung und keine Aktivitäten.",
      groups:
        "Kommunikationsverantwortliche und Admins sehen Zahlen nur in Gruppen von jeweils mindestens 5 Personen (oder eurer größeren Mindestgruppengröße), nie pro Person; zurückgehaltene Klicks werden ohne Namen der teilenden Person geprüft.",
      self: "Alle sehen weiterhin ihre eigenen Zahlen, Punkte und Nachweise vollständig.",
    },
  },
  rules: {
    heading: "Geltende Aufbewahrungsregeln",
    lead: "Gelesen aus denselben Einstellungen und Konstanten, mit denen die Löschjobs arbeiten.",
    data: "Daten",
    kept: "Aufbewahrt",
    sessions: {
      name: "Anmeldesitzungen",
      rule: "bis sie ablaufen: {{idleDays}} Tage ohne Nutzung, höchstens {{absoluteDays}} Tage; dann gelöscht",
    },
    signInTokens: {
      name: "Anmeldelinks",
      rule: "{{count}} Tag nach Nutzung oder Ablauf, dann gelöscht; ein Link gilt nur Minuten und funktioniert einmal",
    },
    invitations: {
      name: "Einladungen",
      rule: "{{count}} Tage nach Annahme oder Ablauf, dann gelöscht (eine Einladung, die noch auf ihre Führungskraft wartet, bleibt bis dahin)",
    },
    auditEvents: { name: "Protokoll", rule: "{{count}} Monate, dann gelöscht" },
    accessLog: {
      name: "Zugriffsprotokoll (wer wessen Zahlen angesehen hat)",
      rule: "{{count}} Monate, dann gelöscht",
    },
    rawClicks: {
      name: "Einzelne Klicks",
      rule: "{{count}} Tage, dann gelöscht; nur Tagessummen bleiben (eigener Job, alle 6 Stunden, einstellbar unter Reichweite)",
    },
    jobFailures: {
      name: "Fehlgeschlagene Hintergrundjobs (mit ihren Daten)",
      rule: "{{count}} Tage, dann gelöscht",
    },
    dataExports: {
      name: "Datenexporte („Meine Daten herunterladen“)",
      rule: "der Download funktioniert {{count}} Tage, dann wird sein Inhalt gelöscht; der Vermerk, dass es einen Export gab, bleibt",
    },
  },
  lastRun: {
    heading: "Letzter Löschlauf",
    never: "Der Löschjob ist in deinem Unternehmen noch nicht gelaufen. Er läuft einmal am Tag.",
    ranAt: "Gelaufen am {{date}}. Entfernt:",
    nothing: "Gelaufen am {{date}}. Nichts war fällig.",
    counts: {
      invitations: "Einladungen: {{count}}",
      auditEvents: "Protokolleinträge: {{count}}",
      accessLog: "Einträge im Zugriffsprotokoll: {{count}}",
      jobFailures: "Fehlgeschlagene Jobs: {{count}}",
      dataExports: "Downloads von Datenexporten: {{count}}",
    },
    globalNote:
      "Abgelaufene Sitzungen und Anmeldelinks werden im selben Lauf gelöscht; sie gehören Personen, nicht einem Unternehmen, deshalb werden sie hier nicht gezählt.",
  },
  errors: {
    number: "Gib eine Zahl ein.",
    integer: "Gib ganze Monate ein.",
    retention_range:
      "Wähle zwischen 6 und 120 Monaten. Weniger als 6 Monate sind nicht möglich: Betriebsrat und Datenschutzbeauftragte brauchen mindestens so viel Verlauf.",
    generic: "Das konnte nicht gespeichert werden. Bitte prüfe die Werte.",
  },
} satisfies Dictionary<typeof en>;
