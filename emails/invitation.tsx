import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "../db/schema.ts";

/** Only http(s): the URL becomes a button href, so `javascript:` and friends must never get through. */
export const InvitationProps = z.object({
  url: z.url({ protocol: /^https?$/ }),
  tenantName: z.string().min(1),
  inviterName: z.string().min(1),
  inviteeName: z.string().min(1),
});
export type InvitationProps = z.infer<typeof InvitationProps>;

const strings = {
  de: {
    subject: (p: InvitationProps) => `${p.inviterName} lädt dich zu ${p.tenantName} auf Chorus ein`,
    preview: (p: InvitationProps) => `${p.inviterName} möchte, dass du bei ${p.tenantName} mitmachst.`,
    heading: "Du bist eingeladen",
    greeting: (p: InvitationProps) => `Hallo ${p.inviteeName},`,
    body: (p: InvitationProps) =>
      `${p.inviterName} hat dich eingeladen, ${p.tenantName} auf Chorus beizutreten. Dort findest du freigegebene Inhalte, die du auf deinen eigenen Profilen teilen kannst.`,
    voluntary: "Die Teilnahme ist freiwillig, und du kannst jederzeit mit einem Klick wieder austreten.",
    button: "Einladung annehmen",
    fallback: "Falls die Schaltfläche nicht funktioniert, kopiere diesen Link in die Adresszeile deines Browsers:",
    ignore: (p: InvitationProps) => `Du kennst ${p.inviterName} nicht oder möchtest nicht mitmachen? Dann ignoriere diese E-Mail einfach.`,
  },
  en: {
    subject: (p: InvitationProps) => `${p.inviterName} invited you to join ${p.tenantName} on Chorus`,
    preview: (p: InvitationProps) => `${p.inviterName} would like you to join ${p.tenantName}.`,
    heading: "You're invited",
    greeting: (p: InvitationProps) => `Hi ${p.inviteeName},`,
    body: (p: InvitationProps) =>
      `${p.inviterName} invited you to join ${p.tenantName} on Chorus, where you'll find approved content you can share on your own profiles.`,
    voluntary: "Taking part is voluntary, and you can leave at any time with one click.",
    button: "Accept invitation",
    fallback: "If the button doesn't work, copy this link into your browser's address bar:",
    ignore: (p: InvitationProps) => `Don't know ${p.inviterName} or don't want to join? Just ignore this email.`,
  },
} satisfies Record<Locale, unknown>;

export function subject(locale: Locale, props: InvitationProps): string {
  return strings[locale].subject(props);
}

export function InvitationEmail(props: InvitationProps & { locale: Locale }) {
  const t = strings[props.locale];
  return (
    <Html lang={props.locale}>
      <Head />
      <Preview>{t.preview(props)}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.heading}>{t.heading}</Heading>
          <Text style={styles.text}>{t.greeting(props)}</Text>
          <Text style={styles.text}>{t.body(props)}</Text>
          <Text style={styles.text}>{t.voluntary}</Text>
          <Button href={props.url} style={styles.button}>
            {t.button}
          </Button>
          <Text style={styles.muted}>{t.fallback}</Text>
          <Text style={styles.link}>{props.url}</Text>
          <Hr style={styles.hr} />
          <Text style={styles.muted}>{t.ignore(props)}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export const PreviewProps = {
  locale: "de",
  url: "http://localhost:3000/invite/preview-token",
  tenantName: "Beispiel GmbH",
  inviterName: "Anna Schmidt",
  inviteeName: "Jonas Weber",
} satisfies InvitationProps & { locale: Locale };

// The React Email preview server looks for PreviewProps on the default export.
InvitationEmail.PreviewProps = PreviewProps;
export default InvitationEmail;

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
