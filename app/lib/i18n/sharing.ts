/** Texts of the sharing pages (en and de, "du" form). */
export const sharing = {
  en: {
    button: "Share",
    buttonLabel: "Share “{{title}}”",
    title: "Share “{{title}}”",
    lead: "Pick a network and a caption, make it yours, and share. Your link is tracked so you can see what it achieved.",
    back: "Back to the hub",
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
    shareOn: "Share on {{network}}",
    copy: "Copy text and link",
    postLinkedIn: "Post directly to LinkedIn",
    mastodonMissing:
      "Add your Mastodon instance in “My networks” to open Mastodon directly. Until then: copy the text and paste it there.",
    myNetworks: "My networks",
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
      total: "{{count}} clicks on {{shares}} shares",
      post: "Post",
      network: "Network",
      showCaptions: "Show captions for this network",
      sharedAt: "Shared",
      channel: "How",
      clicks: "Clicks",
      noLink: "no link",
      empty: "You have not shared anything yet.",
      toHub: "Find something to share in the hub",
      channels: { intent: "Share page", api: "Posted directly", copy: "Copied" },
    },
  },
  de: {
    button: "Teilen",
    buttonLabel: "„{{title}}“ teilen",
    title: "„{{title}}“ teilen",
    lead: "Wähle ein Netzwerk und einen Text, mach ihn zu deinem und teile ihn. Dein Link wird gezählt, damit du siehst, was er bewirkt hat.",
    back: "Zurück zum Hub",
    gate: {
      title: "Bevor du teilst",
      not_opted_in:
        "Teilen gehört zum Advocacy-Programm. Tritt ihm zuerst bei – freiwillig, und du kannst es mit einem Klick wieder verlassen.",
      guidelines_pending:
        "Es gibt neue Social-Media-Richtlinien. Bitte lies und bestätige sie, bevor du teilst.",
      consent_outdated:
        "Bitte bestätige den aktualisierten Einwilligungstext. Der Einwilligungstext des Advocacy-Programms hat sich geändert; bis du ihn bestätigst, kannst du nicht teilen.",
      confirmConsent: "Aktualisierten Text lesen und bestätigen",
      join: "Dem Advocacy-Programm beitreten",
      guidelines: "Richtlinien lesen",
    },
    network: "Netzwerk",
    showCaptions: "Texte für dieses Netzwerk zeigen",
    caption: "Text",
    variant: "Variante {{n}}",
    ownWords: "Eigenen Text schreiben",
    noCaptions:
      "Das Kommunikationsteam hat für dieses Netzwerk keinen Text vorbereitet. Schreib deinen eigenen.",
    text: "Dein Text",
    textHint: "Du kannst ihn frei ändern. Der Link wird beim Teilen ergänzt.",
    disclosureHint:
      "„{{disclosure}}“ muss im Text bleiben: So sehen Lesende, dass du über deinen Arbeitgeber schreibst (siehe „Warum diese Kennzeichnung?“ unten).",
    ownLanguage: "Sprache deines Textes",
    disclosureWhy: "Warum diese Kennzeichnung?",
    disclosureLaw:
      "Ein Beitrag über deinen Arbeitgeber ist kommerzielle Kommunikation, auch auf deinem eigenen Profil. In Deutschland verlangen § 5a Abs. 4 UWG und der Medienstaatsvertrag, solche Beiträge zu kennzeichnen, damit niemand getäuscht wird; andere EU-Länder haben ähnliche Regeln. Die Kennzeichnung erledigt das für dich; sie zählt zur Länge des Netzwerks.",
    disclosureIncentivised:
      "Dein Unternehmen belohnt geteilte Beiträge mit Punkten: Ein Beitrag, für den du belohnt wirst, gilt als Werbung, deshalb sagt die Kennzeichnung das (z. B. „#Werbung“ oder „#ad“).",
    disclosureIncentivisedUnmarked:
      "Dein Unternehmen belohnt geteilte Beiträge (Punkte oder Ziele): Ein Beitrag, für den du belohnt wirst, kann als Werbung gelten. Die Kennzeichnung deines Unternehmens sagt nicht „Werbung“; du kannst „#Werbung“ oder „#ad“ selbst ergänzen.",
    length: "{{length}} von {{limit}} Zeichen",
    lengthOver: "{{length}} von {{limit}} Zeichen – zu lang für {{network}}",
    nudge_one: "{{count}} Kollegin oder Kollege hat genau diesen Text schon geteilt – mach ihn zu deinem.",
    nudge_other:
      "{{count}} Kolleginnen und Kollegen haben genau diesen Text schon geteilt – mach ihn zu deinem.",
    shareOn: "Auf {{network}} teilen",
    copy: "Text und Link kopieren",
    postLinkedIn: "Direkt auf LinkedIn posten",
    mastodonMissing:
      "Trag deine Mastodon-Instanz unter „Meine Netzwerke“ ein, um Mastodon direkt zu öffnen. Bis dahin: Text kopieren und dort einfügen.",
    myNetworks: "Meine Netzwerke",
    result: {
      title: "Dein Beitrag ist bereit",
      intent: "{{network}} öffnet sich in einem neuen Tab. Falls nicht, nutze den Link unten.",
      pasteHint:
        "{{network}} übernimmt nur den Link: Dein Text ist in der Zwischenablage – füge ihn in den Beitrag ein.",
      open: "{{network}} öffnen",
      copied: "Text und Link kopiert. Füge sie in {{network}} ein.",
      copyFailed: "Kopieren hat nicht geklappt. Der Text ist markiert – drück Strg+C (⌘C).",
      copyAgain: "Erneut kopieren",
      posted: "Auf LinkedIn gepostet.",
      trackedLink: "Dein gezählter Link",
      textToPaste: "Text zum Einfügen",
      another: "Auf einem weiteren Netzwerk teilen",
      myShares: "Meine geteilten Beiträge",
    },
    errors: {
      disclosure_required: "„{{disclosure}}“ muss im Text bleiben.",
      too_long_for_network: "Zu lang für {{network}} (der Link zählt mit). Bitte kürze den Text.",
      unknown_caption: "Diesen Text gibt es nicht mehr. Wähl einen anderen.",
      sharing_paused:
        "Teilen ist pausiert, weil das Abo deines Unternehmens unbezahlt oder beendet ist. Dein Text bleibt erhalten, bestehende Links funktionieren weiter. Bitte wende dich an eine:n Admin.",
      linkedin_not_connected:
        "LinkedIn ist nicht verbunden. Verbinde es unter „Meine Netzwerke“ oder teile über die LinkedIn-Seite.",
      api_not_available: "Direkt posten geht nur auf LinkedIn.",
      required: "Bitte gib einen Text ein.",
      tooLong: "Der Text ist zu lang.",
      generic: "Das hat nicht geklappt. Bitte versuch es noch einmal.",
    },
    mine: {
      title: "Meine geteilten Beiträge",
      lead: "Alles, was du geteilt hast, und wie oft dein Link bisher geklickt wurde. Bots und deine eigenen Klicks zählen nicht.",
      total: "{{count}} Klicks auf {{shares}} geteilte Beiträge",
      post: "Beitrag",
      network: "Netzwerk",
      showCaptions: "Texte für dieses Netzwerk zeigen",
      sharedAt: "Geteilt",
      channel: "Wie",
      clicks: "Klicks",
      noLink: "kein Link",
      empty: "Du hast noch nichts geteilt.",
      toHub: "Im Hub etwas zum Teilen finden",
      channels: { intent: "Teilen-Seite", api: "Direkt gepostet", copy: "Kopiert" },
    },
  },
} as const;
