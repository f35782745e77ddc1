import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/digest.ts";

/** Texts of the weekly digest, provider metrics and background jobs pages (German). */
export default {
  preference: {
    title: "Wochenüberblick",
    label: "Wochenüberblick per E-Mail",
    hintAdvocate:
      "Jeden Montagmorgen: neue Beiträge für dich und was deine geteilten Beiträge letzte Woche erreicht haben.",
    hintComms:
      "Jeden Montagmorgen: die Woche des Programms (geteilte Beiträge, Klicks, Beteiligung, Top-Beiträge, offene gemeldete Diskussionen). Wenn du selbst am Programm teilnimmst, erfährst du in einer zweiten E-Mail, welche Beiträge neu für dich sind und was deine geteilten Beiträge erreicht haben.",
    save: "Speichern",
    saved: "Gespeichert. Du bekommst den Wochenüberblick.",
    savedOff: "Gespeichert. Du bekommst keinen Wochenüberblick mehr.",
  },
  providerMetrics: {
    label: "Gemessene Impressionen von LinkedIn abrufen (Beitragsstatistik der Mitglieder)",
    hint: "Dafür muss LinkedIn deine App für die Community Management API freigegeben haben (Berechtigung r_member_postAnalytics). Danach werden Mitglieder beim Verbinden mit LinkedIn um diese Berechtigung gebeten, und Chorus ruft stündlich Impressionen und Reaktionen der Beiträge ab, die in den letzten 30 Tagen über Chorus gepostet wurden. Gemessene Zahlen ersetzen die Schätzung.",
  },
  jobs: {
    title: "Hintergrundjobs",
    lead: "Jobs, die auch nach allen Wiederholungen fehlgeschlagen sind. Erneut ausführen verwendet dieselben Eingaben.",
    empty: "Keine fehlgeschlagenen Jobs. Alles ist gelaufen.",
    tableCaption: "Fehlgeschlagene Jobs, neueste zuerst",
    job: "Job",
    failedAt: "Fehlgeschlagen",
    attempts: "Versuche",
    error: "Fehler",
    details: "Details",
    payload: "Eingaben",
    jobId: "Job-ID: {{id}}",
    retry: "Erneut ausführen",
    retryLabel: "{{job}} erneut ausführen",
    retried: "{{job}} wurde erneut eingeplant.",
    notFound: "Diesen Fehler gibt es nicht mehr. Lade die Seite neu.",
    unknownJob: "Diesen Job gibt es in dieser Version von Chorus nicht mehr.",
    invalidPayload:
      "Die gespeicherten Eingaben passen nicht mehr zu diesem Job, daher kann er nicht erneut laufen.",
    generic: "Das hat nicht geklappt. Bitte versuche es noch einmal.",
    names: {
      "send-email": "E-Mail senden",
      "fetch-post-preview": "Linkvorschau abrufen",
      "publish-due-posts": "Geplante Beiträge veröffentlichen",
      "drain-clicks": "Linkklicks erfassen",
      "rollup-reach": "Reichweitenzahlen berechnen",
      "purge-clicks": "Alte Klickdaten löschen",
      "fetch-provider-metrics": "Gemessene Zahlen von Netzwerken abrufen",
      "send-weekly-digests": "Wochenüberblicke senden",
      "process-stripe-event": "Abrechnungsereignis von Stripe verarbeiten",
      "sync-seats": "Plätze im Abo aktualisieren",
      "award-points": "Anerkennungspunkte vergeben",
      "close-goal-periods": "Zielzeiträume abschließen",
    },
  },
} satisfies Dictionary<typeof en>;
