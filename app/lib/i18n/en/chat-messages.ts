/** Texts inside Teams cards and Slack messages (issue 17): never anyone's figures (English). */
export default {
  post: {
    kicker: "New to share · {{tenantName}}",
    topics: "Topics: {{topics}}",
    caption: "Text suggestion",
    note: "Why share it",
    imageAlt: "Preview image: {{title}}",
    shareLinkedIn: "Share on LinkedIn",
    shareX: "Share on X",
    more: "More…",
    suggest: "Suggest content",
  },
  digest: {
    title: "Posts of the past week to share",
    week: "{{tenantName}} · week of {{date}}",
    intro: "Pick one: the share page opens with the network and the text suggestion already chosen.",
    empty: "No new posts last week. Found something worth sharing? Suggest it.",
    more_one: "And {{count}} more post on the posts page.",
    more_other: "And {{count}} more posts on the posts page.",
    hub: "All posts to share",
    suggest: "Suggest content",
  },
  test: {
    title: "Chorus is connected to {{channelName}}",
    text: "New posts of {{tenantName}} to share will appear here, each with a link to share it in two taps. The comms team chooses in Chorus which topics come here, the quiet hours and how many a day.",
  },
  command: {
    working: "Working on it…",
    defaultReason: "Suggested in Slack",
    listTitle: "Newest posts to share · {{tenantName}}",
    listEmpty: "Nothing to share right now. New posts show up here as soon as they are published.",
    share: "Share",
    help: "*/chorus* – the newest posts to share, each with share buttons\n*/chorus suggest <link>* – suggest a link for your comms team to share\n*/chorus help* – this help",
    suggested: "Thank you! Your suggestion {{url}} is with your comms team.",
    badUrl:
      "This does not look like a link. Write /chorus suggest followed by a web address starting with https://.",
    noMember:
      "Chorus does not know you yet: your Slack e-mail address belongs to no active member of {{tenantName}}. Sign in to Chorus with the same address, or ask your comms team.",
    notInstalled: "Chorus is not connected to this Slack workspace any more. Ask an admin to add it again.",
    failed: "That did not work. Please try again in a minute.",
    tooMany: "You have suggested a lot in a short time. Please try again in a few minutes.",
    suggestFailed: "Your suggestion could not be filed: {{reason}}",
  },
};
