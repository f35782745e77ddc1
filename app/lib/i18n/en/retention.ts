/** Texts of the retention pages (issue 13; en and de, "du" form) (English). */
export default {
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
};
