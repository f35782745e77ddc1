/** Sign-up, sign-in, invitations, profile text (English). */
export default {
  landing: {
    title: "Your people, your voice",
    lead: "Chorus is where employees find approved company posts and share them on their own profiles — voluntarily, with clear guidelines.",
    points: {
      share: "Share an approved post to your network in two taps.",
      reach: "See what your shares reached: clicks and estimated impressions.",
      credit: "Your advocacy counts: goals and credit statements for your reviews.",
    },
    signIn: "Sign in",
    signInHint: "With your work email: we send you a sign-in link, no password needed.",
    newCompany: "New to Chorus?",
    signUp: "Start Chorus for your company",
  },
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
    joinedTitle: "You joined {{company}}",
    ssoRequired:
      "Your company signs in with its company account (single sign-on), not with links by e-mail. Sign in with your company account to continue.",
    ssoSignIn: "Sign in with your company account",
  },
  tenants: {
    title: "Your companies",
    empty:
      "You are not a member of any company yet. Ask your admin for an invitation, or start Chorus for your company.",
    open: "Open",
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
};
