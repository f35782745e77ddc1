/** Texts of the Teams and Slack pages: channels, the Slack workspace, the Teams app and tab (issue 17) (English). */
export default {
  // the admin page /t/<slug>/admin/chat (channels of both providers)
  channels: {
    title: "Teams and Slack",
    lead: "New posts and the weekly digest as messages in the channels your people already read, each with a one-tap link to share.",
    listTitle: "Channels",
    empty:
      "No channels yet. Add a Teams channel below (or a Slack channel once Chorus is in your Slack workspace).",
    added: "Channel added: the test message arrived.",
    saved: "Channel settings saved.",
    removed: "Channel removed. Chorus no longer posts there.",
    resumed: "Channel resumed: the next post is tried again.",
    alreadyActive: "This channel is already active.",
    provider: { teams: "Microsoft Teams", slack: "Slack" },
    status: { active: "Active", paused: "Paused" },
    pausedReason_one:
      "Paused {{ago}} after {{count}} failed attempt. Nothing is sent here until you resume it.",
    pausedReason_other:
      "Paused {{ago}} after {{count}} failed attempts in a row. Nothing is sent here until you resume it.",
    fix: {
      teams:
        "Check in Teams that the workflow still exists and is turned on. If it was deleted, remove this channel and add it again with the new address.",
      slack:
        "Check in Slack that the channel still exists and Chorus is a member (type /invite @Chorus in the channel).",
    },
    resume: "Resume",
    where: { teams: "Teams address", slack: "Slack channel ID" },
    topics: "Topics",
    allTopics: "All topics",
    chosenTopics: "Only the chosen topics",
    topicList: "Topics for this channel",
    noTopics: "No topic chosen",
    noTopicsYet: "There are no topics yet: every post goes to this channel.",
    quietHours: "Quiet hours",
    quietRange: "{{from}}–{{until}} ({{timeZone}})",
    quietNone: "None",
    quietHint:
      "Nothing is posted between these times ({{timeZone}}); what comes up meanwhile is posted when they end. Leave both empty for none.",
    quietFrom: "From",
    quietUntil: "Until",
    dailyLimit: "Posts a day at most",
    dailyLimitValue_one: "{{count}} post",
    dailyLimitValue_other: "{{count}} posts",
    dailyLimitHint: "1 to 50. Posts beyond the limit are not sent to this channel.",
    weeklyDigest: "Weekly digest",
    weeklyDigestHint: "On Mondays, one message with the last week's posts.",
    digestOn: "On",
    digestOff: "Off",
    lastSuccess: "Last message delivered",
    never: "Not yet",
    lastError: "Last error",
    lastErrorText: {
      teams: "Teams answered {{ago}}: {{error}}",
      slack: "Slack answered {{ago}}: {{error}}",
    },
    recentTitle: "Last 7 days",
    recent: "{{sent}} sent, {{failed}} failed, {{skipped}} skipped",
    edit: "Change settings",
    name: "Name",
    nameHint: "How you recognise the channel here, for example “Marketing · General”.",
    save: "Save settings",
    remove: "Remove…",
    removeConfirm: {
      teams:
        "Remove “{{name}}”? Chorus stops posting there at once and forgets the address. The workflow stays in Teams; delete it there if you no longer need it.",
      slack:
        "Remove “{{name}}”? Chorus stops posting there at once. The app stays in the Slack channel; remove it there with /remove @Chorus if you like.",
    },
    removeSubmit: "Remove “{{name}}”",
    addTeams: {
      title: "Add a Teams channel",
      step1: "In Teams, open the channel, choose “…” next to its name and then “Workflows”.",
      step2: "Choose the template “Post to a channel when a webhook request is received” and finish it.",
      step3:
        "Copy the address the workflow shows and paste it below. Chorus sends a test message first and saves the channel only when it arrived.",
      webhookUrl: "Workflow address (webhook URL)",
      webhookUrlHint:
        "Starts with https://. It is stored encrypted; this page shows only its host afterwards.",
      submit: "Send test message and add",
    },
    slack: {
      title: "Slack",
      notInstalled: "Chorus is not in your Slack workspace yet. Once it is, you can add Slack channels here.",
      revoked: "Chorus was removed from the Slack workspace {{team}}. Add it again to post to its channels.",
      install: "Add to Slack",
      adminInstalls: "An admin of your company can add Chorus to your Slack workspace.",
      connected: "Connected to the Slack workspace {{team}}.",
      uninstall: "Remove from Slack",
      uninstallConfirm:
        "Remove Chorus from {{team}}? Its Slack channels are paused and the token is deleted; adding it again resumes nothing by itself.",
      addTitle: "Add a Slack channel",
      step1: "In the Slack channel, type /invite @Chorus so the app may post there.",
      step2:
        "Open the channel's details: the channel ID is at the very bottom (it starts with C or G). Copy it below.",
      nameHint: "How you recognise the channel here, for example “#marketing”.",
      channelId: "Channel ID",
      channelIdHint:
        "For example C0123ABCD. Chorus sends a test message first and saves the channel only when it arrived.",
      submit: "Send test message and add",
    },
    teamsApp: {
      title: "Teams app",
      lead: "Chorus as a personal tab in Teams: the posts to share, without leaving Teams.",
      step1: "Download the app package (a zip file made for your company).",
      step2:
        "In the Teams admin center, upload it under “Manage apps” (or in Teams under Apps → Manage your apps → Upload an app).",
      download: "Download the Teams app",
    },
    errors: {
      generic: "That did not work. Please check your input and try again.",
      quietTime: "Enter a time as HH:MM, for example 22:00.",
      quietBoth: "Enter both times, or leave both empty for no quiet hours.",
      quietSame: "Start and end are the same time. Choose different times, or leave both empty.",
      topicsRequired: "Choose at least one topic, or choose “All topics”.",
      topicUnknown: "One of the chosen topics no longer exists. Reload the page and choose again.",
      dailyLimit: "Enter a whole number from 1 to 50.",
      not_found: "This channel no longer exists. Reload the page.",
    },
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
  personal: {
    title: "Weekly digest in Slack",
    lead: "Once a week, on Monday morning, Chorus can send you the week's posts to share as a personal message in {{team}}, your company's Slack workspace, in your language. Each post comes with links that open Chorus with the network and the text suggestion already chosen.",
    noFigures:
      "The message carries no figures: nothing about your shares, clicks or points, and nothing about anyone else's. A week without new posts sends nothing.",
    howFound:
      "To find you in Slack, Chorus looks up your Slack account by your e-mail address ({{email}}) in your company's workspace, so the address goes to your company's own Slack. If your Slack account uses another address, the message cannot reach you.",
    howStop: "You can stop it here at any time. It also stops when you leave the company.",
    statusOn: "You get the weekly digest in Slack.",
    statusOff: "You don't get the weekly digest in Slack.",
    gone: "Chorus is no longer in your company's Slack workspace, so no digest arrives. You can stop it here.",
    subscribe: "Send me the weekly digest in Slack",
    unsubscribe: "Stop the weekly digest in Slack",
    subscribed: "Done: the next weekly digest comes to you in Slack.",
    unsubscribed: "Stopped: no more weekly digests in Slack.",
  },
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
    slack_digest_unavailable:
      "Your company has not added Chorus to its Slack workspace (or has removed it), so there is no digest in Slack to send you.",
  },
};
