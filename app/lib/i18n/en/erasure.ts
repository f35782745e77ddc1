/** Texts of the erasure of a person (issue 13; en and de, "du" form) (English). */
export default {
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
};
