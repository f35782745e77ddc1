import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";
import { mailTexts } from "~/emails/texts.ts";

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

const texts = (locale: Locale) => {
  const t = mailTexts(locale);
  return {
    subject: (p: SuggestionDecisionProps) =>
      t("mailContent.suggestionDecision.subject", { context: p.decision }),
    heading: (p: SuggestionDecisionProps) =>
      t("mailContent.suggestionDecision.heading", { context: p.decision }),
    intro: t("mailContent.suggestionDecision.intro"),
    body: (p: SuggestionDecisionProps) => t("mailContent.suggestionDecision.body", { context: p.decision }),
    reason: t("mailContent.suggestionDecision.reason"),
    button: (_p: SuggestionDecisionProps) => t("mailContent.suggestionDecision.button"),
    why: t("mailContent.suggestionDecision.why"),
  };
};

export function subject(locale: Locale, props: SuggestionDecisionProps): string {
  return texts(locale).subject(props);
}

export function SuggestionDecisionEmail(props: SuggestionDecisionProps & { locale: Locale }) {
  const t = texts(props.locale);
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
