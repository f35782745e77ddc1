/** Texts of the erasure of a person (issue 13; en and de, "du" form). */
export const erasure = {
  en: {
    title: "Erase this person",
    lead: "Erasing removes {{name}} from {{company}} for good (GDPR Art. 17). It cannot be undone.",
    whatHappens: "What happens",
    happens: {
      pseudonym:
        "Their name and email address are deleted or replaced by a pseudonym such as “Erased member 7f3a9c” everywhere in {{company}}: the member list, invitations, the audit and access logs, kudos, goal agreements and statements, notes and texts that name them.",
      deleted:
        "Their social profiles, consents and preferences are deleted. A LinkedIn connection is revoked at LinkedIn, then deleted. Pending mails and sign-in links to them are dropped.",
      totals:
        "Their shares, clicks, reach and points stay, under the pseudonym, so the company's totals still add up.",
      account:
        "Their sign-in account is deleted, unless they also belong to another company: that membership stays as it is.",
    },
    exported:
      "Statements that were already exported (PDF, CSV, JSON or through the API) stay as they were exported, with the names: Chorus cannot reach those copies. The copies in Chorus are pseudonymised, and their check sum changes.",
    confirmLabel: "Email address of {{name}}, to confirm",
    confirmHint: "Type {{email}} to confirm that you mean this person.",
    submit: "Erase for good",
    done: "Erased. The membership is now called “{{pseudonym}}”.",
    doneExported_one:
      "{{count}} statement had been exported before: that copy still carries the names outside Chorus.",
    doneExported_other:
      "{{count}} statements had been exported before: those copies still carry the names outside Chorus.",
    doneAccountKept: "Their sign-in account stays, because they belong to another company.",
    doneFrozen_one:
      "{{count}} text refused to be rewritten (a rule of the database): it still names the person. Ask your Chorus operator to look into it.",
    doneFrozen_other:
      "{{count}} texts refused to be rewritten (a rule of the database): they still name the person. Ask your Chorus operator to look into it.",
    doneLinkedInNotRevoked:
      "Their LinkedIn connection could not be revoked at LinkedIn (LinkedIn did not answer, or the company's LinkedIn app is missing or switched off). Chorus deleted it, but LinkedIn may still consider Chorus authorised: the person can remove Chorus under LinkedIn's Settings → Data privacy → Permitted services.",
    erased:
      "This membership belonged to a person who was erased. It keeps the pseudonym so the company's totals still add up.",
    statementPseudonymised:
      "Pseudonymised on {{date}}: a person named in this statement was erased, and their name replaced by a pseudonym (the check sum changed with it). Copies exported before still carry the names and the old check sum.",
    errors: {
      email: "Enter an email address.",
      mismatch: "That is not this member's email address.",
    },
  },
  de: {
    title: "Diese Person löschen",
    lead: "Die Löschung entfernt {{name}} endgültig aus {{company}} (Art. 17 DSGVO). Sie lässt sich nicht rückgängig machen.",
    whatHappens: "Was passiert",
    happens: {
      pseudonym:
        "Name und E-Mail-Adresse werden überall in {{company}} gelöscht oder durch ein Pseudonym wie „Gelöschtes Mitglied 7f3a9c“ ersetzt: in der Mitgliederliste, in Einladungen, im Audit- und Zugriffsprotokoll, bei Kudos, in Zielvereinbarungen und Nachweisen, in Notizen und Texten, die die Person nennen.",
      deleted:
        "Social-Media-Profile, Einwilligungen und Einstellungen werden gelöscht. Eine LinkedIn-Verbindung wird bei LinkedIn widerrufen und dann gelöscht. Ausstehende E-Mails und Anmeldelinks an die Person entfallen.",
      totals:
        "Shares, Klicks, Reichweite und Punkte bleiben unter dem Pseudonym erhalten, damit die Summen des Unternehmens weiter stimmen.",
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
      "Die LinkedIn-Verbindung ließ sich bei LinkedIn nicht widerrufen (LinkedIn hat nicht geantwortet, oder die LinkedIn-App der Firma fehlt oder ist ausgeschaltet). Chorus hat sie gelöscht, LinkedIn hält Chorus aber womöglich noch für berechtigt: Die Person kann Chorus bei LinkedIn unter Einstellungen → Datenschutz → Zugelassene Dienste entfernen.",
    erased:
      "Diese Mitgliedschaft gehörte einer Person, die gelöscht wurde. Sie behält das Pseudonym, damit die Summen des Unternehmens weiter stimmen.",
    statementPseudonymised:
      "Pseudonymisiert am {{date}}: Eine Person, die dieser Nachweis nennt, wurde gelöscht und ihr Name durch ein Pseudonym ersetzt (die Prüfsumme hat sich damit geändert). Vorher exportierte Kopien tragen weiter die Namen und die alte Prüfsumme.",
    errors: {
      email: "Gib eine E-Mail-Adresse ein.",
      mismatch: "Das ist nicht die E-Mail-Adresse dieses Mitglieds.",
    },
  },
} as const;
