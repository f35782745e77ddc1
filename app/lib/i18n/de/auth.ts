import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/auth.ts";

/** Sign-up, sign-in, invitations, profile text (German). */
export default {
  landing: {
    title: "Deine Leute, deine Stimme",
    lead: "In Chorus finden Mitarbeiter:innen freigegebene Beiträge des Unternehmens und teilen sie auf ihren eigenen Profilen – freiwillig und mit klaren Leitlinien.",
    points: {
      share: "Teile einen freigegebenen Beitrag mit zwei Fingertipps in deinem Netzwerk.",
      reach: "Sieh, was deine geteilten Beiträge erreicht haben: Klicks und geschätzte Impressionen.",
      credit: "Dein Einsatz zählt: Ziele und Nachweise für deine Gespräche.",
    },
    signIn: "Anmelden",
    signInHint:
      "Mit deiner geschäftlichen E-Mail-Adresse: Wir schicken dir einen Anmeldelink, kein Passwort nötig.",
    newCompany: "Neu bei Chorus?",
    signUp: "Chorus für dein Unternehmen starten",
  },
  login: {
    title: "Bei Chorus anmelden",
    email: "Geschäftliche E-Mail-Adresse",
    submit: "Anmeldelink per E-Mail schicken",
    sentTitle: "Schau in dein Postfach",
    sent: "Wenn zu {{email}} ein Chorus-Konto gehört, ist ein Anmeldelink unterwegs. Er funktioniert einmal und läuft nach 10 Minuten ab.",
    noAccount: "Neu hier?",
    signUp: "Chorus für dein Unternehmen starten",
    devMail: "Entwicklung: Postausgang öffnen",
    rateLimited_one:
      "Für diese Adresse oder aus deinem Netz wurden zu viele Anmeldelinks angefordert. Ein schon geschickter Link funktioniert weiter, bis er abläuft; sonst versuche es bitte in einer Minute erneut.",
    rateLimited_other:
      "Für diese Adresse oder aus deinem Netz wurden zu viele Anmeldelinks angefordert. Ein schon geschickter Link funktioniert weiter, bis er abläuft; sonst versuche es bitte in {{count}} Minuten erneut.",
  },
  verify: {
    title: "Anmelden",
    lead: "Melde dich in diesem Browser bei Chorus an.",
    submit: "Jetzt anmelden",
    invalidTitle: "Dieser Link funktioniert nicht mehr",
    invalid: "Anmeldelinks gelten einmal und laufen nach 10 Minuten ab. Fordere einen neuen an.",
    requestNew: "Neuen Link anfordern",
  },
  signup: {
    title: "Chorus für dein Unternehmen starten",
    lead: "Du wirst die erste Admin-Person. Deine Kolleg:innen lädst du danach ein – einzeln oder per CSV-Datei.",
    companyName: "Name des Unternehmens",
    slug: "Webadresse",
    slugHint: "Kleinbuchstaben, Ziffern und Bindestriche; die Adresse deines Unternehmens wird /t/<slug>.",
    adminName: "Dein Name",
    adminEmail: "Deine geschäftliche E-Mail-Adresse",
    submit: "Unternehmen anlegen",
    sentTitle: "Fast geschafft",
    sent: "Wir haben einen Anmeldelink an {{email}} geschickt. Öffne ihn, um {{company}} zu betreten.",
    slugTaken: "Diese Adresse ist schon vergeben.",
    rateLimited_one:
      "Zu viele Versuche aus deinem Netz oder für diese E-Mail-Adresse. Es wurde nichts angelegt; versuche es bitte in einer Minute erneut.",
    rateLimited_other:
      "Zu viele Versuche aus deinem Netz oder für diese E-Mail-Adresse. Es wurde nichts angelegt; versuche es bitte in {{count}} Minuten erneut.",
  },
  join: {
    title: "{{company}} bei Chorus beitreten",
    lead: "{{inviter}} hat dich eingeladen als {{roles}}.",
    submit: "Einladung annehmen",
    invalidTitle: "Diese Einladung funktioniert nicht mehr",
    invalid:
      "Sie wurde schon benutzt, zurückgezogen oder ist abgelaufen. Bitte deine Admin-Person um eine neue.",
    joinedTitle: "Du bist {{company}} beigetreten",
    ssoRequired:
      "Dein Unternehmen meldet sich mit dem Unternehmenskonto an (Single Sign-on), nicht mit Links per E-Mail. Melde dich mit deinem Unternehmenskonto an, um weiterzumachen.",
    ssoSignIn: "Mit dem Unternehmenskonto anmelden",
  },
  tenants: {
    title: "Deine Unternehmen",
    empty:
      "Du bist noch in keinem Unternehmen Mitglied. Bitte deine Admin-Person um eine Einladung oder starte Chorus für dein Unternehmen.",
    open: "Öffnen",
  },
  profile: {
    title: "Mein Profil",
    language: "Sprache in Chorus",
    languageTenant: "Standard des Unternehmens ({{language}})",
    saved: "Gespeichert.",
    sessionsTitle: "Sitzungen",
    sessionsLead: "Auf einem Gerät angemeldet, das du nicht mehr nutzt? Beende alle Sitzungen, auch diese.",
    signOutEverywhere: "Überall abmelden",
  },
} satisfies Dictionary<typeof en>;
