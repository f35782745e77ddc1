/** Texts of the Teams and Slack pages: channels, the Slack workspace, the Teams app and tab (issue 17) (English). */
export default {
  // the admin page /t/<slug>/admin/chat (channels of both providers)
  channels: {
    title: "Teams and Slack",
  },
  // Microsoft Teams: adding a channel by its Workflows webhook, the app package, the tab
  teams: {
    // the Teams app package (manifest texts) and its personal tab (H4)
    app: {
      shortName: "Chorus",
      fullName: "Chorus – {{tenant}}",
      shortDescription: "Share your company's latest posts in one tap, right from Teams.",
      fullDescription:
        "Chorus shows the posts {{tenant}} would like to see shared, with suggested texts for LinkedIn and X. Pick one, share it in one tap on your own profile, or suggest content of your own.",
      tabName: "Posts to share",
    },
    tab: {
      title: "Posts to share",
      lead: "Share opens Chorus in your browser with the text ready.",
      share: "Share",
      shareLabel: "Share “{{title}}” (opens in your browser)",
      suggest: "Suggest content",
      hub: "All posts",
      newWindow: "(opens in your browser)",
      empty: "Nothing to share right now. New posts show up here as soon as they are published.",
      more: "More posts in Chorus",
      signedOutTitle: "Sign in to Chorus",
      signedOutBody:
        "Teams does not pass your Chorus sign-in on to this tab. Open Chorus in your browser: the posts to share are waiting there, one tap each.",
      signIn: "Open Chorus to sign in",
    },
  },
  // Slack: "Add to Slack", the installation, slash command answers
  slack: {
    installed: "Chorus is now in your Slack workspace {{team}}.",
    removed: "Chorus was removed from your Slack workspace.",
  },
  // the member's own choice: the weekly digest as a personal Slack message
  personal: {},
  errors: {
    chat_server_not_configured:
      "Teams and Slack cannot be set up on this server yet: it needs a key to store webhook addresses and tokens (SECRETS_KEYS). Ask whoever runs Chorus for you.",
    teams_webhook_invalid:
      "This is not the address of a Teams workflow. In the Teams channel, add the workflow “Post to a channel when a webhook request is received” and paste the whole address it shows: it starts with https:// and its host ends in logic.azure.com or environment.api.powerplatform.com.",
    teams_webhook_not_found:
      "Teams does not know this address: the workflow was deleted or switched off, or the address was not copied whole. Copy it again from the workflow.",
    teams_webhook_refused:
      "Teams refused the test message at this address. Check that the workflow is switched on and that you copied the whole address, then try again.",
    teams_webhook_unreachable:
      "The test message did not reach Teams (no answer in time, or Teams is busy). Nothing was saved; try again in a few minutes.",
    slack_not_configured:
      "Slack is not set up on this server (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET). Ask whoever runs Chorus for you.",
    slack_not_installed: "Add Chorus to your Slack workspace first (“Add to Slack”).",
    slack_state_mismatch:
      "This answer from Slack does not belong to an installation started here, or it took longer than 10 minutes. Start “Add to Slack” again.",
    slack_denied: "The installation was cancelled in Slack. Nothing was changed.",
    slack_oauth_failed:
      "Slack did not complete the installation. Nothing was saved; try again in a few minutes.",
    slack_team_taken:
      "This Slack workspace is already connected to another company in Chorus. A workspace can belong to one company only.",
    slack_channel_invalid:
      "This is not a Slack channel ID. In Slack, open the channel's details: the ID is at the bottom and starts with C or G.",
    slack_channel_exists: "This Slack channel is already in the list.",
    slack_not_in_channel:
      "Chorus is not a member of this channel yet. In the channel, type /invite @Chorus and try again.",
    slack_channel_not_found:
      "Slack does not know this channel in your workspace, or it is archived. Check the channel ID.",
    slack_send_failed: "The test message did not reach Slack. Nothing was saved; try again in a few minutes.",
  },
};
