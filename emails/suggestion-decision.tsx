import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "../db/schema.ts";

/**
 * Only http(s): `url` becomes a button href. `suggestionUrl` is the link the employee suggested; it
 * is shown as text only (never a link in our email), but suggestions accept http(s) alone anyway.
 */
export const SuggestionDecisionProps = z.object({
  url: z.url({ protocol: /^https?$/ }),
  suggestionUrl: z.url({ protocol: /^https?$/ }),
  decision: z.enum(["accepted", "declined"]),
  /** Usually given on decline; blank counts as none, so callers may pass the raw form field. */
  reason: z.string().optional(),
});
export type SuggestionDecisionProps = z.infer<typeof SuggestionDecisionProps>;

const strings = {
  de: {
    subject: (p: SuggestionDecisionProps) =>
      p.decision === "accepted" ? "Dein Vorschlag wird zu einem Beitrag" : "Dein Vorschlag wurde abgelehnt",
    heading: (p: SuggestionDecisionProps) => (p.decision === "accepted" ? "Danke für deinen Vorschlag!" : "Zu deinem Vorschlag"),
    intro: "Du hast diesen Link vorgeschlagen:",
    body: (p: SuggestionDecisionProps) =>
      p.decision === "accepted"
        ? "Das Kommunikationsteam macht daraus einen Beitrag, und du wirst als Quelle genannt. Sobald er freigegeben ist, kann ihn das ganze Team teilen."
        : "Das Kommunikationsteam hat sich entschieden, ihn nicht aufzunehmen. Danke, dass du mitdenkst – schlag gerne weiter Inhalte vor.",
    reason: "Begründung:",
    button: (_p: SuggestionDecisionProps) => "Deine Vorschläge ansehen",
    fallback: "Falls die Schaltfläche nicht funktioniert, kopiere diesen Link in die Adresszeile deines Browsers:",
    why: "Du erhältst diese E-Mail, weil du diesen Inhalt vorgeschlagen hast.",
  },
  en: {
    subject: (p: SuggestionDecisionProps) =>
      p.decision === "accepted" ? "Your suggestion is becoming a post" : "Your suggestion was declined",
    heading: (p: SuggestionDecisionProps) => (p.decision === "accepted" ? "Thanks for your suggestion!" : "About your suggestion"),
    intro: "You suggested this link:",
    body: (p: SuggestionDecisionProps) =>
      p.decision === "accepted"
        ? "The comms team is turning it into a post, with you credited as its source. Once it is approved, everyone can share it."
        : "The comms team decided not to use it this time. Thanks for thinking along – keep the suggestions coming.",
    reason: "Reason:",
    button: (_p: SuggestionDecisionProps) => "View your suggestions",
    fallback: "If the button doesn't work, copy this link into your browser's address bar:",
    why: "You're receiving this email because you suggested this content.",
  },
} satisfies Record<Locale, unknown>;

export function subject(locale: Locale, props: SuggestionDecisionProps): string {
  return strings[locale].subject(props);
}

export function SuggestionDecisionEmail(props: SuggestionDecisionProps & { locale: Locale }) {
  const t = strings[props.locale];
  const reason = props.reason?.trim();
  return (
    <Html lang={props.locale}>
      <Head />
      <Preview>{t.subject(props)}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.heading}>{t.heading(props)}</Heading>
          <Text style={styles.text}>{t.intro}</Text>
          <Text style={styles.link}>{props.suggestionUrl}</Text>
          <Text style={styles.text}>{t.body(props)}</Text>
          {reason ? (
            <>
              <Text style={styles.label}>{t.reason}</Text>
              <Text style={styles.quote}>{reason}</Text>
            </>
          ) : null}
          <Button href={props.url} style={styles.button}>
            {t.button(props)}
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
  url: "http://localhost:3000/t/beispiel/content/suggestions",
  suggestionUrl: "https://example.com/news/branchenpreis-2025",
  decision: "declined",
  reason: "Das Thema haben wir letzte Woche schon geteilt.",
} satisfies SuggestionDecisionProps & { locale: Locale };

// The React Email preview server looks for PreviewProps on the default export.
SuggestionDecisionEmail.PreviewProps = PreviewProps;
export default SuggestionDecisionEmail;

// Inline styles: many mail clients drop <style> blocks. High contrast, readable sizes.
const styles = {
  body: { backgroundColor: "#f4f4f5", fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", color: "#18181b" },
  container: { backgroundColor: "#ffffff", margin: "32px auto", padding: "32px", maxWidth: "560px", borderRadius: "8px" },
  heading: { fontSize: "24px", lineHeight: "32px", margin: "0 0 16px" },
  text: { fontSize: "16px", lineHeight: "24px" },
  label: { fontSize: "14px", lineHeight: "20px", fontWeight: 600, margin: "16px 0 4px" },
  quote: { fontSize: "16px", lineHeight: "24px", backgroundColor: "#f4f4f5", padding: "12px", borderRadius: "6px", margin: "0 0 16px", whiteSpace: "pre-wrap" as const },
  button: { backgroundColor: "#1d4ed8", color: "#ffffff", fontSize: "16px", fontWeight: 600, padding: "12px 20px", borderRadius: "6px", textDecoration: "none" },
  muted: { fontSize: "14px", lineHeight: "20px", color: "#52525b" },
  link: { fontSize: "14px", lineHeight: "20px", wordBreak: "break-all" as const, color: "#1d4ed8" },
  hr: { borderColor: "#e4e4e7", margin: "24px 0" },
};
