/** Texts of the Teams and Slack pages: channels, the Slack workspace, the Teams app and tab (issue 17) (English). */
export default {
  // the admin page /t/<slug>/admin/chat (channels of both providers)
  channels: {
    title: "Teams and Slack",
  },
  // Microsoft Teams: adding a channel by its Workflows webhook, the app package, the tab
  teams: {},
  // Slack: "Add to Slack", the installation, slash command answers
  slack: {},
  // the member's own choice: the weekly digest as a personal Slack message
  personal: {},
  errors: {
    chat_server_not_configured:
      "Teams and Slack cannot be set up on this server yet: it needs a key to store webhook addresses and tokens (SECRETS_KEYS). Ask whoever runs Chorus for you.",
  },
};
