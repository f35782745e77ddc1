import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/erasure.ts";

/** Texts of the erasure of a person (issue 13; en and de, "du" form) (German). */
export default {
  title: "Diese Person löschen",
  lead: "Die Löschung entfernt {{name}} endgültig aus {{company}} (Art. 17 DSGVO). Sie lässt sich nicht rückgängig machen.",
  whatHappens: "Was passiert",
  happens: {
    pseudonym:
      "Name und E-Mail-Adresse werden überall in {{company}} gelöscht oder durch ein Pseudonym wie „Gelöschtes Mitglied 7f3a9c“ ersetzt: in der Mitgliederliste, in Einladungen, im Audit- und Zugriffsprotokoll, bei Kudos, in Zielvereinbarungen und Nachweisen, in Notizen und Texten, die die Person nennen.",
    deleted:
      "Social-Media-Profile, Einwilligungen und Einstellungen werden gelöscht. Eine LinkedIn-Verbindung wird bei LinkedIn widerrufen und dann gelöscht. Ausstehende E-Mails und Anmeldelinks an die Person entfallen.",
    totals:
      "Geteilte Beiträge, Klicks, Reichweite und Punkte bleiben unter dem Pseudonym erhalten, damit die Summen des Unternehmens weiter stimmen.",
    account:
      "Das Anmeldekonto wird gelöscht, außer die Person gehört auch zu einem anderen Unternehmen: Diese Mitgliedschaft bleibt unverändert.",
  },
  exported:
    "Bereits exportierte Nachweise (PDF, CSV, JSON oder über die API) bleiben so, wie sie exportiert wurden, mit den Namen: Diese Kopien erreicht Chorus nicht. Die Kopien in Chorus werden pseudonymisiert, ihre Prüfsumme ändert sich.",
  confirmLabel: "E-Mail-Adresse von {{name}}, zur Bestätigung",
  confirmHint: "Gib {{email}} ein, um zu bestätigen, dass du diese Person meinst.",
  submit: "Endgültig löschen",
  done: "Gelöscht. Die Mitgliedschaft heißt jetzt „{{pseudonym}}“.",
  doneExported_one:
    "{{count}} Nachweis war schon exportiert: Diese Kopie trägt außerhalb von Chorus weiter die Namen.",
  doneExported_other:
    "{{count}} Nachweise waren schon exportiert: Diese Kopien tragen außerhalb von Chorus weiter die Namen.",
  doneAccountKept: "Das Anmeldekonto bleibt, weil die Person zu einem anderen Unternehmen gehört.",
  doneFrozen_one:
    "{{count}} Text ließ sich nicht umschreiben (eine Regel der Datenbank): Er nennt die Person weiter. Bitte wende dich an deinen Chorus-Betreiber.",
  doneFrozen_other:
    "{{count}} Texte ließen sich nicht umschreiben (eine Regel der Datenbank): Sie nennen die Person weiter. Bitte wende dich an deinen Chorus-Betreiber.",
  doneLinkedInNotRevoked:
    "Die LinkedIn-Verbindung ließ sich bei LinkedIn nicht widerrufen (LinkedIn hat nicht geantwortet, oder die LinkedIn-App des Unternehmens fehlt oder ist ausgeschaltet). Chorus hat sie gelöscht, LinkedIn hält Chorus aber womöglich noch für berechtigt: Die Person kann Chorus bei LinkedIn unter Einstellungen → Datenschutz → Zugelassene Dienste entfernen.",
  erased:
    "Diese Mitgliedschaft gehörte einer Person, die gelöscht wurde. Sie behält das Pseudonym, damit die Summen des Unternehmens weiter stimmen.",
  statementPseudonymised:
    "Pseudonymisiert am {{date}}: Eine Person, die dieser Nachweis nennt, wurde gelöscht und ihr Name durch ein Pseudonym ersetzt (die Prüfsumme hat sich damit geändert). Vorher exportierte Kopien tragen weiter die Namen und die alte Prüfsumme.",
  errors: {
    email: "Gib eine E-Mail-Adresse ein.",
    mismatch: "Das ist nicht die E-Mail-Adresse dieses Mitglieds.",
  },
} satisfies Dictionary<typeof en>;
