/** Texts of the retention pages (issue 13; en and de, "du" form). */
export const retention = {
  en: {
    title: "Privacy and retention",
    lead: "How long Chorus keeps which data in your company, and the strict works-council mode. A daily job deletes whatever is due.",
    settings: {
      heading: "Settings",
      auditMonths: "Keep the audit log and the access log for (months)",
      auditMonthsHint:
        "Between 6 and 120 months; default 24. At least 6 months, because the works council and the data protection officer need a trail that reaches back at least that far to check who changed what and who looked at whose figures, and people need time to ask.",
      strictMode: "Strict works-council mode",
      strictModeHint:
        "No individual figures for anyone but the person themself. See below for exactly what changes.",
      save: "Save settings",
      saved: "Settings saved.",
    },
    strict: {
      heading: "What strict works-council mode does",
      lead: "For works councils that want no individual figures outside the person's own view. When it is on:",
      items: {
        leaderboard:
          "The leaderboard is switched off, and nobody sees another person's points, badges or points history.",
        managers:
          "Managers see only the credit statements their reports have released (and may export those) — no live attainment and no activity.",
        groups:
          "Comms leads and admins see figures in groups only, each of at least 5 people (or your larger minimum group size), never per person; held-back clicks are reviewed without the sharer's name.",
        self: "Everyone still sees all their own figures, points and statements.",
      },
    },
    rules: {
      heading: "Retention rules in force",
      lead: "Read from the same settings and constants the deletion jobs use.",
      data: "Data",
      kept: "Kept",
      sessions: {
        name: "Sign-in sessions",
        rule: "until they expire: {{idleDays}} days without use, at most {{absoluteDays}} days; then deleted",
      },
      signInTokens: {
        name: "Sign-in links",
        rule: "{{count}} day after they were used or expired, then deleted; a link is valid for minutes and works once",
      },
      invitations: {
        name: "Invitations",
        rule: "{{count}} days after they were accepted or expired, then deleted (an invitation still waiting for its manager to join stays until then)",
      },
      auditEvents: { name: "Audit log", rule: "{{count}} months, then deleted" },
      accessLog: { name: "Access log (who looked at whose figures)", rule: "{{count}} months, then deleted" },
      rawClicks: {
        name: "Raw click events",
        rule: "{{count}} days, then deleted; only daily totals remain (its own job, every 6 hours, set under Reach)",
      },
      jobFailures: { name: "Failed background jobs (with their data)", rule: "{{count}} days, then deleted" },
      dataExports: {
        name: "Data exports (“Download my data”)",
        rule: "the download works {{count}} days, then its content is deleted; the note that an export happened stays",
      },
    },
    lastRun: {
      heading: "Last deletion run",
      never: "The deletion job has not run in your company yet. It runs once a day.",
      ranAt: "Ran on {{date}}. Removed:",
      nothing: "Ran on {{date}}. Nothing was due.",
      counts: {
        invitations: "Invitations: {{count}}",
        auditEvents: "Audit log entries: {{count}}",
        accessLog: "Access log entries: {{count}}",
        jobFailures: "Failed jobs: {{count}}",
        dataExports: "Data export downloads: {{count}}",
      },
      globalNote:
        "Expired sessions and sign-in links are deleted in the same run; they belong to people, not to one company, so they are not counted here.",
    },
    errors: {
      number: "Enter a number.",
      integer: "Enter whole months.",
      retention_range:
        "Choose between 6 and 120 months. Less than 6 months is not allowed: the works council and the data protection officer need at least that much history.",
      generic: "This could not be saved. Please check the values.",
    },
  },
  de: {
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
  },
} as const;
