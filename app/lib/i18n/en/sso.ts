/** Texts of single sign-on: the sign-in flow's pages and errors, the admin page (issue 16) (English). */
export default {
  callback: {
    title: "Single sign-on did not work",
    lead: "You are not signed in.",
    tryAgain: "Back to sign-in",
    home: "Start page",
  },
  kind: {
    microsoft: "Microsoft Entra ID (Microsoft 365)",
    google: "Google Workspace",
    oidc: "Another OpenID Connect provider",
  },
  admin: {
    title: "Single sign-on",
    lead: "Let people sign in with their company account from Microsoft, Google or another OpenID Connect provider instead of a sign-in link by e-mail.",
    serverNotConfigured:
      "Single sign-on cannot be set up on this server yet: it needs a key to store the client secret (SECRETS_KEYS). Ask whoever runs Chorus for you.",
    providerTitle: "Identity provider",
    statusNone: "No identity provider connected. Everybody signs in with a link by e-mail.",
    statusOn: "Connected: people can sign in with {{name}}.",
    statusOff: "Switched off: {{name}} is set up, but nobody can sign in with it.",
    redirectUri: "Redirect URI",
    redirectUriHint: "Register this address as the redirect URI (type Web) of the app at your provider.",
    scopes: "Scopes",
    scopesHint: "The permissions Chorus asks for at sign-in.",
    copy: "Copy",
    copied: "Copied",
    kind: "Provider",
    entraTenantId: "Directory (tenant) ID",
    entraTenantIdHint:
      "Microsoft Entra admin centre → Overview → Tenant ID, e.g. 3f1c9a52-7a7e-4c55-9d0e-2b7e8f5a6c11.",
    hostedDomain: "Workspace domain",
    hostedDomainHint: "Your Google Workspace's primary domain, e.g. example.com.",
    discoveryUrl: "Discovery URL",
    discoveryUrlHint:
      "The provider's address ending in /.well-known/openid-configuration (or its issuer address). Chorus reads the issuer from it when you save.",
    issuer: "Issuer found: {{issuer}}",
    displayName: "Name on the sign-in button",
    displayNameHint: "Optional: “Sign in with …” shows this name; empty uses the provider's name.",
    displayNameHintOidc: "“Sign in with …” shows this name, e.g. your company's or the provider's.",
    clientId: "Client ID",
    clientIdHint: {
      microsoft: "App registrations → your app → Overview → Application (client) ID.",
      google: "Google Cloud console → APIs & Services → Credentials → your OAuth client ID.",
      oidc: "The client ID your provider shows for the app you registered for Chorus.",
    },
    clientSecret: "Client secret",
    clientSecretHint: "Stored encrypted and never shown again.",
    clientSecretKeep: "Leave empty to keep the stored secret.",
    jit: "Add new colleagues when they first sign in",
    jitHint:
      "Someone who signs in through this provider with an address of a verified domain becomes a member of {{company}} as an employee, never as an admin. Off: only people already invited can sign in.",
    enabled: "Sign-in with this provider is on",
    enabledHint:
      "Switching it off also lifts “require single sign-on” on your domains, so nobody is locked out.",
    save: "Save",
    saved: "Saved.",
    savedRequireCleared: "Saved. The provider is off, so your domains accept sign-in links by e-mail again.",
    remove: "Disconnect provider",
    removeConfirm:
      "Disconnect {{name}}? People sign in with a link by e-mail again; your domains stay verified for a provider you connect later.",
    providerRemoved: "Provider disconnected.",
  },
  domains: {
    title: "Domains",
    lead: "The e-mail domains of your company. Once verified, people with an address of the domain find your sign-in button on the sign-in page.",
    domain: "Domain",
    domainHint: "Only the part after the @, e.g. example.com.",
    add: "Add domain",
    added: "Domain added. Add the DNS record below, then verify.",
    empty: "No domains yet. Add the domain of your company's e-mail addresses.",
    unverified: "Not verified",
    verifiedByDns: "Verified by DNS",
    verifiedBySso: "Verified by sign-in",
    recordHowTo:
      "At your DNS provider, add a TXT record with this name and value. It may take a few minutes before it can be found.",
    recordName: "Name (host)",
    recordNameHint:
      "Some DNS providers want only “_chorus” here; the record may also sit on {{domain}} itself.",
    recordValue: "Value",
    verifyDns: "Verify by DNS",
    verifySso: "Verify by signing in",
    verifySsoHint:
      "Or sign in once with your company account at the provider: an address of this domain that the provider confirms proves the domain.",
    verified: "{{domain}} is verified.",
    alreadyVerified: "{{domain}} was verified already.",
    elsewhere:
      "Another company in Chorus has verified this domain too. People with an address of it see both companies on the sign-in page.",
    requiredOff: "People of this domain may also sign in with a link by e-mail.",
    requiredOn: "Single sign-on is required: sign-in links by e-mail are refused for this domain.",
    requireHint:
      "Before you require it, sign in once through the provider yourself: with a broken provider set-up nobody of this domain can sign in, you included.",
    require: "Require single sign-on",
    allowLinks: "Allow sign-in links again",
    requireOn: "Single sign-on is now required for {{domain}}.",
    requireOff: "Sign-in links by e-mail work again for {{domain}}.",
    remove: "Remove",
    removeLabel: "Remove {{domain}}",
    removeConfirm:
      "Remove {{domain}}? Its people no longer find your sign-in button, and new colleagues are no longer added on their own.",
    removed: "Domain removed.",
  },
  login: {
    choose: "Your company signs in with its own account",
    chooseLead: "Choose how to sign in as {{email}}:",
    button: "Sign in with {{provider}}",
    buttonCompany: "for {{company}}",
    orLink: "Email me a sign-in link instead",
    required:
      "Your company requires single sign-on for this address: sign-in links by e-mail are not sent. Use the button above.",
    requiredNoButton:
      "Your company requires single sign-on for this address, but no sign-in is available right now. Please contact your company's Chorus admin.",
    company: "Sign in with your company account",
    companySlug: "Your company's Chorus address",
    companySlugHint: "The part after /t/ in your company's Chorus address, e.g. acme.",
    companySubmit: "Continue",
    companyNotFound:
      "No single sign-on is set up for this address. Check it, or sign in with a link by e-mail.",
    linkRefused:
      "This sign-in link can no longer be used: your company now requires single sign-on. Sign in with your company account instead.",
  },
  errors: {
    // the admin page and the sign-in page (helper H2)
    generic: "That didn't work. Please try again.",
    domainInvalid: "That is not a domain. Enter only the part after the @, e.g. example.com.",
    domainPublicSuffix:
      "That is a public ending, not your company's domain. Enter the full domain, e.g. example.co.uk.",
    domainSharedMail: "That is a public e-mail service. Only your company's own domain can be verified.",
    entraTenantId: "A directory (tenant) ID looks like 3f1c9a52-7a7e-4c55-9d0e-2b7e8f5a6c11.",
    entraPersonalAccounts:
      "That is the directory of personal Microsoft accounts, which anyone can create. Enter your company's own directory ID.",
    secretForNewId: "A new client ID needs its client secret too.",
    discoveryUrlInvalid:
      "Enter an https:// address, e.g. https://login.example.com/.well-known/openid-configuration.",
    discoveryBlocked: "That address is not reachable from the internet.",
    discoveryUnreachable: "The provider did not answer at that address. Check it and try again.",
    discoveryInvalid: "That address does not give an OpenID Connect configuration (or names another issuer).",
    not_found: "That no longer exists. Reload the page.",
    sso_server_not_configured: "Single sign-on cannot be set up on this server yet (no key for secrets).",
    sso_domain_exists: "This domain is added already.",
    sso_domain_unverified: "Verify the domain first.",
    sso_domain_dns_required:
      "Requiring single sign-on needs the domain verified by DNS: a sign-in proves only that someone has an account there, not that your company owns the domain.",
    sso_dns_missing:
      "No TXT record with “chorus-domain-verification” was found. Check the record, or wait a few minutes and try again.",
    sso_dns_mismatch:
      "A verification record was found, but with another value. Copy the value shown here exactly.",
    sso_dns_unreachable: "DNS did not answer. Please try again in a minute.",
    sso_no_provider: "Connect and switch on an identity provider first.",
    sso_required: "Your company requires single sign-on for this address: sign in with your company account.",
    sso_flow_expired:
      "This sign-in was started too long ago, in another browser, or already used. Please start it again from the sign-in page.",
    sso_denied: "Your identity provider did not sign you in (you may have cancelled). Please try again.",
    sso_token_failed:
      "Your company's identity provider could not be reached or refused the sign-in. Please try again later, or ask your admin.",
    sso_token_invalid:
      "The answer of your company's identity provider could not be verified, so it was not accepted. Please try again; if it happens again, tell your admin.",
    sso_wrong_directory:
      "You signed in with an account of another organisation than the one this company has connected. Sign in with your work account.",
    sso_email_unverified:
      "Your identity provider did not confirm your e-mail address, so Chorus cannot sign you in with it.",
    sso_domain_not_verified:
      "Your e-mail address's domain is not verified for this company, so single sign-on cannot sign you in. Ask your admin to verify the domain, or sign in with an e-mail link.",
    sso_identity_conflict:
      "Your account at the identity provider belongs to a different Chorus account than your e-mail address. Ask your admin to sort this out.",
    sso_not_member: "You are not a member of this company in Chorus yet. Ask your admin to invite you.",
    sso_member_deactivated:
      "Your access to this company has been ended. Ask your admin if you think this is a mistake.",
    sso_domain_not_proven:
      "This sign-in does not prove the domain: sign in with an account of the domain, in the directory this company has connected.",
  },
};
