/** Texts of the dataMap pages: the data map and the papers for the works council and the DPO (issue 13; en and de, "du" form) (English). */
export default {
  title: "Privacy and works council",
  lead: "What Chorus records about the people in {{company}}, who can see it, where it is stored and how long it is kept. This page is generated from the app's own permission table and your company's current settings, so it always matches what the app does.",
  strictOn:
    "Strict works-council mode is on: nobody but the person sees individual figures. Managers see only statements released to them, comms leads only group figures, in whole, completed calendar months that each had enough people (so two date ranges cannot be subtracted down to one person's day), and held-back clicks without the sharer's name.",
  strictOff: "Strict works-council mode is off.",
  settingsTitle: "Settings this map is based on",
  mapTitle: "Data map",
  mapLead:
    "Each role column says what people with that role see of other people's data; a person always sees their own (column “The person”). One person may hold several roles.",
  caption: "Who can see which data, where it is stored and how long it is kept",
  columns: {
    data: "Data",
    self: "The person",
    stored: "Stored in (tables)",
    kept: "Kept for",
    gatedBy: "Permissions that gate it",
  },
  keptTitle: "Where it is stored and how long",
  keptCaption: "Storage, retention and the permissions behind each kind of data",
  nobody: "—",
  papersTitle: "Papers for the works council and the data protection officer",
  papersLead:
    "Drafts filled from this configuration, in German and English, as a page, Markdown or PDF. They contain nothing personal, so every member may read them. Have them reviewed by counsel before anyone signs.",
  papers: {
    "works-agreement": "Works agreement (draft)",
    "processing-record": "Record of processing activities (Art. 30 GDPR)",
    dpia: "Data protection impact assessment (outline, Art. 35 GDPR)",
  },
  formats: { page: "Read", md: "Markdown", pdf: "PDF" },
  downloadMd: "Download as Markdown",
  downloadPdf: "Download as PDF",
  back: "Back to the data map",
  draftNotice: "Draft generated from the current configuration — to be reviewed by counsel.",
  categories: {
    profile:
      "Profile: name, email, language, roles, team, manager, status, joined, last visit of Posts to share",
    consent_records: "Programme consent (text version, time), guideline acknowledgements",
    social_profiles: "Social profiles and follower counts you entered",
    linkedin_tokens: "LinkedIn access tokens",
    sso_identities:
      "Single sign-on: the person's id at the company's identity provider (Microsoft, Google or another), first and last sign-in through it",
    directory_ids: "The person's id in the company's directory (SCIM externalId)",
    shares: "Shares (post, network, time, verified or self-reported)",
    clicks_per_share: "Clicks per share",
    estimated_impressions: "Estimated and reported impressions",
    earned_media_value: "Earned media value",
    raw_click_events: "Raw click events (visitor key, bot flag, referrer host, time)",
    own_ip_keys: "Daily keys of a member's own IP address (never the address)",
    held_clicks: "Held-back clicks",
    points: "Points",
    leaderboard_rank: "Leaderboard rank",
    badges: "Badges",
    kudos: "Kudos given and received",
    goal_agreements: "Goal agreements: objectives, targets, status",
    goal_attainment: "Live goal attainment",
    credit_statements: "Credit statements",
    access_log: "Who looked at my figures (credit access log)",
    team_analytics: "Team and programme analytics (also in the comms leads' weekly digest)",
    audit_log: "Audit log",
    sessions: "Sign-in sessions",
    sign_in_links: "Sign-in links and invitations",
    suggestions: "Content suggestions",
    escalations: "Flagged discussions",
    preferences:
      "Preferences (leaderboard, kudos in digest, automatic release, weekly digest) and which digests were sent",
    data_exports: "Data exports (“Download my data”)",
    chat_digest:
      "Weekly digest as a personal Slack message: that the person asked for it, since when, the last week sent",
    failed_jobs: "Failed background jobs",
    authorship:
      "Authorship: who wrote, edited, approved or rejected posts, published guidelines, last changed a setting, added a Teams or Slack channel or the Slack workspace",
    api_tokens: "API tokens: who created them, last use",
    erasures: "Erasures: pseudonym, who erased, when",
    billing_contact: "The payer's billing contact as entered at Stripe (webhook events)",
  },
  self: {
    app: "sees all of it",
    export: "in their data export",
    counts: "only as counts",
    none: "not shown (used by the app only)",
    group: "not about one person: group figures",
  },
  conditions: {
    profile: "every member, individually",
    invitations: "pending invitations, individually",
    reporting_lines: "teams and reporting lines",
    opted_in: "only people who opted in to the leaderboard, by name",
    colleague_names: "names of active colleagues (to thank one of them)",
    kudos_recipient: "the recipient sees who thanked them and why",
    suggester: "with the suggester's name",
    suggestions_api:
      "through a “content” API token they create: suggestions with the suggester's member id and reason",
    reporter: "with the reporter's name",
    held_clicks: "with the sharer's name, post and day (never who clicked)",
    held_clicks_unnamed:
      "the click pattern (post, network, day, counts) without the sharer's name, to release or discard",
    agreement_terms: "own direct reports: objectives, targets and status only",
    live_attainment:
      "own direct reports after they accepted: attainment per objective and overall, not the activities",
    live_all_consented: "also the activities, for reports who consented to automatic release",
    released: "own direct reports: only statements released to them",
    released_export: "exports of released statements",
    released_api: "through a “credit” API token they create: released statements",
    correction: "may recompute a statement as a correction",
    job_payloads: "with the job's data, which may name a member",
    authors: "who wrote, edited, approved or rejected each post, by name",
    guideline_publisher: "who published which version of the guidelines",
    token_creators: "who created each API token and when it was last used",
    erasure_record: "the pseudonym, who erased and when (never the erased person's name or address)",
    agreement_periods: "all agreements to close periods: employee, manager, period and status, no figures",
    correction_reports: "may have a statement of an own direct report recomputed as a correction",
    directory_api:
      "through a “scim” API token they create for the company's directory: each member's directory id with name, address and status",
  },
  groups: "only groups of at least {{n}} people",
  retention: {
    membership:
      "until the person is erased from the company (by an admin or the operator), then deleted or pseudonymised; deactivation keeps it",
    membership_anonymise:
      "until the person leaves the programme with “anonymise” or is erased, then separated from their name (anonymous totals stay); deactivation keeps it",
    statements:
      "locked statements are kept until the person is erased, then pseudonymised (deactivation keeps them); copies already exported stay as exported",
    click_days: "{{days}} days, then only daily rollups remain",
    audit_months: "{{months}} months",
    sessions: "{{idle}} days without use, at most {{absolute}} days; then deleted",
    sign_in_one:
      "sign-in links are valid {{minutes}} minutes and deleted a day after use or expiry; invitations are valid {{days}} days and deleted {{inviteGrace}} days after acceptance or expiry",
    sign_in_other:
      "sign-in links are valid {{minutes}} minutes and deleted {{count}} days after use or expiry; invitations are valid {{days}} days and deleted {{inviteGrace}} days after acceptance or expiry",
    member_ip_days: "about {{days}} days",
    failed_job_days: "{{days}} days",
    export_days: "the download link expires after {{days}} days, then the file is deleted",
    linkedin_tokens:
      "until the person disconnects (deleted here, not revoked at LinkedIn), is deactivated or erased (revoked at LinkedIn and deleted); leaving the programme keeps it",
    computed: "not stored: computed when shown",
    rollups:
      "daily totals, kept for the programme's history; members who left anonymised count as one anonymous group",
    tenant_record: "kept with the company's records; names only the pseudonym",
    billing_events: "kept as Stripe sent them; the app cannot read them, only operators",
    sso_binding:
      "until the person is erased, the directory moves them to another address, or the admin removes the identity provider; deactivation keeps it",
    directory_id:
      "until the directory changes or removes it, or the person is erased; deactivation by the directory keeps it",
    chat_digest:
      "until the person turns it off, is deactivated (also by the directory) or erased; then deleted",
  },
  logged: "logged for the person",
  operatorsTitle: "Operators (the server's command line)",
  operatorsLead:
    "Whoever runs Chorus's server can read its whole database. These commands hand out one person's data. “credit show”, “member export” and “member erase” are written to the audit log (part of the person's data export), none to “Who looked at my figures”.",
  operatorCommands: {
    "credit show": "one person's live figures as their statement would compute them (also in strict mode)",
    "member export": "everything about one person (their data export)",
    "member erase": "erases a person: pseudonymised everywhere",
    "job failures": "every company's failed jobs with their data",
    "token create": "creates API tokens; one with the “credit” scope reads every released statement",
    "token list": "the company's API tokens with who created them",
  },
  strictNarrowed: "narrowed by strict mode",
  settings: {
    releaseMode: "Statement release",
    releaseModes: {
      employee: "by the employee (works-council mode)",
      automatic: "automatic for employees who consented",
    },
    selfReported: "Self-reported shares earn points",
    weeklyCap: "Self-reported shares counted per week",
    minGroupSize: "Minimum group size",
    clickRetention: "Raw clicks kept (days)",
    auditRetention: "Audit and access logs kept (months)",
    strictMode: "Strict works-council mode",
    leaderboard: "Leaderboard",
    leaderboardRule: "opt-in per person (off until they switch it on)",
    yes: "yes",
    no: "no",
  },
  errors: {
    notFound: "There is no such paper.",
  },
};
