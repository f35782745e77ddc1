import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/billing.ts";

/** Texts of the billing page (German). */
export default {
  title: "Abrechnung",
  notConfigured:
    "Die Abrechnung ist in dieser Installation nicht eingerichtet: Alle Funktionen sind ohne Einschränkung verfügbar.",
  checkoutSuccess:
    "Danke! Deine Zahlung ist durchgegangen. Der Tarif unten aktualisiert sich, sobald Stripe sie bestätigt (meist in Sekunden).",
  checkoutCancelled: "Der Checkout wurde abgebrochen. Es wurde nichts berechnet.",
  currentPlan: "Aktueller Tarif: {{plan}}",
  plans: { free: "Free", team: "Team", business: "Business" },
  phase: {
    off: "Die Abrechnung ist aus.",
    trial:
      "Du testest Team kostenlos bis {{trialEnds}}. Danach gilt der Free-Tarif, wenn du kein Abo abschließt.",
    free: "Du nutzt den Free-Tarif: bis zu 10 Botschafter:innen, keine Zielvereinbarungen, keine API.",
    active: "Dein Abo ist aktiv.",
    grace:
      "Eine Zahlung ist fehlgeschlagen. Bis {{graceEnds}} funktioniert alles weiter; bitte aktualisiere vorher deine Zahlungsmethode, sonst pausiert das Teilen.",
    paused:
      "Teilen und neue Tracking-Links sind pausiert, weil das Abo unbezahlt oder beendet ist. Bestehende Links funktionieren weiter, es gehen keine Daten verloren. Sobald bezahlt ist, geht sofort alles wieder.",
  },
  seatsUsed: "Botschafter:innen (genutzte Plätze)",
  seatsPaid: "Bezahlte Plätze",
  nextInvoice: "Nächste Rechnung",
  endsAtPeriodEnd: "Keine: Das Abo endet mit dem laufenden Zeitraum",
  none: "—",
  freeLimit: "Der Free-Tarif erlaubt höchstens {{max}} teilnehmende Botschafter:innen.",
  upgradeTitle: "Abo abschließen",
  manageTitle: "Abo verwalten",
  upgradeLead:
    "Du zahlst pro teilnehmender Botschafter:in und Monat; du startest mit {{seats}} Platz/Plätzen, die Zahl folgt, wenn Leute beitreten oder gehen.",
  upgradeTo: "Auf {{plan}} upgraden",
  planSummary:
    "Team: unbegrenzt Botschafter:innen und Zielvereinbarungen. Business: dazu API, Audit-Export und SSO-fähige Einstellungen.",
  openPortal: "Zahlungsmethode, Tarif oder Kündigung verwalten",
  invoices: "Rechnungen",
  noInvoices: "Noch keine Rechnungen.",
  invoicesUnavailable:
    "Die Rechnungen können gerade nicht von Stripe geladen werden. Bitte versuch es später noch einmal.",
  invoiceDate: "Datum",
  invoiceNumber: "Nummer",
  invoiceTotal: "Summe",
  invoiceStatus: "Status",
  invoiceStatuses: {
    paid: "Bezahlt",
    open: "Offen",
    draft: "Entwurf",
    void: "Storniert",
    uncollectible: "Uneinbringlich",
  },
  errors: {
    invalid: "Diese Anfrage wurde nicht verstanden. Bitte versuch es noch einmal.",
    already_subscribed:
      "Du hast schon ein Abo. Ändere es über „Zahlungsmethode, Tarif oder Kündigung verwalten“.",
    no_customer: "Es gibt noch kein Abo zu verwalten.",
    billing_off: "Die Abrechnung ist in dieser Installation nicht eingerichtet.",
    stripe_unavailable:
      "Stripe ist gerade nicht erreichbar. Es wurde nichts geändert; bitte versuch es gleich noch einmal.",
  },
  advocateLimit:
    "Der Free-Tarif erlaubt höchstens {{max}} Botschafter:innen, und alle Plätze sind belegt. Eine Admin-Person kann den Tarif unter Admin → Abrechnung wechseln.",
} satisfies Dictionary<typeof en>;
