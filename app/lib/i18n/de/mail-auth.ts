import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/mail-auth.ts";

/** Mails of signing in and joining (emails/magic-link.tsx, emails/invitation.tsx) (German). */
export default {
  magicLink: {
    subject: "Dein Anmeldelink für Chorus",
    preview: "Melde dich mit einem Klick an. Der Link ist {{minutes}} gültig.",
    heading: "Bei Chorus anmelden",
    intro: "Klicke auf die Schaltfläche, um dich bei Chorus anzumelden.",
    introTenant: "Klicke auf die Schaltfläche, um dich bei {{tenantName}} in Chorus anzumelden.",
    button: "Jetzt anmelden",
    expiry: "Der Link ist {{minutes}} gültig.",
    ignore: "Du hast keinen Anmeldelink angefordert? Dann kannst du diese E-Mail einfach ignorieren.",
    minutes_one: "1 Minute",
    minutes_other: "{{count}} Minuten",
  },
  invitation: {
    subject: "{{inviterName}} lädt dich zu {{tenantName}} auf Chorus ein",
    preview: "{{inviterName}} möchte, dass du bei {{tenantName}} mitmachst.",
    heading: "Du bist eingeladen",
    greeting: "Hallo {{inviteeName}},",
    body: "{{inviterName}} hat dich eingeladen, {{tenantName}} auf Chorus beizutreten. Dort findest du freigegebene Inhalte, die du auf deinen eigenen Profilen teilen kannst.",
    voluntary: "Die Teilnahme ist freiwillig, und du kannst jederzeit mit einem Klick wieder austreten.",
    button: "Einladung annehmen",
    ignore:
      "Du kennst {{inviterName}} nicht oder möchtest nicht mitmachen? Dann ignoriere diese E-Mail einfach.",
  },
} satisfies Dictionary<typeof en>;
