import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";
import { mailTexts } from "~/emails/texts.ts";

/**
 * Only http(s): `url` (the escalations inbox) becomes a button href. `discussionUrl` is what an
 * employee pasted: it is shown as text only, never as a link in our mail — a comms lead should open
 * it deliberately from the inbox, not by a click in an email anyone could imitate.
 */
export const EscalationReportedProps = z.object({
  url: z.url({ protocol: /^https?$/ }),
  discussionUrl: z.url({ protocol: /^https?$/ }),
  note: z.string().min(1),
  reporterName: z.string().min(1),
  tenantName: z.string().min(1),
});
export type EscalationReportedProps = z.infer<typeof EscalationReportedProps>;

const texts = (locale: Locale) => {
  const t = mailTexts(locale);
  return {
    subject: (p: EscalationReportedProps) => t("mailEscalations.reported.subject", p),
    preview: (p: EscalationReportedProps) => t("mailEscalations.reported.preview", p),
    heading: t("mailEscalations.reported.heading"),
    body: (p: EscalationReportedProps) => t("mailEscalations.reported.body", p),
    note: t("mailEscalations.reported.note"),
    advice: t("mailEscalations.reported.advice"),
    button: t("mailEscalations.reported.button"),
    why: (p: EscalationReportedProps) => t("mailEscalations.reported.why", p),
  };
};

export function subject(locale: Locale, props: EscalationReportedProps): string {
  return texts(locale).subject(props);
}

export function EscalationReportedEmail(props: EscalationReportedProps & { locale: Locale }) {
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
      <Text style={styles.link}>{props.discussionUrl}</Text>
      <Text style={styles.label}>{t.note}</Text>
      <Text style={styles.quote}>{props.note}</Text>
      <Text style={styles.text}>{t.advice}</Text>
    </EmailLayout>
  );
}

export const PreviewProps = {
  locale: "de",
  url: "http://localhost:3000/t/beispiel/escalations",
  discussionUrl: "https://www.linkedin.com/feed/update/urn:li:activity:7000000000000000000",
  note: "Unter unserem Beitrag zum neuen Standort wird es gerade sehr hitzig, ein Kunde beschwert sich öffentlich.",
  reporterName: "Anna Schmidt",
  tenantName: "Beispiel GmbH",
} satisfies EscalationReportedProps & { locale: Locale };

// The React Email preview server looks for PreviewProps on the default export.
EscalationReportedEmail.PreviewProps = PreviewProps;
export default EscalationReportedEmail;
