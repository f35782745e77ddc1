/** Texts inside Teams cards and Slack messages (issue 17): never anyone's figures (German). */
export default {
  post: {
    kicker: "Neu zum Teilen · {{tenantName}}",
    topics: "Themen: {{topics}}",
    caption: "Textvorschlag",
    note: "Warum teilen?",
    imageAlt: "Vorschaubild: {{title}}",
    shareLinkedIn: "Auf LinkedIn teilen",
    shareX: "Auf X teilen",
    more: "Mehr …",
    suggest: "Inhalt vorschlagen",
  },
  digest: {
    title: "Beiträge der letzten Woche zum Teilen",
    week: "{{tenantName}} · Woche vom {{date}}",
    intro:
      "Such dir einen aus: Die Teilen-Seite öffnet sich mit Netzwerk und Textvorschlag schon ausgewählt.",
    empty:
      "Letzte Woche gab es keine neuen Beiträge. Hast du etwas gefunden, das sich zu teilen lohnt? Schlag es vor.",
    more_one: "Und {{count}} weiterer Beitrag unter „Inhalte zum Teilen“.",
    more_other: "Und {{count}} weitere Beiträge unter „Inhalte zum Teilen“.",
    hub: "Alle Inhalte zum Teilen",
    suggest: "Inhalt vorschlagen",
  },
  test: {
    title: "Chorus ist mit {{channelName}} verbunden",
    text: "Neue Beiträge von {{tenantName}} zum Teilen erscheinen hier, jeweils mit einem Link, über den du sie gleich teilen kannst. Welche Themen hier ankommen, die Ruhezeiten und wie viele am Tag, legt das Kommunikationsteam in Chorus fest.",
  },
  command: {
    working: "Einen Moment…",
    defaultReason: "In Slack vorgeschlagen",
    listTitle: "Neueste Beiträge zum Teilen · {{tenantName}}",
    listEmpty:
      "Gerade gibt es nichts zu teilen. Neue Beiträge erscheinen hier, sobald sie veröffentlicht sind.",
    share: "Teilen",
    help: "*/chorus* – die neuesten Beiträge zum Teilen, jeweils mit Teilen-Knöpfen\n*/chorus suggest <Link>* – schlag deinem Kommunikationsteam einen Link zum Teilen vor\n*/chorus help* – diese Hilfe",
    suggested: "Danke! Dein Vorschlag {{url}} ist bei deinem Kommunikationsteam.",
    badUrl:
      "Das sieht nicht nach einem Link aus. Schreib /chorus suggest und danach eine Webadresse, die mit https:// beginnt.",
    noMember:
      "Chorus kennt dich noch nicht: Deine E-Mail-Adresse in Slack gehört zu keinem aktiven Mitglied von {{tenantName}}. Melde dich bei Chorus mit derselben Adresse an oder frag dein Kommunikationsteam.",
    notInstalled:
      "Chorus ist nicht mehr mit diesem Slack-Workspace verbunden. Bitte eine Admin-Person, es wieder hinzuzufügen.",
    failed: "Das hat nicht geklappt. Versuch es in einer Minute noch einmal.",
    tooMany: "Du hast in kurzer Zeit sehr viel vorgeschlagen. Versuch es in ein paar Minuten noch einmal.",
    suggestFailed: "Dein Vorschlag konnte nicht angelegt werden: {{reason}}",
  },
};
