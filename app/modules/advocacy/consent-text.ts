import type { Locale } from "~/db/schema.ts";

/**
 * The version of the consent text below. Every consent records it, so changing what the text
 * promises means a new version here (and the history still shows what each person agreed to: the
 * earlier versions stay in this file).
 *
 * 2026-12-v2 adds processing v1 did not cover (issue 11): verified and self-reported shares and which
 * of them count, a daily key of the member's own IP address (so their own clicks never count),
 * visitors counted by an IP-derived key, suspicious clicks held back and shown to comms leads with
 * the sharer's name, and statements that list the activities behind each figure; it also says what a
 * manager sees of a goal agreement (app/modules/goals/visibility.ts). A consent to v1 therefore does
 * not cover it: requireAdvocate refuses to share ("consent_outdated") until the member confirms this
 * text (renewConsent), and `changes` tells them what is new.
 */
export const CONSENT_VERSION = "2026-12-v2";

export interface ConsentSection {
  heading: string;
  points: string[];
}

export interface ConsentText {
  version: string;
  title: string;
  intro: string;
  sections: ConsentSection[];
  /** what changed since the previous version, for those who agreed to an earlier one */
  changes?: string;
}

const enV1: ConsentText = {
  version: "2026-11-v1",
  title: "Joining the advocacy programme",
  intro:
    "Sharing company content on your own profiles is voluntary. You can work here just the same without ever joining, and nobody may put pressure on you to join.",
  sections: [
    {
      heading: "What is recorded when you join",
      points: [
        "Each share you make through Chorus: the post, the network, the caption variant and the time.",
        "Clicks on the links in your shares, only as counts. Chorus never stores who clicked: no names, no IP addresses, no visitor profiles.",
        "Follower counts per network, only the ones you enter yourself.",
      ],
    },
    {
      heading: "Who sees what",
      points: [
        "You see all of your own figures.",
        "Managers and admins see figures only for groups of at least 5 people, never yours individually, unless you release them yourself (for example for your goal agreement).",
      ],
    },
    {
      heading: "Leaving",
      points: [
        "Leaving takes one click, at any time, without giving a reason. From that moment on, no new clicks are tracked for your links.",
        "When you leave you decide what happens to your past data: keep it (your history stays visible to you and counts as before) or anonymise it (your shares are separated from your name and their text is deleted; only anonymous click counts remain for the programme).",
      ],
    },
  ],
};

const deV1: ConsentText = {
  version: "2026-11-v1",
  title: "Teilnahme am Advocacy-Programm",
  intro:
    "Ob du Inhalte des Unternehmens auf deinen eigenen Profilen teilst, entscheidest du freiwillig. Ohne Teilnahme hast du keinerlei Nachteile, und niemand darf dich zur Teilnahme drängen.",
  sections: [
    {
      heading: "Was bei einer Teilnahme erfasst wird",
      points: [
        "Jedes Teilen über Chorus: der Beitrag, das Netzwerk, die Textvariante und der Zeitpunkt.",
        "Klicks auf die Links in deinen Beiträgen, nur als Anzahl. Chorus speichert nie, wer geklickt hat: keine Namen, keine IP-Adressen, keine Besucherprofile.",
        "Followerzahlen pro Netzwerk, und zwar nur die, die du selbst einträgst.",
      ],
    },
    {
      heading: "Wer was sieht",
      points: [
        "Du siehst alle deine eigenen Zahlen.",
        "Führungskräfte und Admins sehen Zahlen nur für Gruppen ab 5 Personen, nie deine einzeln, es sei denn, du gibst sie selbst frei (zum Beispiel für deine Zielvereinbarung).",
      ],
    },
    {
      heading: "Austreten",
      points: [
        "Du kannst jederzeit mit einem Klick austreten, ohne Begründung. Ab dann werden für deine Links keine neuen Klicks mehr erfasst.",
        "Beim Austritt entscheidest du, was mit deinen bisherigen Daten passiert: behalten (dein Verlauf bleibt für dich sichtbar und zählt wie bisher) oder anonymisieren (deine Beiträge werden von deinem Namen getrennt und ihr Text gelöscht; für das Programm bleiben nur anonyme Klickzahlen).",
      ],
    },
  ],
};

/** v2's "What is recorded": each point checked against the code named beside it. */
const enV2Recorded: ConsentSection = {
  heading: enV1.sections[0]!.heading,
  points: [
    // create-share.server.ts (channel "api" keeps LinkedIn's post URN)
    "Each share you make through Chorus: the post, the network, the caption variant and the time, and whether it is verified (posted through your LinkedIn connection and confirmed by LinkedIn's post ID) or self-reported (shared from the share page or copied as text).",
    // recognition/share-credit.ts, goals/settings.ts
    "Only your first share of a post on each network counts; repeats are recorded but earn nothing. Self-reported shares count up to a weekly limit that your company sets, and your company also decides whether they earn points.",
    // tracking/visitor-hash.server.ts (ipKey, networkKey), reach/retention.server.ts
    "Clicks on the links in your shares. Chorus never stores who clicked: no names, no IP addresses, no visitor profiles. To count each visitor only once a day for your credit, each click is stored with a key derived from the visitor's IP address and network (not from their browser). The key is made with a secret that changes every day and is deleted after two days; after that nobody can match the key to an address. Clicks are kept as long as your company's retention setting says (90 days unless it was changed).",
    // tracking/member-ip.server.ts (MEMBER_IP_KEY_RETENTION_DAYS = 10)
    "While you use Chorus signed in, Chorus stores for each day a key derived from your own IP address in the same way (never the address itself) and deletes it after about 10 days. Clicks from these keys on your own links never count, so clicking your own links earns nothing.",
    // recognition/click-credit-rules.ts, click-credit.server.ts
    "Clicks that look suspicious are held back from your points: many visitors from one network within a few minutes, clicks within seconds of your share, or one visitor clicking several of your shares on the same day. A comms lead then releases them (they count) or discards them (they never count). Every such decision is recorded in the audit log.",
    // goals/statement.ts
    "Your statements list the activities behind each figure, and which ones were left out and why (for example a repeated share, the weekly limit, or held-back clicks).",
    enV1.sections[0]!.points[2]!,
  ],
};

const deV2Recorded: ConsentSection = {
  heading: deV1.sections[0]!.heading,
  points: [
    "Jedes Teilen über Chorus: der Beitrag, das Netzwerk, die Textvariante und der Zeitpunkt, und ob es bestätigt ist (über deine LinkedIn-Verbindung veröffentlicht und durch die Beitrags-ID von LinkedIn bestätigt) oder selbst gemeldet (über die Teilen-Seite geteilt oder als Text kopiert).",
    "Nur dein erstes Teilen eines Beitrags pro Netzwerk zählt; Wiederholungen werden erfasst, bringen aber nichts. Selbst gemeldete Beiträge zählen bis zu einer wöchentlichen Obergrenze, die dein Unternehmen festlegt; dein Unternehmen entscheidet auch, ob sie Punkte bringen.",
    "Klicks auf die Links in deinen Beiträgen. Chorus speichert nie, wer geklickt hat: keine Namen, keine IP-Adressen, keine Besucherprofile. Damit jede Besucherin und jeder Besucher für deine Punkte nur einmal am Tag zählt, wird jeder Klick mit einem Schlüssel gespeichert, der aus der IP-Adresse und dem Netz der Besuchenden abgeleitet ist (nicht aus ihrem Browser). Der Schlüssel entsteht mit einem Geheimwert, der jeden Tag wechselt und nach zwei Tagen gelöscht wird; danach kann niemand mehr einen Schlüssel einer Adresse zuordnen. Klicks werden so lange aufbewahrt, wie es die Einstellung deines Unternehmens vorsieht (90 Tage, wenn sie nicht geändert wurde).",
    "Solange du in Chorus angemeldet bist, speichert Chorus pro Tag einen Schlüssel, der auf dieselbe Weise aus deiner eigenen IP-Adresse abgeleitet ist (nie die Adresse selbst), und löscht ihn nach etwa 10 Tagen. Klicks mit diesen Schlüsseln auf deine eigenen Links zählen nie; wer die eigenen Links anklickt, bekommt dafür nichts.",
    "Klicks, die auffällig aussehen, werden von deinen Punkten zurückgehalten: viele Besuchende aus einem Netz innerhalb weniger Minuten, Klicks wenige Sekunden nach deinem Teilen oder eine Person, die am selben Tag mehrere deiner Beiträge anklickt. Eine Kommunikationsverantwortliche oder ein Kommunikationsverantwortlicher gibt sie dann frei (sie zählen) oder verwirft sie (sie zählen nie). Jede dieser Entscheidungen wird im Audit-Log vermerkt.",
    "Deine Nachweise listen die Aktivitäten hinter jeder Zahl auf und welche nicht gezählt wurden und warum (zum Beispiel ein wiederholtes Teilen, die Wochengrenze oder zurückgehaltene Klicks).",
    deV1.sections[0]!.points[2]!,
  ],
};

const enV2: ConsentText = {
  version: CONSENT_VERSION,
  title: enV1.title,
  intro: enV1.intro,
  sections: [
    enV2Recorded,
    {
      heading: "Who sees what",
      points: [
        "You see all of your own figures.",
        "Managers and admins see figures only for groups of at least 5 people, never yours individually — except what your goal agreement allows, as described below.",
        "Comms leads see the clicks held back from your shares with your name, the post and the day, so that they can release or discard them. They never see who clicked, and they cannot decide on clicks of their own shares.",
      ],
    },
    {
      heading: "Your goal agreement and your manager",
      points: [
        "When your manager proposes goals, and until you accept them, your manager sees the proposal and its status only — none of your figures.",
        "Once you have accepted, your manager sees during the period how far you have reached each goal and overall (for example “12 of 20 shares, 60 %”), but not the activities behind it: which posts, which days. Only if your company releases statements automatically and you yourself agreed to automatic release does your manager also see those activities.",
        "When the period is closed, your figures are fixed in a credit statement. Your manager sees it only after you have released it — or, where your company releases statements automatically, only if you agreed to that.",
        "Every time someone other than you sees your figures — your goal agreement, a list showing your attainment, a statement, an export, a correction, or an HR system through the API — it is recorded. You see who it was and when under “Who looked at my figures”. No other website can trigger such a view in your manager's browser.",
      ],
    },
    enV1.sections[2]!,
  ],
  changes:
    "Updated in December 2026. New since the text you agreed to: shares are recorded as verified or self-reported, and only your first share of a post per network counts (self-reported ones up to a weekly limit your company sets); while you use Chorus signed in, a daily key derived from your IP address is kept for about 10 days so that clicks on your own links never count; visitors are counted by a key derived from their IP address, and suspicious clicks are held back and shown to comms leads with your name, the post and the day, who release or discard them; statements list the activities behind each figure and what was left out. The text also says exactly what your manager sees of your goal agreement and when. Because this goes beyond the earlier text, please confirm it before you share again. Until you do, you cannot share; nothing else changes: links you already shared keep working and their clicks are counted as described above. If you do not agree, you can leave the programme below, as before.",
};

const deV2: ConsentText = {
  version: CONSENT_VERSION,
  title: deV1.title,
  intro: deV1.intro,
  sections: [
    deV2Recorded,
    {
      heading: "Wer was sieht",
      points: [
        "Du siehst alle deine eigenen Zahlen.",
        "Führungskräfte und Admins sehen Zahlen nur für Gruppen ab 5 Personen, nie deine einzeln — außer dem, was deine Zielvereinbarung erlaubt, wie unten beschrieben.",
        "Kommunikationsverantwortliche sehen die von deinen Beiträgen zurückgehaltenen Klicks mit deinem Namen, dem Beitrag und dem Tag, damit sie sie freigeben oder verwerfen können. Wer geklickt hat, sehen sie nie, und über Klicks auf ihre eigenen Beiträge können sie nicht entscheiden.",
      ],
    },
    {
      heading: "Deine Zielvereinbarung und deine Führungskraft",
      points: [
        "Wenn deine Führungskraft Ziele vorschlägt, und bis du sie annimmst, sieht sie nur den Vorschlag und seinen Stand — keine deiner Zahlen.",
        "Sobald du angenommen hast, sieht deine Führungskraft während des Zeitraums, wie weit du jedes Ziel und insgesamt erreicht hast (zum Beispiel „12 von 20 Beiträgen, 60 %“), aber nicht die Aktivitäten dahinter: welche Beiträge, an welchen Tagen. Nur wenn dein Unternehmen Nachweise automatisch freigibt und du selbst der automatischen Freigabe zugestimmt hast, sieht deine Führungskraft auch diese Aktivitäten.",
        "Wenn der Zeitraum abgeschlossen ist, werden deine Zahlen in einem Nachweis festgeschrieben. Deine Führungskraft sieht ihn erst, nachdem du ihn freigegeben hast — oder, wenn dein Unternehmen Nachweise automatisch freigibt, nur wenn du dem zugestimmt hast.",
        "Jedes Mal, wenn jemand anderes als du deine Zahlen sieht — deine Zielvereinbarung, eine Liste mit deiner Zielerreichung, einen Nachweis, einen Export, eine Korrektur oder ein HR-System über die API —, wird das vermerkt. Wer es war und wann, siehst du unter „Wer hat meine Zahlen gesehen?“. Keine andere Website kann einen solchen Aufruf im Browser deiner Führungskraft auslösen.",
      ],
    },
    deV1.sections[2]!,
  ],
  changes:
    "Aktualisiert im Dezember 2026. Neu gegenüber dem Text, dem du zugestimmt hast: Beiträge werden als bestätigt oder selbst gemeldet erfasst, und nur dein erstes Teilen eines Beitrags pro Netzwerk zählt (selbst gemeldete bis zu einer wöchentlichen Obergrenze, die dein Unternehmen festlegt); solange du in Chorus angemeldet bist, wird pro Tag ein aus deiner IP-Adresse abgeleiteter Schlüssel etwa 10 Tage aufbewahrt, damit Klicks auf deine eigenen Links nie zählen; Besuchende werden über einen aus ihrer IP-Adresse abgeleiteten Schlüssel gezählt, und auffällige Klicks werden zurückgehalten und Kommunikationsverantwortlichen mit deinem Namen, dem Beitrag und dem Tag gezeigt, die sie freigeben oder verwerfen; Nachweise listen die Aktivitäten hinter jeder Zahl auf und was nicht gezählt wurde. Außerdem sagt der Text jetzt genau, was deine Führungskraft von deiner Zielvereinbarung sieht und wann. Weil das über den früheren Text hinausgeht, bestätige ihn bitte, bevor du wieder teilst. Bis dahin kannst du nicht teilen; sonst ändert sich nichts: Links, die du schon geteilt hast, funktionieren weiter, und ihre Klicks werden wie oben beschrieben gezählt. Wenn du nicht zustimmst, kannst du das Programm wie bisher unten verlassen.",
};

/** Every version people may have agreed to, newest last. */
const texts: Record<string, Record<Locale, ConsentText>> = {
  "2026-11-v1": { de: deV1, en: enV1 },
  [CONSENT_VERSION]: { de: deV2, en: enV2 },
};

/** The consent text in the reader's language: the current one, or the version someone agreed to (unknown → current). */
export function consentText(locale: Locale, version: string = CONSENT_VERSION): ConsentText {
  return (texts[version] ?? texts[CONSENT_VERSION]!)[locale];
}
