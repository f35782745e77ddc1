/** Texts of the Teams and Slack pages: channels, the Slack workspace, the Teams app and tab (issue 17) (German). */
export default {
  // the admin page /t/<slug>/admin/chat (channels of both providers)
  channels: {
    title: "Teams und Slack",
  },
  // Microsoft Teams: adding a channel by its Workflows webhook, the app package, the tab
  teams: {
    // the Teams app package (manifest texts) and its personal tab (H4)
    app: {
      shortName: "Chorus",
      fullName: "Chorus – {{tenant}}",
      shortDescription: "Teile die neuesten Beiträge deines Unternehmens mit einem Tipp aus Teams.",
      fullDescription:
        "Chorus zeigt dir die Beiträge, die {{tenant}} gern geteilt sähe, mit Textvorschlägen für LinkedIn und X. Such dir einen aus, teile ihn mit einem Tipp auf deinem eigenen Profil oder schlag selbst Inhalte vor.",
      tabName: "Zum Teilen",
    },
    tab: {
      title: "Beiträge zum Teilen",
      lead: "„Teilen“ öffnet Chorus in deinem Browser, der Text ist schon vorbereitet.",
      share: "Teilen",
      shareLabel: "„{{title}}“ teilen (öffnet sich in deinem Browser)",
      suggest: "Inhalt vorschlagen",
      hub: "Alle Beiträge",
      newWindow: "(öffnet sich in deinem Browser)",
      empty:
        "Gerade gibt es nichts zu teilen. Neue Beiträge erscheinen hier, sobald sie veröffentlicht sind.",
      more: "Weitere Beiträge in Chorus",
      signedOutTitle: "Bei Chorus anmelden",
      signedOutBody:
        "Teams gibt deine Anmeldung bei Chorus nicht an diesen Tab weiter. Öffne Chorus in deinem Browser: Dort warten die Beiträge zum Teilen, jeweils mit einem Tipp.",
      signIn: "Chorus öffnen und anmelden",
    },
  },
  // Slack: "Add to Slack", the installation, slash command answers
  slack: {
    installed: "Chorus ist jetzt in eurem Slack-Workspace {{team}}.",
    removed: "Chorus wurde aus eurem Slack-Workspace entfernt.",
  },
  // the member's own choice: the weekly digest as a personal Slack message
  personal: {},
  errors: {
    chat_server_not_configured:
      "Teams und Slack lassen sich auf diesem Server noch nicht einrichten: Er braucht einen Schlüssel, um Webhook-Adressen und Tokens zu speichern (SECRETS_KEYS). Frag, wer Chorus für euch betreibt.",
    teams_webhook_invalid:
      "Das ist nicht die Adresse eines Teams-Workflows. Füge in Teams unter „Workflows“ die Vorlage hinzu, die beim Empfang einer Webhookanforderung in einen Teams-Kanal postet, und kopiere die ganze Adresse, die sie anzeigt: Sie beginnt mit https:// und ihr Host endet auf logic.azure.com oder environment.api.powerplatform.com.",
    teams_webhook_not_found:
      "Teams kennt diese Adresse nicht: Der Workflow wurde gelöscht oder ausgeschaltet, oder die Adresse wurde nicht vollständig kopiert. Kopiere sie noch einmal aus dem Workflow.",
    teams_webhook_refused:
      "Teams hat die Testnachricht an diese Adresse abgelehnt. Prüf, ob der Workflow eingeschaltet ist und du die ganze Adresse kopiert hast, und versuch es noch einmal.",
    teams_webhook_unreachable:
      "Die Testnachricht ist nicht bei Teams angekommen (keine Antwort in der Zeit, oder Teams ist ausgelastet). Es wurde nichts gespeichert; versuch es in ein paar Minuten noch einmal.",
    slack_not_configured:
      "Slack ist auf diesem Server nicht eingerichtet (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET und SLACK_SIGNING_SECRET). Frag, wer Chorus für euch betreibt.",
    slack_not_installed: "Füge Chorus zuerst zu eurem Slack-Workspace hinzu („Zu Slack hinzufügen“).",
    slack_state_mismatch:
      "Diese Antwort von Slack gehört zu keiner hier gestarteten Installation, oder es hat länger als 10 Minuten gedauert. Starte „Zu Slack hinzufügen“ noch einmal.",
    slack_denied: "Die Installation wurde in Slack abgebrochen. Es wurde nichts geändert.",
    slack_oauth_failed:
      "Slack hat die Installation nicht abgeschlossen. Es wurde nichts gespeichert; versuch es in ein paar Minuten noch einmal.",
    slack_team_taken:
      "Dieser Slack-Workspace ist in Chorus schon mit einem anderen Unternehmen verbunden. Ein Workspace kann nur zu einem Unternehmen gehören.",
    slack_channel_invalid:
      "Das ist keine Slack-Channel-ID. Öffne in Slack die Details des Channels: Die ID steht ganz unten und beginnt mit C oder G.",
    slack_channel_exists: "Dieser Slack-Channel ist schon in der Liste.",
    slack_not_in_channel:
      "Chorus ist noch nicht Mitglied dieses Channels. Schreib im Channel /invite @Chorus und versuch es noch einmal.",
    slack_channel_not_found:
      "Slack kennt diesen Channel in eurem Workspace nicht, oder er ist archiviert. Prüf die Channel-ID.",
    slack_send_failed:
      "Die Testnachricht ist nicht bei Slack angekommen. Es wurde nichts gespeichert; versuch es in ein paar Minuten noch einmal.",
  },
};
