/** Texts of the Teams and Slack pages: channels, the Slack workspace, the Teams app and tab (issue 17) (German). */
export default {
  // the admin page /t/<slug>/admin/chat (channels of both providers)
  channels: {
    title: "Teams und Slack",
    lead: "Neue Beiträge und die Wochenübersicht als Nachrichten in Teams und Slack, wo deine Leute ohnehin lesen, jeweils mit einem Link zum Teilen mit einem Tipp.",
    listTitle: "Chat-Kanäle",
    empty:
      "Noch keine Chat-Kanäle. Füge unten einen Teams-Kanal hinzu (oder einen Slack-Channel, sobald Chorus in eurem Slack-Workspace ist).",
    added: "Chat-Kanal hinzugefügt: Die Testnachricht ist angekommen.",
    saved: "Einstellungen des Chat-Kanals gespeichert.",
    removed: "Chat-Kanal entfernt. Chorus postet dort nicht mehr.",
    resumed: "Chat-Kanal fortgesetzt: Der nächste Beitrag wird wieder versucht.",
    alreadyActive: "Dieser Chat-Kanal ist schon aktiv.",
    provider: { teams: "Microsoft Teams", slack: "Slack" },
    status: { active: "Aktiv", paused: "Pausiert" },
    pausedReason_one:
      "Pausiert ({{ago}}) nach {{count}} fehlgeschlagenen Versuch. Bis du ihn fortsetzt, wird hier nichts gesendet.",
    pausedReason_other:
      "Pausiert ({{ago}}) nach {{count}} fehlgeschlagenen Versuchen in Folge. Bis du ihn fortsetzt, wird hier nichts gesendet.",
    fix: {
      teams:
        "Prüf in Teams, ob es den Workflow noch gibt und ob er eingeschaltet ist. Wurde er gelöscht, entferne diesen Teams-Kanal hier und füge ihn mit der neuen Adresse wieder hinzu.",
      slack:
        "Prüf in Slack, ob es den Slack-Channel noch gibt und Chorus Mitglied ist (schreib dort /invite @Chorus).",
    },
    resume: "Fortsetzen",
    where: { teams: "Teams-Adresse", slack: "Slack-Channel-ID" },
    topics: "Themen",
    allTopics: "Alle Themen",
    chosenTopics: "Nur die ausgewählten Themen",
    topicList: "Themen für diesen Chat-Kanal",
    noTopics: "Kein Thema ausgewählt",
    noTopicsYet: "Es gibt noch keine Themen: Jeder Beitrag geht hierhin.",
    quietHours: "Ruhezeiten",
    quietRange: "{{from}}–{{until}} ({{timeZone}})",
    quietNone: "Keine",
    quietHint:
      "In dieser Zeit wird nichts gepostet ({{timeZone}}); was währenddessen anfällt, kommt, wenn sie vorbei ist. Lass beide Felder leer für keine Ruhezeiten.",
    quietFrom: "Von",
    quietUntil: "Bis",
    dailyLimit: "Höchstens Beiträge am Tag",
    dailyLimitValue_one: "{{count}} Beitrag",
    dailyLimitValue_other: "{{count}} Beiträge",
    dailyLimitHint: "1 bis 50. Beiträge über dem Limit werden nicht hierhin gesendet.",
    weeklyDigest: "Wochenübersicht",
    weeklyDigestHint: "Montags eine Nachricht mit den Beiträgen der letzten Woche.",
    digestOn: "An",
    digestOff: "Aus",
    lastSuccess: "Zuletzt zugestellt",
    never: "Noch nie",
    lastError: "Letzter Fehler",
    lastErrorText: {
      teams: "Teams antwortete {{ago}}: {{error}}",
      slack: "Slack antwortete {{ago}}: {{error}}",
    },
    recentTitle: "Letzte 7 Tage",
    recent: "{{sent}} gesendet, {{failed}} fehlgeschlagen, {{skipped}} übersprungen",
    edit: "Einstellungen ändern",
    name: "Name",
    nameHint: "Woran du den Chat-Kanal hier erkennst, zum Beispiel „Marketing · Allgemein“.",
    save: "Einstellungen speichern",
    remove: "Entfernen …",
    removeConfirm: {
      teams:
        "„{{name}}“ entfernen? Chorus postet dort sofort nicht mehr und vergisst die Adresse. Der Workflow bleibt in Teams; lösch ihn dort, wenn du ihn nicht mehr brauchst.",
      slack:
        "„{{name}}“ entfernen? Chorus postet dort sofort nicht mehr. Die App bleibt im Slack-Channel; entferne sie dort mit /remove @Chorus, wenn du magst.",
    },
    removeSubmit: "„{{name}}“ entfernen",
    addTeams: {
      title: "Teams-Kanal hinzufügen",
      step1: "Öffne in Teams den gewünschten Teams-Kanal, wähle „…“ neben seinem Namen und dann „Workflows“.",
      step2:
        "Wähle die Vorlage, die beim Empfang einer Webhookanforderung in den Teams-Kanal postet (auf Englisch „… when a webhook request is received“), und schließ sie ab.",
      step3:
        "Kopiere die Adresse, die der Workflow anzeigt, und füge sie unten ein. Chorus sendet zuerst eine Testnachricht und speichert den Teams-Kanal erst, wenn sie angekommen ist.",
      webhookUrl: "Adresse des Workflows (Webhook-URL)",
      webhookUrlHint:
        "Beginnt mit https://. Sie wird verschlüsselt gespeichert; danach zeigt diese Seite nur noch ihren Host.",
      submit: "Testnachricht senden und hinzufügen",
    },
    slack: {
      title: "Slack",
      notInstalled:
        "Chorus ist noch nicht in eurem Slack-Workspace. Danach kannst du hier Slack-Channels hinzufügen.",
      revoked:
        "Chorus wurde aus dem Slack-Workspace {{team}} entfernt. Füge es wieder hinzu, um in seine Slack-Channels zu posten.",
      install: "Zu Slack hinzufügen",
      adminInstalls: "Ein Admin deines Unternehmens kann Chorus zu eurem Slack-Workspace hinzufügen.",
      connected: "Verbunden mit dem Slack-Workspace {{team}}.",
      uninstall: "Aus Slack entfernen",
      uninstallConfirm:
        "Chorus aus {{team}} entfernen? Die Slack-Channels werden pausiert und das Token gelöscht; ein erneutes Hinzufügen setzt sie nicht von selbst fort.",
      addTitle: "Slack-Channel hinzufügen",
      step1: "Schreib im Slack-Channel /invite @Chorus, damit die App dort posten darf.",
      step2:
        "Öffne die Details des Slack-Channels: Die ID steht ganz unten (sie beginnt mit C oder G). Kopiere sie hierher.",
      nameHint: "Woran du den Slack-Channel hier erkennst, zum Beispiel „#marketing“.",
      channelId: "Slack-Channel-ID",
      channelIdHint:
        "Zum Beispiel C0123ABCD. Chorus sendet zuerst eine Testnachricht und speichert den Teams-Kanal erst, wenn sie angekommen ist.",
      submit: "Testnachricht senden und hinzufügen",
    },
    teamsApp: {
      title: "Teams-App",
      lead: "Chorus als persönlicher Tab in Teams: die Beiträge zum Teilen, ohne Teams zu verlassen.",
      step1: "Lade das App-Paket herunter (eine ZIP-Datei, eigens für euer Unternehmen erstellt).",
      step2:
        "Lade es im Teams Admin Center unter „Apps verwalten“ hoch (oder in Teams unter Apps → Apps verwalten → App hochladen).",
      download: "Teams-App herunterladen",
    },
    errors: {
      generic: "Das hat nicht geklappt. Prüf deine Eingaben und versuch es noch einmal.",
      quietTime: "Gib eine Uhrzeit als HH:MM ein, zum Beispiel 22:00.",
      quietBoth: "Gib beide Uhrzeiten ein oder lass beide leer für keine Ruhezeiten.",
      quietSame: "Beginn und Ende sind dieselbe Uhrzeit. Wähl verschiedene Zeiten oder lass beide leer.",
      topicsRequired: "Wähl mindestens ein Thema aus oder „Alle Themen“.",
      topicUnknown:
        "Eines der ausgewählten Themen gibt es nicht mehr. Lade die Seite neu und wähl noch einmal.",
      dailyLimit: "Gib eine ganze Zahl von 1 bis 50 ein.",
      not_found: "Diesen Chat-Kanal gibt es nicht mehr. Lade die Seite neu.",
    },
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
  personal: {
    title: "Wochenüberblick in Slack",
    lead: "Einmal pro Woche, am Montagmorgen, kann Chorus dir die Beiträge der Woche zum Teilen als persönliche Nachricht in {{team}} schicken, dem Slack-Workspace deines Unternehmens, in deiner Sprache. Zu jedem Beitrag gibt es Links, die Chorus mit Netzwerk und Textvorschlag schon ausgewählt öffnen.",
    noFigures:
      "Die Nachricht enthält keine Zahlen: nichts über deine geteilten Beiträge, Klicks oder Punkte und nichts über die von anderen. In einer Woche ohne neue Beiträge kommt nichts.",
    howFound:
      "Um dich in Slack zu finden, sucht Chorus dein Slack-Konto über deine E-Mail-Adresse ({{email}}) im Workspace deines Unternehmens; die Adresse geht also an das eigene Slack deines Unternehmens. Nutzt dein Slack-Konto eine andere Adresse, erreicht dich die Nachricht nicht.",
    howStop: "Du kannst ihn hier jederzeit abbestellen. Er endet auch, wenn du das Unternehmen verlässt.",
    statusOn: "Du bekommst den Wochenüberblick in Slack.",
    statusOff: "Du bekommst den Wochenüberblick nicht in Slack.",
    gone: "Chorus ist nicht mehr im Slack-Workspace deines Unternehmens, darum kommt kein Überblick an. Du kannst ihn hier abbestellen.",
    subscribe: "Wochenüberblick in Slack bestellen",
    unsubscribe: "Wochenüberblick in Slack abbestellen",
    subscribed: "Erledigt: Der nächste Wochenüberblick kommt zu dir in Slack.",
    unsubscribed: "Abbestellt: Du bekommst keinen Wochenüberblick mehr in Slack.",
  },
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
    slack_digest_unavailable:
      "Dein Unternehmen hat Chorus nicht zu seinem Slack-Workspace hinzugefügt (oder wieder entfernt), darum gibt es keinen Wochenüberblick in Slack für dich.",
  },
};
