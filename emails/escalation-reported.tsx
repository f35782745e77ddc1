import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";

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

const strings = {
  de: {
    subject: (p: EscalationReportedProps) => `Eskalation: ${p.reporterName} meldet eine Diskussion`,
    preview: (p: EscalationReportedProps) =>
      `${p.reporterName} bittet das Kommunikationsteam, eine Diskussion zu übernehmen.`,
    heading: "Eine Diskussion braucht euch",
    body: (p: EscalationReportedProps) =>
      `${p.reporterName} hat bei ${p.tenantName} eine Diskussion über das Unternehmen gemeldet:`,
    note: "Was passiert:",
    advice:
      "Die meldende Person wurde gebeten, sich nicht weiter zu beteiligen. Bitte übernimm und markiere die Meldung danach als erledigt.",
    button: "Eskalationen öffnen",
    why: (p: EscalationReportedProps) =>
      `Du erhältst diese E-Mail, weil du bei ${p.tenantName} Eskalationen bearbeitest.`,
  },
  en: {
    subject: (p: EscalationReportedProps) => `Escalation: ${p.reporterName} flagged a discussion`,
    preview: (p: EscalationReportedProps) =>
      `${p.reporterName} asks the comms team to take over a discussion.`,
    heading: "A discussion needs you",
    body: (p: EscalationReportedProps) =>
      `${p.reporterName} flagged a discussion about the company at ${p.tenantName}:`,
    note: "What is happening:",
    advice:
      "The reporter has been asked not to engage any further. Please take over and mark the report handled afterwards.",
    button: "Open escalations",
    why: (p: EscalationReportedProps) =>
      `You're receiving this email because you handle escalations at ${p.tenantName}.`,
  },
} satisfies Record<Locale, unknown>;

export function subject(locale: Locale, props: EscalationReportedProps): string {
  return strings[locale].subject(props);
}

export function EscalationReportedEmail(props: EscalationReportedProps & { locale: Locale }) {
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
