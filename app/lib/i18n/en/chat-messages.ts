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
    title: "This week's posts to share",
    week: "{{tenantName}} · week of {{date}}",
    intro: "Pick one: the share page opens with the network and the text suggestion already chosen.",
    empty: "No new posts this week. Found something worth sharing? Suggest it.",
    more_one: "And {{count}} more post on the posts page.",
    more_other: "And {{count}} more posts on the posts page.",
    hub: "All posts to share",
    suggest: "Suggest content",
  },
  test: {
    title: "Chorus is connected to {{channelName}}",
    text: "New posts of {{tenantName}} to share will appear here, each with a link to share it in two taps. The comms team chooses in Chorus which topics come here, the quiet hours and how many a day.",
  },
  command: {},
};
