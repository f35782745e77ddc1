import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/sharing.ts";

/** Texts of the sharing pages (German). */
export default {
  button: "Teilen",
  buttonLabel: "„{{title}}“ teilen",
  title: "„{{title}}“ teilen",
  lead: "Wähle ein Netzwerk und einen Text, mach ihn zu deinem und teile ihn. Dein Link wird gezählt, damit du siehst, was er bewirkt hat.",
  back: "Zurück zu den Inhalten zum Teilen",
  gate: {
    title: "Bevor du teilst",
    not_opted_in:
      "Teilen gehört zum Botschafterprogramm. Nimm zuerst daran teil – freiwillig, und du kannst es mit einem Klick wieder verlassen.",
    guidelines_pending:
      "Es gibt neue Social-Media-Leitlinien. Bitte lies und bestätige sie, bevor du teilst.",
    consent_outdated:
      "Bitte bestätige den aktualisierten Einwilligungstext. Der Einwilligungstext des Botschafterprogramms hat sich geändert; bis du ihn bestätigst, kannst du nicht teilen.",
    confirmConsent: "Aktualisierten Text lesen und bestätigen",
    join: "Am Programm teilnehmen",
    guidelines: "Leitlinien lesen",
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
  shareVia: "Teilen über …",
  shareOn: "Auf {{network}} teilen",
  copy: "Text und Link kopieren",
  postLinkedIn: "Direkt auf LinkedIn posten",
  mastodonMissing:
    "Trag deine Mastodon-Instanz unter „Meine Netzwerke“ ein, um Mastodon direkt zu öffnen. Bis dahin: Text kopieren und dort einfügen.",
  myNetworks: "Meine Netzwerke",
  sheet: {
    opening: "Dein geteilter Beitrag ist gespeichert. Wähl im Teilen-Menü eine App.",
    shared: "An deine App übergeben. Der Beitrag steht unter „Meine geteilten Beiträge“.",
    cancelled:
      "Du hast das Teilen-Menü geschlossen. Der Beitrag bleibt unter „Meine geteilten Beiträge“ stehen – wie wenn du die Seite eines Netzwerks schließt, ohne zu posten; sein Link zählt nur, wenn jemand darauf klickt. Öffne das Menü erneut oder kopiere den Text unten.",
    "needs-tap": "Dein Browser braucht noch einen Tipp, um das Teilen-Menü zu öffnen.",
    failed: "Das Teilen-Menü hat sich nicht geöffnet. Kopiere den Text unten und füge ihn in deine App ein.",
    open: "Teilen-Menü öffnen",
  },
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
    // {{clicks}} and {{shares}}: clickCount and shareCount below, each in its own singular or plural
    total: "{{clicks}} auf {{shares}}",
    clickCount_one: "{{n}} Klick",
    clickCount_other: "{{n}} Klicks",
    shareCount_one: "{{n}} geteilten Beitrag",
    shareCount_other: "{{n}} geteilte Beiträge",
    post: "Beitrag",
    network: "Netzwerk",
    showCaptions: "Texte für dieses Netzwerk zeigen",
    sharedAt: "Geteilt",
    channel: "Wie",
    clicks: "Klicks",
    noLink: "kein Link",
    empty:
      "Du hast noch nichts geteilt. Wähl unter „Inhalte zum Teilen“ einen Beitrag und teile ihn – er erscheint dann hier mit seinen Klicks.",
    toHub: "Einen Beitrag zum Teilen finden",
    channels: { intent: "Teilen-Seite", api: "Direkt gepostet", copy: "Kopiert" },
  },
} satisfies Dictionary<typeof en>;
