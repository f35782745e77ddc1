/** Texts of the billing page (en and de, "du" form). */
export const billing = {
  en: {
    title: "Billing",
    notConfigured:
      "Billing is not configured on this installation: every feature is available without limits.",
    checkoutSuccess:
      "Thank you! Your payment went through. The plan below updates as soon as Stripe confirms it (usually within seconds).",
    checkoutCancelled: "Checkout was cancelled. Nothing was charged.",
    currentPlan: "Current plan: {{plan}}",
    plans: { free: "Free", team: "Team", business: "Business" },
    phase: {
      off: "Billing is off.",
      trial:
        "You are trying Team for free until {{trialEnds}}. Afterwards the Free plan applies unless you subscribe.",
      free: "You are on the Free plan: up to 10 advocates, no goal agreements, no API.",
      active: "Your subscription is active.",
      grace:
        "A payment failed. Everything keeps working until {{graceEnds}}; please update your payment method before then, or sharing pauses.",
      paused:
        "Sharing and new tracked links are paused because the subscription is unpaid or has ended. Existing links keep working and no data is lost. Paying restores everything at once.",
    },
    seatsUsed: "Advocates (seats in use)",
    seatsPaid: "Seats paid",
    nextInvoice: "Next invoice",
    endsAtPeriodEnd: "None: the subscription ends with the current period",
    none: "—",
    freeLimit: "The Free plan allows at most {{max}} opted-in advocates.",
    upgradeTitle: "Subscribe",
    manageTitle: "Manage your subscription",
    upgradeLead:
      "You pay per opted-in advocate per month; you start with {{seats}} seat(s), and the count follows as people join or leave.",
    upgradeTo: "Upgrade to {{plan}}",
    planSummary:
      "Team: unlimited advocates and goal agreements. Business: adds the API, audit export and SSO-ready settings.",
    openPortal: "Manage payment method, plan or cancellation",
    invoices: "Invoices",
    noInvoices: "No invoices yet.",
    invoicesUnavailable: "Invoices cannot be loaded from Stripe right now. Please try again later.",
    invoiceDate: "Date",
    invoiceNumber: "Number",
    invoiceTotal: "Total",
    invoiceStatus: "Status",
    invoiceStatuses: {
      paid: "Paid",
      open: "Open",
      draft: "Draft",
      void: "Void",
      uncollectible: "Uncollectible",
    },
    errors: {
      invalid: "That request was not understood. Please try again.",
      already_subscribed:
        "You already have a subscription. Change it through “Manage payment method, plan or cancellation”.",
      no_customer: "There is no subscription to manage yet.",
      billing_off: "Billing is not configured on this installation.",
      stripe_unavailable: "Stripe could not be reached. Nothing was changed; please try again in a moment.",
    },
    advocateLimit:
      "The Free plan allows at most {{max}} advocates, and all places are taken. Please ask an admin to upgrade.",
    banner: {
      pastDue: "A payment failed. Sharing pauses on {{graceEnds}} unless the invoice is paid.",
      paused: "Sharing is paused: the subscription is unpaid or has ended. Existing links keep working.",
      fix: "Go to Billing",
      pausedForMembers: "Sharing is paused for now. Your admin has been told; existing links keep working.",
    },
  },
  de: {
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
      "Der Free-Tarif erlaubt höchstens {{max}} Botschafter:innen, und alle Plätze sind belegt. Bitte bitte eine:n Admin, den Tarif zu upgraden.",
    banner: {
      pastDue:
        "Eine Zahlung ist fehlgeschlagen. Am {{graceEnds}} pausiert das Teilen, wenn die Rechnung nicht bezahlt ist.",
      paused:
        "Teilen ist pausiert: Das Abo ist unbezahlt oder beendet. Bestehende Links funktionieren weiter.",
      fix: "Zur Abrechnung",
      pausedForMembers:
        "Teilen ist gerade pausiert. Deine Admins wissen Bescheid; bestehende Links funktionieren weiter.",
    },
  },
};
