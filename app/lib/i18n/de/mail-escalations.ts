import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/mail-escalations.ts";

/** The mail of a reported discussion (emails/escalation-reported.tsx) (German). */
export default {
  reported: {
    subject: "Gemeldete Diskussion: {{reporterName}} bittet um Hilfe",
    preview: "{{reporterName}} bittet das Kommunikationsteam, eine Diskussion zu übernehmen.",
    heading: "Eine Diskussion braucht euch",
    body: "{{reporterName}} hat bei {{tenantName}} eine Diskussion über das Unternehmen gemeldet:",
    note: "Was passiert:",
    advice:
      "Die meldende Person wurde gebeten, sich nicht weiter zu beteiligen. Bitte übernimm und markiere die Meldung danach als erledigt.",
    button: "Gemeldete Diskussionen öffnen",
    why: "Du erhältst diese E-Mail, weil du bei {{tenantName}} gemeldete Diskussionen bearbeitest.",
  },
} satisfies Dictionary<typeof en>;
