import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/mail-escalations.ts";

/** The mail of a reported discussion (emails/escalation-reported.tsx) (German). */
export default {
  reported: {
    subject: "Eskalation: {{reporterName}} meldet eine Diskussion",
    preview: "{{reporterName}} bittet das Kommunikationsteam, eine Diskussion zu übernehmen.",
    heading: "Eine Diskussion braucht euch",
    body: "{{reporterName}} hat bei {{tenantName}} eine Diskussion über das Unternehmen gemeldet:",
    note: "Was passiert:",
    advice:
      "Die meldende Person wurde gebeten, sich nicht weiter zu beteiligen. Bitte übernimm und markiere die Meldung danach als erledigt.",
    button: "Eskalationen öffnen",
    why: "Du erhältst diese E-Mail, weil du bei {{tenantName}} Eskalationen bearbeitest.",
  },
} satisfies Dictionary<typeof en>;
