import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/advocacy.ts";

/** Texts of the advocacy pages . The consent text itself is versioned in app/modules/advocacy/consent-text.ts (German). */
export default {
  title: "Botschafterprogramm",
  lead: "Teile Neuigkeiten deines Unternehmens auf deinen eigenen Profilen, wenn du möchtest. Das bedeutet es:",
  join: {
    confirm: "Ich habe das gelesen",
    button: "Am Botschafterprogramm teilnehmen",
    confirmRequired: "Bitte bestätige, dass du den Text gelesen hast.",
  },
  joined: {
    status: "Du nimmst seit {{date}} teil (Fassung der Einwilligung: {{version}}).",
    textTitle: "Dem hast du zugestimmt",
  },
  reconsent: {
    title: "Bitte bestätige den aktualisierten Einwilligungstext",
    lead: "Du hast einer früheren Fassung dieses Textes zugestimmt ({{version}}). Er hat sich seitdem geändert: Was neu ist, steht oben. Bis du ihn bestätigst, kannst du nicht teilen; sonst ändert sich nichts. Wenn du nicht zustimmst, verlasse das Programm unten.",
    button: "Ich stimme dem aktualisierten Text zu",
    done: "Danke: Du hast dem aktualisierten Text zugestimmt (Fassung {{version}}). Du kannst wieder teilen.",
  },
  next: {
    title: "Nächste Schritte",
    guidelines: "Leitlinien lesen und akzeptieren",
    guidelinesDone: "Leitlinien akzeptiert (Version {{version}})",
    guidelinesNone: "Dein Unternehmen hat noch keine Leitlinien veröffentlicht.",
    onboarding: "Wähle unten deinen Einstieg",
    onboardingDone: "Einstieg abgeschlossen",
  },
  leave: {
    title: "Programm verlassen",
    lead: "Du kannst jederzeit austreten. Ab dann werden keine neuen Klicks auf deine Links erfasst. Bereits geteilte Links funktionieren weiter.",
    legend: "Was soll mit deinen bisherigen Beiträgen passieren?",
    keep: "Meine Daten behalten",
    keepHint: "Deine Beiträge bleiben in deinem Verlauf, für dich sichtbar, und zählen wie bisher.",
    anonymise: "Meine Daten anonymisieren",
    anonymiseHint:
      "Deine Beiträge werden von deinem Namen getrennt und ihr Text wird gelöscht. Für das Programm bleiben nur anonyme Klickzahlen. Das lässt sich nicht rückgängig machen.",
    button: "Programm verlassen",
    left: "Du hast das Programm verlassen. Für deine Links werden keine neuen Klicks mehr erfasst.",
    leftAnonymised: "Du hast das Programm verlassen, und deine bisherigen Beiträge sind anonymisiert.",
    rejoin: "Du kannst jederzeit wieder teilnehmen.",
  },
  onboarding: {
    title: "Einstieg",
    lead: "Wie vertraut bist du damit, Inhalte deines Unternehmens zu teilen?",
    beginner: "Ich teile zum ersten Mal etwas für die Arbeit",
    experienced: "Ich teile regelmäßig",
    done: "Fertig",
    completed: "Du hast den Einstieg abgeschlossen. Du kannst ihn jederzeit wieder ansehen.",
    share: {
      title: "Was du teilen kannst",
      p1: "Beiträge unter „Inhalte zum Teilen“: Sie sind freigegeben und startklar.",
      p2: "Schreib einen Satz in deinen eigenen Worten dazu: Warum ist dir das wichtig? Persönliche Beiträge erreichen mehr Menschen als kopierte.",
      p3: "Teile, was du auch Freunden von deiner Arbeit erzählen würdest.",
    },
    never: {
      title: "Was du nie teilst",
      p1: "Vertrauliches: Zahlen, Pläne, alles, was noch nicht öffentlich ist.",
      p2: "Kundendaten oder etwas über Kunden, die nicht zugestimmt haben.",
      p3: "Streit mit Kritikern: Lass dich nicht in hitzige Diskussionen ziehen, auch nicht, um das Unternehmen zu verteidigen.",
    },
    handOff: {
      title: "Wann du abgibst",
      text: "Wenn eine Diskussion über das Unternehmen hitzig wird, eine Journalistin oder ein Journalist nachfragt oder jemand ein Problem meldet: Antworte nicht selbst, sondern gib es an das Kommunikationsteam weiter.",
      link: "Diskussion an das Kommunikationsteam melden",
    },
    checklist: {
      title: "Kurze Checkliste",
      p1: "Mach kenntlich, dass du hier arbeitest (dein Unternehmen verlangt vielleicht einen Hinweis wie #mitarbeiter; Chorus fügt ihn ein).",
      p2: "Nichts Vertrauliches, keine Kundendaten.",
      p3: "Formuliere den Text persönlich, statt den Vorschlag unverändert zu posten.",
      p4: "Hitzige Diskussion? Melde sie dem Kommunikationsteam, statt mitzustreiten.",
    },
  },
  guidelines: {
    title: "Social-Media-Leitlinien",
    meta: "Version {{version}}, veröffentlicht am {{date}}",
    accept: "Ich habe die Leitlinien gelesen und akzeptiere sie",
    acknowledged: "Du hast diese Leitlinien am {{date}} akzeptiert.",
    empty: "Dein Unternehmen hat noch keine Social-Media-Leitlinien veröffentlicht.",
    fallback: "Diese Leitlinien gibt es noch nicht auf Deutsch; hier ist die andere Fassung.",
    outdated:
      "Inzwischen wurde eine neuere Version veröffentlicht. Bitte lies sie und akzeptiere sie erneut.",
    joinHint: "Als Nächstes: Nimm am Botschafterprogramm teil, um Beiträge zu teilen.",
  },
  admin: {
    title: "Leitlinien und Kennzeichnung",
    lead: "Beim Veröffentlichen entsteht eine neue Version. Alle im Programm müssen sie lesen und akzeptieren, bevor sie wieder etwas teilen.",
    edit: "Neue Version",
    bodyDe: "Deutsch (Markdown)",
    bodyEn: "Englisch (Markdown)",
    syntax:
      "Möglich sind: # Überschriften, - Listen, 1. nummerierte Listen, **fett**, *kursiv*, [Links](https://…).",
    preview: "Vorschau",
    previewEmpty: "Noch nichts zu sehen.",
    publish: "Neue Version veröffentlichen",
    published: "Version {{version}} ist veröffentlicht.",
    history: "Versionen",
    historyEmpty: "Noch keine Version veröffentlicht.",
    historyItem: "Version {{version}}, {{date}}, von {{name}}: von {{count}} akzeptiert",
    unknownPerson: "einem ehemaligen Mitglied",
    disclosureTitle: "Kennzeichnung beim Teilen",
    disclosureLabel: "Hinweis, den jeder geteilte Beitrag enthalten muss",
    disclosureHint:
      "Zum Beispiel #mitarbeiter oder #employee. Mitarbeitende können ihn nicht entfernen. Leer lassen für keinen; höchstens 40 Zeichen.",
    disclosureSave: "Kennzeichnung speichern",
    disclosureSaved: "Kennzeichnung gespeichert.",
    labelsTitle: "Kennzeichnung je Netzwerk und Sprache",
    labelsLead:
      "Die Kennzeichnung kommt automatisch in jeden geteilten Beitrag, in der Sprache des Textvorschlags, und zählt zur Länge des Netzwerks; sie wird nie doppelt eingefügt. Wo Netzwerk und Sprache leer bleiben, gilt der Hinweis oben.",
    labelsLaw:
      "Warum: In Deutschland verlangen § 5a Abs. 4 UWG und der Medienstaatsvertrag, kommerzielle Kommunikation zu kennzeichnen, und ein Beitrag von Mitarbeitenden über ihren Arbeitgeber gehört dazu. Vorschlag: „#Mitarbeiter“ / „#employee“.",
    labelsIncentivised:
      "In deinem Programm bringen geteilte Beiträge Punkte: Ein belohnter Beitrag ist Werbung. Vorschlag hier: „#Werbung“ / „#ad“.",
    labelsNetwork: "Netzwerk",
    labelsCaption: "Kennzeichnung je Netzwerk und Sprache",
    labelsSave: "Kennzeichnungen speichern",
    labelsSuggest: "Leere Felder mit den Vorschlägen füllen",
    labelsSaved: "Kennzeichnungen gespeichert.",
    labelsSavedUnmarked_one:
      "Achtung: Geteilte Beiträge werden belohnt, und {{count}} Kennzeichnung sagt nicht „Werbung“.",
    labelsSavedUnmarked_other:
      "Achtung: Geteilte Beiträge werden belohnt, und {{count}} Kennzeichnungen sagen nicht „Werbung“.",
    labelsUnmarked:
      "In deinem Programm werden geteilte Beiträge belohnt, ein belohnter Beitrag ist also Werbung (§ 5a Abs. 4 UWG). Diese Kennzeichnungen sagen das nicht (kein „#Werbung“, „#Anzeige“, „#ad“ oder „#advertisement“): Belohnte Beiträge gehen dort ohne Werbekennzeichnung hinaus. Eure Rechtsberatung entscheidet; unser Vorschlag: „#Werbung“ / „#ad“.",
    labelsNone: "keine Kennzeichnung",
    labelsNoAdMarker: "Kein Werbehinweis",
  },
  errors: {
    guidelines_outdated:
      "Inzwischen wurde eine neuere Version veröffentlicht. Bitte lies sie und akzeptiere sie erneut.",
    not_opted_in: "Nimm am Botschafterprogramm teil, bevor du etwas teilst.",
    guidelines_pending: "Bitte lies und akzeptiere die aktuellen Leitlinien, bevor du etwas teilst.",
    consent_outdated: "Bitte bestätige den aktualisierten Einwilligungstext, bevor du etwas teilst.",
  },
} satisfies Dictionary<typeof en>;
