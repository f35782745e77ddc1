import type { Locale } from "../../../db/schema.ts";

/**
 * The version of the consent text below. Every consent records it, so changing what the text
 * promises means a new version here (and the history still shows what each person agreed to: the
 * earlier versions stay in this file).
 *
 * 2026-12-v2 says exactly what a manager sees of a goal agreement and when (app/modules/goals/
 * visibility.ts implements it) and that every view is logged. It promises no more processing than
 * v1 ("never yours individually, unless you release them yourself (for example for your goal
 * agreement)") — accepting an agreement is that release — so a consent to v1 stays valid; people
 * who agreed to v1 are shown what changed (`changes`) next to the current text.
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

const enV2: ConsentText = {
  version: CONSENT_VERSION,
  title: enV1.title,
  intro: enV1.intro,
  sections: [
    enV1.sections[0]!,
    {
      heading: "Who sees what",
      points: [
        "You see all of your own figures.",
        "Managers and admins see figures only for groups of at least 5 people, never yours individually — except what your goal agreement allows, as described below.",
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
    "Updated in December 2026: the text now says exactly what your manager sees of your goal agreement and when (nothing before you accept; during the period your attainment, not your activities; statements only after your release), and that every view is recorded for you. It does not allow anything the previous version did not; your consent stays valid.",
};

const deV2: ConsentText = {
  version: CONSENT_VERSION,
  title: deV1.title,
  intro: deV1.intro,
  sections: [
    deV1.sections[0]!,
    {
      heading: "Wer was sieht",
      points: [
        "Du siehst alle deine eigenen Zahlen.",
        "Führungskräfte und Admins sehen Zahlen nur für Gruppen ab 5 Personen, nie deine einzeln — außer dem, was deine Zielvereinbarung erlaubt, wie unten beschrieben.",
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
    "Aktualisiert im Dezember 2026: Der Text sagt jetzt genau, was deine Führungskraft von deiner Zielvereinbarung sieht und wann (nichts, bevor du annimmst; während des Zeitraums deine Zielerreichung, nicht deine Aktivitäten; Nachweise erst nach deiner Freigabe), und dass jeder Aufruf für dich vermerkt wird. Er erlaubt nichts, was die vorige Fassung nicht erlaubt hat; deine Zustimmung bleibt gültig.",
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
