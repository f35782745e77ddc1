/** Texts of single sign-on: the sign-in flow's pages and errors, the admin page (issue 16) (German). */
export default {
  callback: {
    title: "Single Sign-on hat nicht geklappt",
    lead: "Du bist nicht angemeldet.",
    tryAgain: "Zurück zur Anmeldung",
    home: "Startseite",
  },
  kind: {
    microsoft: "Microsoft Entra ID (Microsoft 365)",
    google: "Google Workspace",
    oidc: "Anderer OpenID-Connect-Anbieter",
  },
  admin: {
    title: "Single Sign-on",
    lead: "Lass Mitglieder sich mit ihrem Unternehmenskonto bei Microsoft, Google oder einem anderen OpenID-Connect-Anbieter anmelden statt mit einem Anmeldelink per E-Mail.",
    serverNotConfigured:
      "Single Sign-on lässt sich auf diesem Server noch nicht einrichten: Zum Speichern des Client-Secrets fehlt ein Schlüssel (SECRETS_KEYS). Wende dich an die Person, die Chorus für euch betreibt.",
    providerTitle: "Identitätsanbieter",
    statusNone: "Kein Identitätsanbieter verbunden. Alle melden sich mit einem Link per E-Mail an.",
    statusOn: "Verbunden: Anmeldung mit {{name}} ist möglich.",
    statusOff: "Ausgeschaltet: {{name}} ist eingerichtet, aber niemand kann sich damit anmelden.",
    redirectUri: "Weiterleitungs-URI",
    redirectUriHint: "Trage diese Adresse als Weiterleitungs-URI (Typ Web) der App bei deinem Anbieter ein.",
    scopes: "Scopes",
    scopesHint: "Die Berechtigungen, die Chorus bei der Anmeldung anfragt.",
    copy: "Kopieren",
    copied: "Kopiert",
    kind: "Anbieter",
    entraTenantId: "Verzeichnis-ID",
    entraTenantIdHint:
      "Microsoft Entra Admin Center → Übersicht: die ID eures Verzeichnisses (auch in der App-Registrierung unter „Übersicht“), z. B. 3f1c9a52-7a7e-4c55-9d0e-2b7e8f5a6c11.",
    hostedDomain: "Workspace-Domain",
    hostedDomainHint: "Die primäre Domain eures Google Workspace, z. B. example.com.",
    discoveryUrl: "Discovery-URL",
    discoveryUrlHint:
      "Die Adresse des Anbieters, die auf /.well-known/openid-configuration endet (oder seine Issuer-Adresse). Chorus liest beim Speichern den Issuer daraus.",
    issuer: "Gefundener Issuer: {{issuer}}",
    displayName: "Name auf dem Anmeldeknopf",
    displayNameHint: "Optional: „Anmelden mit …“ zeigt diesen Namen; leer zeigt den Namen des Anbieters.",
    displayNameHintOidc:
      "„Anmelden mit …“ zeigt diesen Namen, z. B. den eures Unternehmens oder des Anbieters.",
    clientId: "Client-ID",
    clientIdHint: {
      microsoft: "App-Registrierungen → deine App → Übersicht → Anwendungs-ID (Client).",
      google: "Google Cloud Console → APIs & Dienste → Anmeldedaten → deine OAuth-Client-ID.",
      oidc: "Die Client-ID, die dein Anbieter für die für Chorus registrierte App zeigt.",
    },
    clientSecret: "Client-Secret",
    clientSecretHint: "Wird verschlüsselt gespeichert und nie wieder angezeigt.",
    clientSecretKeep: "Leer lassen, um das gespeicherte Secret zu behalten.",
    jit: "Neue Kolleg:innen bei der ersten Anmeldung aufnehmen",
    jitHint:
      "Wer sich über diesen Anbieter mit einer Adresse einer bestätigten Domain anmeldet, wird Mitglied von {{company}} als Mitarbeiter:in, nie als Admin. Aus: Nur bereits eingeladene Personen können sich anmelden.",
    enabled: "Anmeldung mit diesem Anbieter ist eingeschaltet",
    enabledHint:
      "Ausschalten hebt auch „Single Sign-on verlangen“ für eure Domains auf, damit niemand ausgesperrt ist.",
    save: "Speichern",
    saved: "Gespeichert.",
    savedRequireCleared:
      "Gespeichert. Der Anbieter ist aus, daher nehmen eure Domains wieder Anmeldelinks per E-Mail an.",
    remove: "Anbieter trennen",
    removeConfirm:
      "{{name}} trennen? Alle melden sich wieder mit einem Link per E-Mail an; eure Domains bleiben für einen später verbundenen Anbieter bestätigt.",
    providerRemoved: "Anbieter getrennt.",
  },
  domains: {
    title: "Domains",
    lead: "Die E-Mail-Domains eures Unternehmens. Nach der Bestätigung finden Personen mit einer Adresse der Domain euren Anmeldeknopf auf der Anmeldeseite.",
    domain: "Domain",
    domainHint: "Nur der Teil nach dem @, z. B. example.com.",
    add: "Domain hinzufügen",
    added: "Domain hinzugefügt. Lege den DNS-Eintrag unten an und bestätige dann.",
    empty: "Noch keine Domains. Füge die Domain der E-Mail-Adressen eures Unternehmens hinzu.",
    unverified: "Nicht bestätigt",
    verifiedByDns: "Per DNS bestätigt",
    verifiedBySso: "Per Anmeldung bestätigt",
    recordHowTo:
      "Lege bei deinem DNS-Anbieter einen TXT-Eintrag mit diesem Namen und Wert an. Es kann einige Minuten dauern, bis er gefunden wird.",
    recordName: "Name (Host)",
    recordNameHint:
      "Manche DNS-Anbieter wollen hier nur „_chorus“; der Eintrag darf auch direkt auf {{domain}} liegen.",
    recordValue: "Wert",
    verifyDns: "Per DNS bestätigen",
    verifySso: "Per Anmeldung bestätigen",
    verifySsoHint:
      "Oder melde dich einmal mit deinem Unternehmenskonto beim Anbieter an: Eine vom Anbieter bestätigte Adresse dieser Domain weist die Domain nach.",
    verified: "{{domain}} ist bestätigt.",
    alreadyVerified: "{{domain}} war schon bestätigt.",
    elsewhere:
      "Ein anderes Unternehmen in Chorus hat diese Domain ebenfalls bestätigt. Personen mit einer Adresse davon sehen auf der Anmeldeseite beide Unternehmen.",
    requiredOff: "Personen dieser Domain können sich auch mit einem Link per E-Mail anmelden.",
    requiredOn: "Single Sign-on ist verlangt: Anmeldelinks per E-Mail werden für diese Domain abgelehnt.",
    requireHint:
      "Bevor du es verlangst, melde dich selbst einmal über den Anbieter an: Ist der Anbieter falsch eingerichtet, kann sich niemand dieser Domain anmelden, auch du nicht.",
    require: "Single Sign-on verlangen",
    allowLinks: "Anmeldelinks wieder erlauben",
    requireOn: "Für {{domain}} ist Single Sign-on jetzt verlangt.",
    requireOff: "Anmeldelinks per E-Mail funktionieren für {{domain}} wieder.",
    remove: "Entfernen",
    removeLabel: "{{domain}} entfernen",
    removeConfirm:
      "{{domain}} entfernen? Personen der Domain finden euren Anmeldeknopf nicht mehr, und neue Kolleg:innen werden nicht mehr von selbst aufgenommen.",
    removed: "Domain entfernt.",
  },
  login: {
    choose: "Dein Unternehmen meldet sich mit eigenem Konto an",
    chooseLead: "Wähle, wie du dich als {{email}} anmeldest:",
    button: "Anmelden mit {{provider}}",
    buttonCompany: "für {{company}}",
    orLink: "Stattdessen Anmeldelink per E-Mail schicken",
    required:
      "Dein Unternehmen verlangt für diese Adresse Single Sign-on: Anmeldelinks per E-Mail werden nicht verschickt. Nutze den Knopf oben.",
    requiredNoButton:
      "Dein Unternehmen verlangt für diese Adresse Single Sign-on, aber gerade ist keine Anmeldung möglich. Wende dich an die Chorus-Admins deines Unternehmens.",
    company: "Mit deinem Unternehmenskonto anmelden",
    companySlug: "Chorus-Adresse deines Unternehmens",
    companySlugHint: "Der Teil nach /t/ in der Chorus-Adresse deines Unternehmens, z. B. acme.",
    companySubmit: "Weiter",
    companyNotFound:
      "Für diese Adresse ist kein Single Sign-on eingerichtet. Prüfe sie oder melde dich mit einem Link per E-Mail an.",
    linkRefused:
      "Dieser Anmeldelink gilt nicht mehr: Dein Unternehmen verlangt jetzt Single Sign-on. Melde dich stattdessen mit deinem Unternehmenskonto an.",
  },
  errors: {
    // the admin page and the sign-in page (helper H2)
    generic: "Das hat nicht geklappt. Bitte versuch es noch einmal.",
    domainInvalid: "Das ist keine Domain. Gib nur den Teil nach dem @ ein, z. B. example.com.",
    domainPublicSuffix:
      "Das ist eine öffentliche Endung, nicht die Domain eures Unternehmens. Gib die ganze Domain ein, z. B. example.co.uk.",
    domainSharedMail:
      "Das ist ein öffentlicher E-Mail-Dienst. Bestätigen lässt sich nur die eigene Domain eures Unternehmens.",
    entraTenantId: "Eine Verzeichnis-ID sieht so aus: 3f1c9a52-7a7e-4c55-9d0e-2b7e8f5a6c11.",
    entraPersonalAccounts:
      "Das ist das Verzeichnis der privaten Microsoft-Konten, die jeder anlegen kann. Gib die Verzeichnis-ID eures Unternehmens ein.",
    secretForNewId: "Eine neue Client-ID braucht auch ihr Client-Secret.",
    discoveryUrlInvalid:
      "Gib eine https://-Adresse ein, z. B. https://login.example.com/.well-known/openid-configuration.",
    discoveryBlocked: "Diese Adresse ist aus dem Internet nicht erreichbar.",
    discoveryUnreachable:
      "Der Anbieter hat unter dieser Adresse nicht geantwortet. Prüfe sie und versuch es noch einmal.",
    discoveryInvalid:
      "Diese Adresse liefert keine OpenID-Connect-Konfiguration (oder nennt einen anderen Issuer).",
    not_found: "Das gibt es nicht mehr. Lade die Seite neu.",
    sso_server_not_configured:
      "Single Sign-on lässt sich auf diesem Server noch nicht einrichten (kein Schlüssel für Secrets).",
    sso_domain_exists: "Diese Domain ist schon hinzugefügt.",
    sso_domain_unverified: "Bestätige zuerst die Domain.",
    sso_domain_dns_required:
      "Um Single Sign-on vorzuschreiben, muss die Domain per DNS bestätigt sein: Eine Anmeldung zeigt nur, dass jemand dort ein Konto hat, nicht, dass die Domain eurem Unternehmen gehört.",
    sso_dns_missing:
      "Kein TXT-Eintrag mit „chorus-domain-verification“ gefunden. Prüfe den Eintrag oder versuch es in ein paar Minuten noch einmal.",
    sso_dns_mismatch:
      "Ein Bestätigungseintrag wurde gefunden, aber mit einem anderen Wert. Kopiere den hier gezeigten Wert genau.",
    sso_dns_unreachable: "DNS hat nicht geantwortet. Bitte versuch es in einer Minute noch einmal.",
    sso_no_provider: "Verbinde zuerst einen Identitätsanbieter und schalte ihn ein.",
    sso_required:
      "Dein Unternehmen verlangt für diese Adresse Single Sign-on: Melde dich mit deinem Unternehmenskonto an.",
    sso_flow_expired:
      "Diese Anmeldung wurde vor zu langer Zeit, in einem anderen Browser oder schon einmal verwendet. Bitte starte sie auf der Anmeldeseite neu.",
    sso_denied:
      "Dein Identitätsanbieter hat dich nicht angemeldet (vielleicht hast du abgebrochen). Bitte versuche es noch einmal.",
    sso_token_failed:
      "Der Identitätsanbieter deines Unternehmens war nicht erreichbar oder hat die Anmeldung abgelehnt. Bitte versuche es später noch einmal oder frag deine Admin-Person.",
    sso_token_invalid:
      "Die Antwort des Identitätsanbieters deines Unternehmens ließ sich nicht prüfen und wurde deshalb nicht angenommen. Bitte versuche es noch einmal; passiert es wieder, sag deiner Admin-Person Bescheid.",
    sso_wrong_directory:
      "Du hast dich mit einem Konto einer anderen Organisation angemeldet als der, die dieses Unternehmen verbunden hat. Melde dich mit deinem Arbeitskonto an.",
    sso_email_unverified:
      "Dein Identitätsanbieter hat deine E-Mail-Adresse nicht bestätigt, deshalb kann Chorus dich damit nicht anmelden.",
    sso_domain_not_verified:
      "Die Domain deiner E-Mail-Adresse ist für dieses Unternehmen nicht bestätigt, deshalb kann Single Sign-on dich nicht anmelden. Bitte deine Admin-Person, die Domain zu bestätigen, oder melde dich mit einem E-Mail-Link an.",
    sso_identity_conflict:
      "Dein Konto beim Identitätsanbieter gehört zu einem anderen Chorus-Konto als deine E-Mail-Adresse. Bitte deine Admin-Person, das zu klären.",
    sso_not_member:
      "Du bist in Chorus noch kein Mitglied dieses Unternehmens. Bitte deine Admin-Person um eine Einladung.",
    sso_member_deactivated:
      "Dein Zugang zu diesem Unternehmen wurde beendet. Frag deine Admin-Person, wenn du das für einen Fehler hältst.",
    sso_domain_not_proven:
      "Diese Anmeldung bestätigt die Domain nicht: Melde dich mit einem Konto der Domain an, in dem Verzeichnis, das dieses Unternehmen verbunden hat.",
  },
};
