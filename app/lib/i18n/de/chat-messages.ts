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
    title: "Die Beiträge dieser Woche zum Teilen",
    week: "{{tenantName}} · Woche vom {{date}}",
    intro:
      "Such dir einen aus: Die Teilen-Seite öffnet sich mit Netzwerk und Textvorschlag schon ausgewählt.",
    empty:
      "Diese Woche gibt es keine neuen Beiträge. Hast du etwas gefunden, das sich zu teilen lohnt? Schlag es vor.",
    more_one: "Und {{count}} weiterer Beitrag unter „Inhalte zum Teilen“.",
    more_other: "Und {{count}} weitere Beiträge unter „Inhalte zum Teilen“.",
    hub: "Alle Inhalte zum Teilen",
    suggest: "Inhalt vorschlagen",
  },
  test: {
    title: "Chorus ist mit {{channelName}} verbunden",
    text: "Neue Beiträge von {{tenantName}} zum Teilen erscheinen hier, jeweils mit einem Link, um sie mit zwei Klicks zu teilen. Welche Themen hier ankommen, die Ruhezeiten und wie viele am Tag, legt das Kommunikationsteam in Chorus fest.",
  },
  command: {},
};
