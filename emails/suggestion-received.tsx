import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";

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

const strings = {
  de: {
    subject: (p: SuggestionReceivedProps) => `Neuer Vorschlag von ${p.suggesterName}`,
    preview: (p: SuggestionReceivedProps) => `${p.suggesterName} schlägt einen Inhalt zum Teilen vor.`,
    heading: "Neuer Vorschlag",
    body: (p: SuggestionReceivedProps) =>
      `${p.suggesterName} hat bei ${p.tenantName} diesen Link zum Teilen vorgeschlagen:`,
    reason: "Warum es sich lohnt:",
    note: "Du kannst daraus einen Beitrag machen oder den Vorschlag mit einer Begründung ablehnen.",
    button: "Vorschläge ansehen",
    why: (p: SuggestionReceivedProps) =>
      `Du erhältst diese E-Mail, weil du bei ${p.tenantName} Vorschläge prüfst.`,
  },
  en: {
    subject: (p: SuggestionReceivedProps) => `New suggestion from ${p.suggesterName}`,
    preview: (p: SuggestionReceivedProps) => `${p.suggesterName} suggests something to share.`,
    heading: "New suggestion",
    body: (p: SuggestionReceivedProps) =>
      `${p.suggesterName} suggested this link for sharing at ${p.tenantName}:`,
    reason: "Why it is worth sharing:",
    note: "You can turn it into a post or decline it with a reason.",
    button: "View suggestions",
    why: (p: SuggestionReceivedProps) =>
      `You're receiving this email because you review suggestions at ${p.tenantName}.`,
  },
} satisfies Record<Locale, unknown>;

export function subject(locale: Locale, props: SuggestionReceivedProps): string {
  return strings[locale].subject(props);
}

export function SuggestionReceivedEmail(props: SuggestionReceivedProps & { locale: Locale }) {
  const t = strings[props.locale];
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
