import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "../db/schema.ts";

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
    preview: (p: MagicLinkProps) => `Melde dich mit einem Klick an. Der Link ist ${minutes("de", p.expiresInMinutes)} gültig.`,
    heading: "Bei Chorus anmelden",
    intro: (p: MagicLinkProps) =>
      p.tenantName
        ? `Klicke auf die Schaltfläche, um dich bei ${p.tenantName} in Chorus anzumelden.`
        : "Klicke auf die Schaltfläche, um dich bei Chorus anzumelden.",
    button: "Jetzt anmelden",
    expiry: (p: MagicLinkProps) => `Der Link ist ${minutes("de", p.expiresInMinutes)} gültig.`,
    fallback: "Falls die Schaltfläche nicht funktioniert, kopiere diesen Link in die Adresszeile deines Browsers:",
    ignore: "Du hast keinen Anmeldelink angefordert? Dann kannst du diese E-Mail einfach ignorieren.",
  },
  en: {
    subject: () => "Your sign-in link for Chorus",
    preview: (p: MagicLinkProps) => `Sign in with one click. The link expires in ${minutes("en", p.expiresInMinutes)}.`,
    heading: "Sign in to Chorus",
    intro: (p: MagicLinkProps) =>
      p.tenantName ? `Click the button below to sign in to ${p.tenantName} on Chorus.` : "Click the button below to sign in to Chorus.",
    button: "Sign in",
    expiry: (p: MagicLinkProps) => `This link expires in ${minutes("en", p.expiresInMinutes)}.`,
    fallback: "If the button doesn't work, copy this link into your browser's address bar:",
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
    <Html lang={props.locale}>
      <Head />
      <Preview>{t.preview(props)}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.heading}>{t.heading}</Heading>
          <Text style={styles.text}>{t.intro(props)}</Text>
          <Button href={props.url} style={styles.button}>
            {t.button}
          </Button>
          <Text style={styles.text}>{t.expiry(props)}</Text>
          <Text style={styles.muted}>{t.fallback}</Text>
          <Text style={styles.link}>{props.url}</Text>
          <Hr style={styles.hr} />
          <Text style={styles.muted}>{t.ignore}</Text>
        </Container>
      </Body>
    </Html>
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

// Inline styles: many mail clients drop <style> blocks. High contrast, readable sizes.
const styles = {
  body: { backgroundColor: "#f4f4f5", fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", color: "#18181b" },
  container: { backgroundColor: "#ffffff", margin: "32px auto", padding: "32px", maxWidth: "560px", borderRadius: "8px" },
  heading: { fontSize: "24px", lineHeight: "32px", margin: "0 0 16px" },
  text: { fontSize: "16px", lineHeight: "24px" },
  button: { backgroundColor: "#1d4ed8", color: "#ffffff", fontSize: "16px", fontWeight: 600, padding: "12px 20px", borderRadius: "6px", textDecoration: "none" },
  muted: { fontSize: "14px", lineHeight: "20px", color: "#52525b" },
  link: { fontSize: "14px", lineHeight: "20px", wordBreak: "break-all" as const, color: "#1d4ed8" },
  hr: { borderColor: "#e4e4e7", margin: "24px 0" },
};
