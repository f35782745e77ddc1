import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";

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
    heading: (p: SuggestionDecisionProps) =>
      p.decision === "accepted" ? "Danke für deinen Vorschlag!" : "Zu deinem Vorschlag",
    intro: "Du hast diesen Link vorgeschlagen:",
    body: (p: SuggestionDecisionProps) =>
      p.decision === "accepted"
        ? "Das Kommunikationsteam macht daraus einen Beitrag, und du wirst als Quelle genannt. Sobald er freigegeben ist, kann ihn das ganze Team teilen."
        : "Das Kommunikationsteam hat sich entschieden, ihn nicht aufzunehmen. Danke, dass du mitdenkst – schlag gerne weiter Inhalte vor.",
    reason: "Begründung:",
    button: (_p: SuggestionDecisionProps) => "Deine Vorschläge ansehen",
    why: "Du erhältst diese E-Mail, weil du diesen Inhalt vorgeschlagen hast.",
  },
  en: {
    subject: (p: SuggestionDecisionProps) =>
      p.decision === "accepted" ? "Your suggestion is becoming a post" : "Your suggestion was declined",
    heading: (p: SuggestionDecisionProps) =>
      p.decision === "accepted" ? "Thanks for your suggestion!" : "About your suggestion",
    intro: "You suggested this link:",
    body: (p: SuggestionDecisionProps) =>
      p.decision === "accepted"
        ? "The comms team is turning it into a post, with you credited as its source. Once it is approved, everyone can share it."
        : "The comms team decided not to use it this time. Thanks for thinking along – keep the suggestions coming.",
    reason: "Reason:",
    button: (_p: SuggestionDecisionProps) => "View your suggestions",
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
    <EmailLayout
      locale={props.locale}
      preview={t.subject(props)}
      heading={t.heading(props)}
      action={{ href: props.url, label: t.button(props) }}
      footer={t.why}
    >
      <Text style={styles.text}>{t.intro}</Text>
      <Text style={styles.link}>{props.suggestionUrl}</Text>
      <Text style={styles.text}>{t.body(props)}</Text>
      {reason ? (
        <>
          <Text style={styles.label}>{t.reason}</Text>
          <Text style={styles.quote}>{reason}</Text>
        </>
      ) : null}
    </EmailLayout>
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
