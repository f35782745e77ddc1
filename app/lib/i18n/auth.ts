/** Sign-up, sign-in, invitations, profile and dashboard text. */
export const auth = {
  en: {
    login: {
      title: "Sign in to Chorus",
      email: "Work email",
      submit: "Email me a sign-in link",
      sentTitle: "Check your inbox",
      sent: "If {{email}} belongs to a Chorus account, a sign-in link is on its way. It works once and expires in 10 minutes.",
      noAccount: "New here?",
      signUp: "Start Chorus for your company",
      devMail: "Development: open the mail outbox",
      rateLimited_one:
        "Too many sign-in links were asked for, for this address or from your network. A link we already sent keeps working until it expires; otherwise please try again in a minute.",
      rateLimited_other:
        "Too many sign-in links were asked for, for this address or from your network. A link we already sent keeps working until it expires; otherwise please try again in {{count}} minutes.",
    },
    verify: {
      title: "Sign in",
      lead: "Continue to sign in to Chorus in this browser.",
      submit: "Sign me in",
      invalidTitle: "This link no longer works",
      invalid: "Sign-in links work once and expire after 10 minutes. Request a new one.",
      requestNew: "Request a new link",
    },
    signup: {
      title: "Start Chorus for your company",
      lead: "You become the first admin. Invite your colleagues afterwards — one by one or as a CSV file.",
      companyName: "Company name",
      slug: "Web address",
      slugHint: "Lowercase letters, digits and dashes; your company's address becomes /t/<slug>.",
      adminName: "Your name",
      adminEmail: "Your work email",
      submit: "Create company",
      sentTitle: "Almost there",
      sent: "We sent a sign-in link to {{email}}. Open it to enter {{company}}.",
      slugTaken: "This address is already taken.",
      rateLimited_one:
        "Too many attempts from your network or for this email address. Nothing was created; please try again in a minute.",
      rateLimited_other:
        "Too many attempts from your network or for this email address. Nothing was created; please try again in {{count}} minutes.",
    },
    join: {
      title: "Join {{company}} on Chorus",
      lead: "{{inviter}} invited you as {{roles}}.",
      submit: "Accept invitation",
      invalidTitle: "This invitation no longer works",
      invalid: "It was already used, withdrawn, or it expired. Ask your admin to send a new one.",
    },
    tenants: {
      title: "Your companies",
      empty:
        "You are not a member of any company yet. Ask your admin for an invitation, or start Chorus for your company.",
      open: "Open",
    },
    dashboard: {
      welcome: "Welcome, {{name}}",
      lead: "This is your Chorus start page at {{company}}.",
      yourRoles: "Your roles",
      nextTitle: "What you can do",
      employeeNext:
        "Soon you will find approved posts to share here, and your own impact. Sharing is always voluntary.",
      adminNext: "Invite your colleagues and set up teams and reporting lines.",
      adminInvite: "Invite members",
      commsNext: "Content curation and approval arrive with the content module.",
      managerNext: "Advocacy goals with your direct reports arrive with the goals module.",
    },
    profile: {
      title: "My profile",
      language: "Language for Chorus",
      languageTenant: "Company default ({{language}})",
      saved: "Saved.",
      sessionsTitle: "Sessions",
      sessionsLead: "Signed in on a device you no longer use? End every session, this one included.",
      signOutEverywhere: "Sign out everywhere",
    },
  },
  de: {
    login: {
      title: "Bei Chorus anmelden",
      email: "Geschäftliche E-Mail-Adresse",
      submit: "Anmeldelink per E-Mail schicken",
      sentTitle: "Schau in dein Postfach",
      sent: "Wenn zu {{email}} ein Chorus-Konto gehört, ist ein Anmeldelink unterwegs. Er funktioniert einmal und läuft nach 10 Minuten ab.",
      noAccount: "Neu hier?",
      signUp: "Chorus für deine Firma starten",
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
      title: "Chorus für deine Firma starten",
      lead: "Du wirst die erste Admin-Person. Deine Kolleg:innen lädst du danach ein – einzeln oder per CSV-Datei.",
      companyName: "Name der Firma",
      slug: "Webadresse",
      slugHint: "Kleinbuchstaben, Ziffern und Bindestriche; die Adresse deiner Firma wird /t/<slug>.",
      adminName: "Dein Name",
      adminEmail: "Deine geschäftliche E-Mail-Adresse",
      submit: "Firma anlegen",
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
    },
    tenants: {
      title: "Deine Firmen",
      empty:
        "Du bist noch in keiner Firma Mitglied. Bitte deine Admin-Person um eine Einladung oder starte Chorus für deine Firma.",
      open: "Öffnen",
    },
    dashboard: {
      welcome: "Willkommen, {{name}}",
      lead: "Das ist deine Chorus-Startseite bei {{company}}.",
      yourRoles: "Deine Rollen",
      nextTitle: "Was du tun kannst",
      employeeNext:
        "Bald findest du hier freigegebene Beiträge zum Teilen und deine eigene Wirkung. Teilen ist immer freiwillig.",
      adminNext: "Lade deine Kolleg:innen ein und lege Teams und Berichtslinien an.",
      adminInvite: "Mitglieder einladen",
      commsNext: "Redaktion und Freigabe kommen mit dem Inhalte-Modul.",
      managerNext: "Advocacy-Ziele mit deinen Mitarbeitenden kommen mit dem Ziele-Modul.",
    },
    profile: {
      title: "Mein Profil",
      language: "Sprache in Chorus",
      languageTenant: "Firmenstandard ({{language}})",
      saved: "Gespeichert.",
      sessionsTitle: "Sitzungen",
      sessionsLead: "Auf einem Gerät angemeldet, das du nicht mehr nutzt? Beende alle Sitzungen, auch diese.",
      signOutEverywhere: "Überall abmelden",
    },
  },
} as const;
