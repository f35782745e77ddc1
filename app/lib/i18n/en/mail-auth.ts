/** Mails of signing in and joining (emails/magic-link.tsx, emails/invitation.tsx) (English). */
export default {
  magicLink: {
    subject: "Your sign-in link for Chorus",
    preview: "Sign in with one click. The link expires in {{minutes}}.",
    heading: "Sign in to Chorus",
    intro: "Click the button below to sign in to Chorus.",
    introTenant: "Click the button below to sign in to {{tenantName}} on Chorus.",
    button: "Sign in",
    expiry: "This link expires in {{minutes}}.",
    ignore: "Didn't ask for a sign-in link? You can safely ignore this email.",
    minutes_one: "1 minute",
    minutes_other: "{{count}} minutes",
  },
  invitation: {
    subject: "{{inviterName}} invited you to join {{tenantName}} on Chorus",
    preview: "{{inviterName}} would like you to join {{tenantName}}.",
    heading: "You're invited",
    greeting: "Hi {{inviteeName}},",
    body: "{{inviterName}} invited you to join {{tenantName}} on Chorus, where you'll find approved content you can share on your own profiles.",
    voluntary: "Taking part is voluntary, and you can leave at any time with one click.",
    button: "Accept invitation",
    ignore: "Don't know {{inviterName}} or don't want to join? Just ignore this email.",
  },
};
