import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/mail-goals.ts";

/** The goal agreement mail (emails/goal-agreement.tsx) (German). */
export default {
  agreement: {
    subject_proposed: "Zielvereinbarung {{periodLabel}}: {{actorName}} schlägt dir Ziele vor",
    subject_commented: "Zielvereinbarung {{periodLabel}}: {{actorName}} hat kommentiert",
    subject_accepted: "Zielvereinbarung {{periodLabel}}: {{actorName}} hat angenommen",
    body_proposed:
      "{{actorName}} schlägt dir Advocacy-Ziele für {{periodLabel}} vor. Sieh sie dir an und nimm sie an oder schreib einen Kommentar.",
    body_commented:
      "{{actorName}} hat deinen Vorschlag für {{periodLabel}} kommentiert. Du kannst ihn überarbeiten und erneut vorschlagen.",
    body_accepted:
      "{{actorName}} hat die Zielvereinbarung für {{periodLabel}} angenommen. Ab jetzt zählt sie.",
    comment: "Kommentar:",
    button: "Zielvereinbarung öffnen",
    why: "Du erhältst diese E-Mail, weil du an dieser Zielvereinbarung beteiligt bist.",
  },
} satisfies Dictionary<typeof en>;
