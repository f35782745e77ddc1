import type { Locale } from "../../../db/schema.ts";

/**
 * The version of the consent text below. Every consent records it, so changing what the text
 * promises means a new version here (and the history still shows what each person agreed to).
 */
export const CONSENT_VERSION = "2026-11-v1";

export interface ConsentSection {
  heading: string;
  points: string[];
}

export interface ConsentText {
  version: string;
  title: string;
  intro: string;
  sections: ConsentSection[];
}

const en: ConsentText = {
  version: CONSENT_VERSION,
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

const de: ConsentText = {
  version: CONSENT_VERSION,
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

const texts: Record<Locale, ConsentText> = { de, en };

/** The consent text in the reader's language. */
export function consentText(locale: Locale): ConsentText {
  return texts[locale];
}
