import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";
import { mailTexts } from "~/emails/texts.ts";

/**
 * Only http(s): `url` (the suggestion inbox) becomes a button href. `suggestionUrl` is the link the
 * employee suggested: shown as text only, never as a link in our email.
 */
export const SuggestionReceivedProps = z.object({
  url: z.url({ protocol: /^https?$/ }),
  suggestionUrl: z.url({ protocol: /^https?$/ }),
  reason: z.string().min(1),
  suggesterName: z.string().min(1),
  tenantName: z.string().min(1),
});
export type SuggestionReceivedProps = z.infer<typeof SuggestionReceivedProps>;

const texts = (locale: Locale) => {
  const t = mailTexts(locale);
  return {
    subject: (p: SuggestionReceivedProps) => t("mailContent.suggestionReceived.subject", p),
    preview: (p: SuggestionReceivedProps) => t("mailContent.suggestionReceived.preview", p),
    heading: t("mailContent.suggestionReceived.heading"),
    body: (p: SuggestionReceivedProps) => t("mailContent.suggestionReceived.body", p),
    reason: t("mailContent.suggestionReceived.reason"),
    note: t("mailContent.suggestionReceived.note"),
    button: t("mailContent.suggestionReceived.button"),
    why: (p: SuggestionReceivedProps) => t("mailContent.suggestionReceived.why", p),
  };
};

export function subject(locale: Locale, props: SuggestionReceivedProps): string {
  return texts(locale).subject(props);
}

export function SuggestionReceivedEmail(props: SuggestionReceivedProps & { locale: Locale }) {
  const t = texts(props.locale);
  return (
    <EmailLayout
      locale={props.locale}
      preview={t.preview(props)}
      heading={t.heading}
      action={{ href: props.url, label: t.button }}
      footer={t.why(props)}
    >
      <Text style={styles.text}>{t.body(props)}</Text>
      <Text style={styles.link}>{props.suggestionUrl}</Text>
      <Text style={styles.label}>{t.reason}</Text>
      <Text style={styles.quote}>{props.reason}</Text>
      <Text style={styles.text}>{t.note}</Text>
    </EmailLayout>
  );
}

export const PreviewProps = {
  locale: "de",
  url: "http://localhost:3000/t/beispiel/suggestions",
  suggestionUrl: "https://example.com/news/branchenpreis-2025",
  reason: "Wir haben den Branchenpreis gewonnen – das sollten alle teilen.",
  suggesterName: "Anna Schmidt",
  tenantName: "Beispiel GmbH",
} satisfies SuggestionReceivedProps & { locale: Locale };

// The React Email preview server looks for PreviewProps on the default export.
SuggestionReceivedEmail.PreviewProps = PreviewProps;
export default SuggestionReceivedEmail;
