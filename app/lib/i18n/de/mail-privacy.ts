import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/mail-privacy.ts";

/** The data export mail (emails/data-export-ready.tsx) (German). */
export default {
  exportReady: {
    subject: "Deine Daten bei {{tenantName}} stehen zum Download bereit",
    heading: "Deine Daten sind bereit",
    body: "Du hast eine Kopie aller Daten angefordert, die Chorus bei {{tenantName}} über dich speichert. Sie liegt als JSON-Datei für dich bereit.",
    expires:
      "Der Link funktioniert bis {{when}} und nur, wenn du angemeldet bist. Danach löschen wir die Datei.",
    page: "Eine lesbare Zusammenfassung und alle deine Downloads findest du unter „Meine Daten“:",
    button: "JSON-Datei herunterladen",
    why: "Du erhältst diese E-Mail, weil du deine Daten angefordert hast (DSGVO Art. 15 und 20). Warst du das nicht, sag deinem Admin Bescheid.",
  },
} satisfies Dictionary<typeof en>;
