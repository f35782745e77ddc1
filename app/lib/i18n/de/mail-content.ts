import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/mail-content.ts";

/** Mails of the content workflow and suggestions (emails/review-requested.tsx, post-decision.tsx, suggestion-decision.tsx, suggestion-received.tsx) (German). */
export default {
  reviewRequested: {
    subject: "Neuer Beitrag zur Prüfung: {{postTitle}}",
    preview: "{{authorName}} bittet dich, „{{postTitle}}“ zu prüfen.",
    heading: "Neuer Beitrag zur Prüfung",
    body: "{{authorName}} hat bei {{tenantName}} einen Beitrag zur Prüfung eingereicht:",
    note: "Erst nach deiner Freigabe sehen ihn die Mitarbeitenden. Du kannst ihn freigeben oder mit einer Begründung ablehnen.",
    button: "Beitrag prüfen",
    why: "Du erhältst diese E-Mail, weil du bei {{tenantName}} Inhalte freigeben darfst.",
  },
  postDecision: {
    subject_approved: "Dein Beitrag wurde freigegeben: {{postTitle}}",
    subject_rejected: "Dein Beitrag wurde abgelehnt: {{postTitle}}",
    heading_approved: "Dein Beitrag ist freigegeben",
    heading_rejected: "Dein Beitrag wurde abgelehnt",
    body_approved:
      "{{deciderName}} hat deinen Beitrag freigegeben. Er wird zum geplanten Zeitpunkt für die Mitarbeitenden veröffentlicht.",
    body_rejected:
      "{{deciderName}} hat deinen Beitrag abgelehnt. Er ist wieder ein Entwurf: Du kannst ihn überarbeiten und erneut einreichen.",
    reason: "Begründung:",
    button: "Beitrag ansehen",
    why: "Du erhältst diese E-Mail, weil du diesen Beitrag verfasst hast.",
  },
  suggestionDecision: {
    subject_accepted: "Dein Vorschlag wird zu einem Beitrag",
    subject_declined: "Dein Vorschlag wurde abgelehnt",
    heading_accepted: "Danke für deinen Vorschlag!",
    heading_declined: "Zu deinem Vorschlag",
    intro: "Du hast diesen Link vorgeschlagen:",
    body_accepted:
      "Das Kommunikationsteam macht daraus einen Beitrag, und du wirst als Quelle genannt. Sobald er freigegeben ist, kann ihn das ganze Team teilen.",
    body_declined:
      "Das Kommunikationsteam hat sich entschieden, ihn nicht aufzunehmen. Danke, dass du mitdenkst – schlag gerne weiter Inhalte vor.",
    reason: "Begründung:",
    button: "Deine Vorschläge ansehen",
    why: "Du erhältst diese E-Mail, weil du diesen Inhalt vorgeschlagen hast.",
  },
  suggestionReceived: {
    subject: "Neuer Vorschlag von {{suggesterName}}",
    preview: "{{suggesterName}} schlägt einen Inhalt zum Teilen vor.",
    heading: "Neuer Vorschlag",
    body: "{{suggesterName}} hat bei {{tenantName}} diesen Link zum Teilen vorgeschlagen:",
    reason: "Warum es sich lohnt:",
    note: "Du kannst daraus einen Beitrag machen oder den Vorschlag mit einer Begründung ablehnen.",
    button: "Vorschläge ansehen",
    why: "Du erhältst diese E-Mail, weil du bei {{tenantName}} Vorschläge prüfst.",
  },
} satisfies Dictionary<typeof en>;
