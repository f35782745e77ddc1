import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";

/** Only http(s): the URL becomes a button href, so `javascript:` and friends must never get through. */
export const MagicLinkProps = z.object({
  url: z.url({ protocol: /^https?$/ }),
  expiresInMinutes: z.number().int().positive(),
  tenantName: z.string().min(1).optional(),
});
export type MagicLinkProps = z.infer<typeof MagicLinkProps>;

const strings = {
  de: {
    subject: () => "Dein Anmeldelink für Chorus",
    preview: (p: MagicLinkProps) =>
      `Melde dich mit einem Klick an. Der Link ist ${minutes("de", p.expiresInMinutes)} gültig.`,
    heading: "Bei Chorus anmelden",
    intro: (p: MagicLinkProps) =>
      p.tenantName
        ? `Klicke auf die Schaltfläche, um dich bei ${p.tenantName} in Chorus anzumelden.`
        : "Klicke auf die Schaltfläche, um dich bei Chorus anzumelden.",
    button: "Jetzt anmelden",
    expiry: (p: MagicLinkProps) => `Der Link ist ${minutes("de", p.expiresInMinutes)} gültig.`,
    ignore: "Du hast keinen Anmeldelink angefordert? Dann kannst du diese E-Mail einfach ignorieren.",
  },
  en: {
    subject: () => "Your sign-in link for Chorus",
    preview: (p: MagicLinkProps) =>
      `Sign in with one click. The link expires in ${minutes("en", p.expiresInMinutes)}.`,
    heading: "Sign in to Chorus",
    intro: (p: MagicLinkProps) =>
      p.tenantName
        ? `Click the button below to sign in to ${p.tenantName} on Chorus.`
        : "Click the button below to sign in to Chorus.",
    button: "Sign in",
    expiry: (p: MagicLinkProps) => `This link expires in ${minutes("en", p.expiresInMinutes)}.`,
    ignore: "Didn't ask for a sign-in link? You can safely ignore this email.",
  },
} satisfies Record<Locale, unknown>;

function minutes(locale: Locale, n: number): string {
  if (locale === "de") return n === 1 ? "1 Minute" : `${n} Minuten`;
  return n === 1 ? "1 minute" : `${n} minutes`;
}

export function subject(locale: Locale, _props: MagicLinkProps): string {
  return strings[locale].subject();
}

export function MagicLinkEmail(props: MagicLinkProps & { locale: Locale }) {
  const t = strings[props.locale];
  return (
    <EmailLayout
      locale={props.locale}
      preview={t.preview(props)}
      heading={t.heading}
      action={{ href: props.url, label: t.button }}
      footer={t.ignore}
    >
      <Text style={styles.text}>{t.intro(props)}</Text>
      <Text style={styles.text}>{t.expiry(props)}</Text>
    </EmailLayout>
  );
}

export const PreviewProps = {
  locale: "de",
  url: "http://localhost:3000/auth/verify?token=preview-token",
  expiresInMinutes: 15,
  tenantName: "Beispiel GmbH",
} satisfies MagicLinkProps & { locale: Locale };

// The React Email preview server looks for PreviewProps on the default export.
MagicLinkEmail.PreviewProps = PreviewProps;
export default MagicLinkEmail;
