import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "../db/schema.ts";

/** Only http(s): the URL becomes a button href, so `javascript:` and friends must never get through. */
export const ReviewRequestedProps = z.object({
  url: z.url({ protocol: /^https?$/ }),
  postTitle: z.string().min(1),
  authorName: z.string().min(1),
  tenantName: z.string().min(1),
});
export type ReviewRequestedProps = z.infer<typeof ReviewRequestedProps>;

const strings = {
  de: {
    subject: (p: ReviewRequestedProps) => `Neuer Beitrag zur Prüfung: ${p.postTitle}`,
    preview: (p: ReviewRequestedProps) => `${p.authorName} bittet dich, „${p.postTitle}“ zu prüfen.`,
    heading: "Neuer Beitrag zur Prüfung",
    body: (p: ReviewRequestedProps) => `${p.authorName} hat bei ${p.tenantName} einen Beitrag zur Prüfung eingereicht:`,
    note: "Erst nach deiner Freigabe sehen ihn die Mitarbeitenden. Du kannst ihn freigeben oder mit einer Begründung ablehnen.",
    button: "Beitrag prüfen",
    fallback: "Falls die Schaltfläche nicht funktioniert, kopiere diesen Link in die Adresszeile deines Browsers:",
    why: (p: ReviewRequestedProps) => `Du erhältst diese E-Mail, weil du bei ${p.tenantName} Inhalte freigeben darfst.`,
  },
  en: {
    subject: (p: ReviewRequestedProps) => `New post to review: ${p.postTitle}`,
    preview: (p: ReviewRequestedProps) => `${p.authorName} would like you to review "${p.postTitle}".`,
    heading: "New post to review",
    body: (p: ReviewRequestedProps) => `${p.authorName} submitted a post for review at ${p.tenantName}:`,
    note: "Employees only see it once it has been approved. You can approve it or reject it with a reason.",
    button: "Review post",
    fallback: "If the button doesn't work, copy this link into your browser's address bar:",
    why: (p: ReviewRequestedProps) => `You're receiving this email because you approve content at ${p.tenantName}.`,
  },
} satisfies Record<Locale, unknown>;

export function subject(locale: Locale, props: ReviewRequestedProps): string {
  return strings[locale].subject(props);
}

export function ReviewRequestedEmail(props: ReviewRequestedProps & { locale: Locale }) {
  const t = strings[props.locale];
  return (
    <Html lang={props.locale}>
      <Head />
      <Preview>{t.preview(props)}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.heading}>{t.heading}</Heading>
          <Text style={styles.text}>{t.body(props)}</Text>
          <Text style={styles.title}>{props.postTitle}</Text>
          <Text style={styles.text}>{t.note}</Text>
          <Button href={props.url} style={styles.button}>
            {t.button}
          </Button>
          <Text style={styles.muted}>{t.fallback}</Text>
          <Text style={styles.link}>{props.url}</Text>
          <Hr style={styles.hr} />
          <Text style={styles.muted}>{t.why(props)}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export const PreviewProps = {
  locale: "de",
  url: "http://localhost:3000/t/beispiel/content/review",
  postTitle: "Unser neuer Standort in Leipzig",
  authorName: "Anna Schmidt",
  tenantName: "Beispiel GmbH",
} satisfies ReviewRequestedProps & { locale: Locale };

// The React Email preview server looks for PreviewProps on the default export.
ReviewRequestedEmail.PreviewProps = PreviewProps;
export default ReviewRequestedEmail;

// Inline styles: many mail clients drop <style> blocks. High contrast, readable sizes.
const styles = {
  body: { backgroundColor: "#f4f4f5", fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", color: "#18181b" },
  container: { backgroundColor: "#ffffff", margin: "32px auto", padding: "32px", maxWidth: "560px", borderRadius: "8px" },
  heading: { fontSize: "24px", lineHeight: "32px", margin: "0 0 16px" },
  text: { fontSize: "16px", lineHeight: "24px" },
  title: { fontSize: "18px", lineHeight: "26px", fontWeight: 600, borderLeft: "4px solid #1d4ed8", paddingLeft: "12px" },
  button: { backgroundColor: "#1d4ed8", color: "#ffffff", fontSize: "16px", fontWeight: 600, padding: "12px 20px", borderRadius: "6px", textDecoration: "none" },
  muted: { fontSize: "14px", lineHeight: "20px", color: "#52525b" },
  link: { fontSize: "14px", lineHeight: "20px", wordBreak: "break-all" as const, color: "#1d4ed8" },
  hr: { borderColor: "#e4e4e7", margin: "24px 0" },
};
