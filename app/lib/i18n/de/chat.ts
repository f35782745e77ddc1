/** Texts of the Teams and Slack pages: channels, the Slack workspace, the Teams app and tab (issue 17) (German). */
export default {
  // the admin page /t/<slug>/admin/chat (channels of both providers)
  channels: {
    title: "Teams und Slack",
  },
  // Microsoft Teams: adding a channel by its Workflows webhook, the app package, the tab
  teams: {},
  // Slack: "Add to Slack", the installation, slash command answers
  slack: {},
  // the member's own choice: the weekly digest as a personal Slack message
  personal: {},
  errors: {
    chat_server_not_configured:
      "Teams und Slack lassen sich auf diesem Server noch nicht einrichten: Er braucht einen Schlüssel, um Webhook-Adressen und Tokens zu speichern (SECRETS_KEYS). Frag, wer Chorus für euch betreibt.",
  },
};
