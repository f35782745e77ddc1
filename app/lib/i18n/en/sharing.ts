/** Texts of the sharing pages (English). */
export default {
  button: "Share",
  buttonLabel: "Share “{{title}}”",
  title: "Share “{{title}}”",
  lead: "Pick a network and a caption, make it yours, and share. Your link is tracked so you can see what it achieved.",
  back: "Back to posts to share",
  gate: {
    title: "Before you share",
    not_opted_in:
      "Sharing is part of the advocacy programme. Join it first — it is voluntary, and you can leave with one click.",
    guidelines_pending:
      "There are new social media guidelines. Please read and acknowledge them before you share.",
    consent_outdated:
      "Please confirm the updated consent text. The advocacy programme's consent text has changed; until you confirm it, you cannot share.",
    confirmConsent: "Read and confirm the updated text",
    join: "Join the advocacy programme",
    guidelines: "Read the guidelines",
  },
  network: "Network",
  showCaptions: "Show captions for this network",
  caption: "Caption",
  variant: "Variant {{n}}",
  ownWords: "Write my own",
  noCaptions: "The comms team wrote no caption for this network. Write your own.",
  text: "Your text",
  textHint: "Edit it freely. The link is added when you share.",
  disclosureHint:
    "“{{disclosure}}” must stay in the text: it tells readers that you post about your employer (see “Why this label?” below).",
  ownLanguage: "Language of your text",
  disclosureWhy: "Why this label?",
  disclosureLaw:
    "A post about your employer is commercial communication, even on your own profile. In Germany § 5a (4) of the Unfair Competition Act (UWG) and the Interstate Media Treaty (Medienstaatsvertrag) require such posts to be marked as such, so readers are not misled; other EU countries have similar rules. The label does that for you; it counts toward the network's length.",
  disclosureIncentivised:
    "Your company rewards shares with points: a post you are rewarded for counts as advertising, so the label says so (e.g. “#Werbung” or “#ad”).",
  disclosureIncentivisedUnmarked:
    "Your company rewards shares (points or goals): a post you are rewarded for can count as advertising. The label your company set does not say “advertising”; you may add “#Werbung” or “#ad” yourself.",
  length: "{{length}} of {{limit}} characters",
  lengthOver: "{{length}} of {{limit}} characters — too long for {{network}}",
  nudge_one: "{{count}} colleague already shared this exact text — make it yours.",
  nudge_other: "{{count}} colleagues already shared this exact text — make it yours.",
  shareVia: "Share via…",
  shareOn: "Share on {{network}}",
  copy: "Copy text and link",
  postLinkedIn: "Post directly to LinkedIn",
  mastodonMissing:
    "Add your Mastodon instance in “My networks” to open Mastodon directly. Until then: copy the text and paste it there.",
  myNetworks: "My networks",
  // the device's share sheet (Web Share API), after "Share via…" recorded the share
  sheet: {
    opening: "Your share is recorded. Pick an app in the share sheet.",
    shared: "Handed to your app. The share is listed under My shares.",
    cancelled:
      "You closed the share sheet. The share stays listed under My shares, as when you close a network's page without posting; its link counts only if someone clicks it. Open the sheet again or copy the text below.",
    "needs-tap": "Your browser needs one more tap to open the share sheet.",
    failed: "The share sheet did not open. Copy the text below and paste it into your app.",
    open: "Open share sheet",
  },
  result: {
    title: "Your share is ready",
    intent: "{{network}} opens in a new tab. If nothing opened, use the link below.",
    pasteHint: "{{network}} takes only the link: your text is on the clipboard — paste it into the post.",
    open: "Open {{network}}",
    copied: "Text and link copied. Paste them into {{network}}.",
    copyFailed: "Copying did not work. The text is selected — press Ctrl+C (⌘C).",
    copyAgain: "Copy again",
    posted: "Posted to LinkedIn.",
    trackedLink: "Your tracked link",
    textToPaste: "Text to paste",
    another: "Share on another network",
    myShares: "See my shares",
  },
  errors: {
    disclosure_required: "“{{disclosure}}” must stay in the text.",
    too_long_for_network: "Too long for {{network}} (the link counts too). Please shorten it.",
    unknown_caption: "This caption no longer exists. Pick another one.",
    sharing_paused:
      "Sharing is paused because the company's subscription is unpaid or has ended. Your text is kept; existing links keep working. Please ask an admin.",
    linkedin_not_connected:
      "LinkedIn is not connected. Connect it in “My networks”, or share through the LinkedIn page.",
    api_not_available: "Posting directly is only possible on LinkedIn.",
    required: "Please enter a text.",
    tooLong: "This text is too long.",
    generic: "That did not work. Please try again.",
  },
  mine: {
    title: "My shares",
    lead: "Everything you shared and how many people clicked your link so far. Bots and your own clicks do not count.",
    // {{clicks}} and {{shares}}: clickCount and shareCount below, each in its own singular or plural
    total: "{{clicks}} on {{shares}}",
    clickCount_one: "{{n}} click",
    clickCount_other: "{{n}} clicks",
    shareCount_one: "{{n}} share",
    shareCount_other: "{{n}} shares",
    post: "Post",
    network: "Network",
    showCaptions: "Show captions for this network",
    sharedAt: "Shared",
    channel: "How",
    clicks: "Clicks",
    noLink: "no link",
    empty:
      "You have not shared anything yet. Pick a post under “Posts to share” and share it: it appears here with its clicks.",
    toHub: "Find a post to share",
    channels: { intent: "Share page", api: "Posted directly", copy: "Copied" },
  },
};
