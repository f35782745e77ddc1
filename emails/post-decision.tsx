import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "../db/schema.ts";

/** Only http(s): the URL becomes a button href, so `javascript:` and friends must never get through. */
export const PostDecisionProps = z.object({
  url: z.url({ protocol: /^https?$/ }),
  postTitle: z.string().min(1),
  decision: z.enum(["approved", "rejected"]),
  /** Usually given on rejection; blank counts as none, so callers may pass the raw form field. */
  reason: z.string().optional(),
  deciderName: z.string().min(1),
});
export type PostDecisionProps = z.infer<typeof PostDecisionProps>;

const strings = {
  de: {
    subject: (p: PostDecisionProps) =>
      p.decision === "approved" ? `Dein Beitrag wurde freigegeben: ${p.postTitle}` : `Dein Beitrag wurde abgelehnt: ${p.postTitle}`,
    heading: (p: PostDecisionProps) => (p.decision === "approved" ? "Dein Beitrag ist freigegeben" : "Dein Beitrag wurde abgelehnt"),
    body: (p: PostDecisionProps) =>
      p.decision === "approved"
        ? `${p.deciderName} hat deinen Beitrag freigegeben. Er wird zum geplanten Zeitpunkt für die Mitarbeitenden veröffentlicht.`
        : `${p.deciderName} hat deinen Beitrag abgelehnt. Er ist wieder ein Entwurf: Du kannst ihn überarbeiten und erneut einreichen.`,
    reason: "Begründung:",
    button: "Beitrag ansehen",
    fallback: "Falls die Schaltfläche nicht funktioniert, kopiere diesen Link in die Adresszeile deines Browsers:",
    why: "Du erhältst diese E-Mail, weil du diesen Beitrag verfasst hast.",
  },
  en: {
    subject: (p: PostDecisionProps) =>
      p.decision === "approved" ? `Your post was approved: ${p.postTitle}` : `Your post was rejected: ${p.postTitle}`,
    heading: (p: PostDecisionProps) => (p.decision === "approved" ? "Your post was approved" : "Your post was rejected"),
    body: (p: PostDecisionProps) =>
      p.decision === "approved"
        ? `${p.deciderName} approved your post. It will be published to employees at its scheduled time.`
        : `${p.deciderName} rejected your post. It is a draft again: you can revise it and submit it once more.`,
    reason: "Reason:",
    button: "View post",
    fallback: "If the button doesn't work, copy this link into your browser's address bar:",
    why: "You're receiving this email because you wrote this post.",
  },
} satisfies Record<Locale, unknown>;

export function subject(locale: Locale, props: PostDecisionProps): string {
  return strings[locale].subject(props);
}

export function PostDecisionEmail(props: PostDecisionProps & { locale: Locale }) {
  const t = strings[props.locale];
  const reason = props.reason?.trim();
  return (
    <Html lang={props.locale}>
      <Head />
      <Preview>{t.subject(props)}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.heading}>{t.heading(props)}</Heading>
          <Text style={styles.title}>{props.postTitle}</Text>
          <Text style={styles.text}>{t.body(props)}</Text>
          {reason ? (
            <>
              <Text style={styles.label}>{t.reason}</Text>
              <Text style={styles.quote}>{reason}</Text>
            </>
          ) : null}
          <Button href={props.url} style={styles.button}>
            {t.button}
          </Button>
          <Text style={styles.muted}>{t.fallback}</Text>
          <Text style={styles.link}>{props.url}</Text>
          <Hr style={styles.hr} />
          <Text style={styles.muted}>{t.why}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export const PreviewProps = {
  locale: "de",
  url: "http://localhost:3000/t/beispiel/content/posts/preview",
  postTitle: "Unser neuer Standort in Leipzig",
  decision: "rejected",
  reason: "Bitte den Link auf die Pressemitteilung statt auf den Blog setzen.",
  deciderName: "Jonas Weber",
} satisfies PostDecisionProps & { locale: Locale };

// The React Email preview server looks for PreviewProps on the default export.
PostDecisionEmail.PreviewProps = PreviewProps;
export default PostDecisionEmail;

// Inline styles: many mail clients drop <style> blocks. High contrast, readable sizes.
const styles = {
  body: { backgroundColor: "#f4f4f5", fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", color: "#18181b" },
  container: { backgroundColor: "#ffffff", margin: "32px auto", padding: "32px", maxWidth: "560px", borderRadius: "8px" },
  heading: { fontSize: "24px", lineHeight: "32px", margin: "0 0 16px" },
  text: { fontSize: "16px", lineHeight: "24px" },
  title: { fontSize: "18px", lineHeight: "26px", fontWeight: 600, borderLeft: "4px solid #1d4ed8", paddingLeft: "12px" },
  label: { fontSize: "14px", lineHeight: "20px", fontWeight: 600, margin: "16px 0 4px" },
  quote: { fontSize: "16px", lineHeight: "24px", backgroundColor: "#f4f4f5", padding: "12px", borderRadius: "6px", margin: "0 0 16px", whiteSpace: "pre-wrap" as const },
  button: { backgroundColor: "#1d4ed8", color: "#ffffff", fontSize: "16px", fontWeight: 600, padding: "12px 20px", borderRadius: "6px", textDecoration: "none" },
  muted: { fontSize: "14px", lineHeight: "20px", color: "#52525b" },
  link: { fontSize: "14px", lineHeight: "20px", wordBreak: "break-all" as const, color: "#1d4ed8" },
  hr: { borderColor: "#e4e4e7", margin: "24px 0" },
};
