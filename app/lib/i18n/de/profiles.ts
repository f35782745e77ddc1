import type { Dictionary } from "~/app/lib/i18n/dictionary.ts";
import type en from "~/app/lib/i18n/en/profiles.ts";

/** Texts of the profiles pages and the LinkedIn admin page (German). */
export default {
  title: "Meine Netzwerke",
  lead: "Wo du teilst und wie viele Menschen dir dort folgen. Deine Follower-Zahlen gehören dir: Sie dienen nur dazu, die Reichweite deiner Beiträge zu schätzen.",
  handle: "Profilname",
  handleHint: {
    linkedin: "Dein Profilname aus linkedin.com/in/… (oder füge die Profiladresse ein).",
    x: "Dein @Name auf X.",
    facebook: "Dein Nutzername aus facebook.com/… (oder füge die Profiladresse ein).",
    xing: "Dein Profilname aus xing.com/profile/…",
    bluesky: "Dein Handle, z. B. name.bsky.social.",
    mastodon: "Dein Nutzername oder das vollständige @name@instanz.",
    threads: "Dein @Name auf Threads.",
  },
  followers: "Follower",
  followersHint: "Leer lassen, wenn du es nicht angeben möchtest.",
  recordedOn: "erfasst am {{date}}",
  confirmFollowers: "Die Zahl stimmt noch",
  mastodonInstance: "Deine Mastodon-Instanz",
  mastodonInstanceHint: "Nur der Hostname, z. B. mastodon.social.",
  save: "Speichern",
  remove: "Entfernen",
  saved: "Gespeichert.",
  removed: "Entfernt.",
  notSet: "Nicht eingerichtet",
  staleTitle: "Zeit, deine Follower-Zahlen zu prüfen",
  staleBody:
    "Diese Zahlen sind älter als 90 Tage: {{networks}}. Aktualisiere sie oder bestätige, dass sie noch stimmen, damit deine Reichweiten-Schätzungen ehrlich bleiben.",
  errors: {
    required: "Bitte fülle das aus.",
    tooLong: "Das ist zu lang.",
    handle: "Das sieht nicht nach einem Profilnamen in diesem Netzwerk aus.",
    followers: "Gib eine ganze Zahl zwischen 0 und 100.000.000 ein.",
    instance: "Gib nur den Hostnamen deiner Instanz ein, z. B. mastodon.social.",
    instanceRequired: "Für Mastodon brauchen wir deine Instanz, z. B. mastodon.social.",
    network: "Unbekanntes Netzwerk.",
    generic: "Das hat nicht geklappt. Bitte versuche es noch einmal.",
  },
  linkedin: {
    title: "Direkt auf LinkedIn posten",
    lead: "Verbinde dein LinkedIn-Konto, dann kann Chorus einen Beitrag für dich veröffentlichen – nur wenn du auf „Posten“ drückst, nie von selbst.",
    connect: "LinkedIn verbinden",
    disconnect: "Trennen",
    connectedUntil: "Verbunden. Der Zugriff gilt bis {{date}}; danach verbinde dich erneut.",
    expired: "Dein LinkedIn-Zugriff ist am {{date}} abgelaufen. Verbinde dich erneut, um direkt zu posten.",
    connected: "LinkedIn ist verbunden. Beim Teilen kannst du jetzt direkt auf LinkedIn posten.",
    disconnected:
      "LinkedIn ist getrennt. Du kannst Chorus auch in deinen LinkedIn-Einstellungen unter „Berechtigte Dienste“ entfernen.",
    errors: {
      linkedin_server_not_configured: "LinkedIn ist auf diesem Server nicht eingerichtet.",
      linkedin_not_configured: "Dein Unternehmen hat das Posten auf LinkedIn nicht eingerichtet.",
      linkedin_not_connected: "LinkedIn ist nicht verbunden.",
      linkedin_expired:
        "Dein LinkedIn-Zugriff ist abgelaufen oder wurde widerrufen. Bitte verbinde dich erneut.",
      linkedin_state_mismatch:
        "Diese Antwort von LinkedIn passt zu keiner Verbindung, die du hier begonnen hast (oder es hat länger als 10 Minuten gedauert). Bitte versuche es noch einmal.",
      linkedin_denied: "Du hast bei LinkedIn abgebrochen. Es wurde nichts verbunden.",
      linkedin_scope_missing:
        "LinkedIn hat das Posten nicht erlaubt. Bitte versuche es noch einmal und erlaube das Posten.",
      linkedin_token_failed:
        "LinkedIn hat die Anmeldung nicht angenommen. Bitte versuche es noch einmal; wenn es wieder passiert, sag deiner Admin Bescheid.",
      linkedin_userinfo_failed: "LinkedIn hat uns nicht gesagt, wer du bist. Bitte versuche es noch einmal.",
      linkedin_post_failed: "LinkedIn hat den Beitrag nicht angenommen.",
      linkedin_text_too_long: "Der Text ist zu lang für LinkedIn.",
    },
  },
  admin: {
    title: "LinkedIn-App",
    lead: "Lass Mitarbeitende direkt aus Chorus auf LinkedIn posten. Lege im LinkedIn-Entwicklerportal eine App an, füge die Produkte „Share on LinkedIn“ und „Sign In with LinkedIn using OpenID Connect“ hinzu und trage ihre Zugangsdaten hier ein. Ohne App teilen Mitarbeitende über die Teilen-Seite von LinkedIn.",
    serverNotConfigured:
      "LinkedIn ist auf diesem Server nicht eingerichtet (der Betreiber muss SECRETS_KEY setzen). Bis dahin kann nichts gespeichert werden.",
    redirectUri: "Autorisierte Weiterleitungs-URL",
    redirectUriHint:
      "Trage genau diese Adresse in deiner LinkedIn-App unter Auth → Authorized redirect URLs ein.",
    clientId: "Client-ID",
    clientSecret: "Client-Secret",
    clientSecretHint: "Wird verschlüsselt gespeichert und nie wieder angezeigt.",
    clientSecretKeep:
      "Ein Secret ist gespeichert. Leer lassen, um es zu behalten; ein neues eingeben, um es zu ersetzen.",
    enabled: "Mitarbeitende können LinkedIn verbinden",
    save: "Speichern",
    saved: "Gespeichert.",
    statusOn: "An: Mitarbeitende können LinkedIn verbinden.",
    statusOff: "Aus: Mitarbeitende teilen über die Teilen-Seite von LinkedIn.",
    errors: {
      required: "Bitte fülle das aus.",
      tooLong: "Das ist zu lang.",
      clientId: "Eine Client-ID enthält nur Buchstaben, Ziffern, - und _.",
      secretForNewId: "Eine neue Client-ID braucht auch ihr Client-Secret.",
      generic: "Das hat nicht geklappt. Bitte versuche es noch einmal.",
    },
  },
} satisfies Dictionary<typeof en>;
