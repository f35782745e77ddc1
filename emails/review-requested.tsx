import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";

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
    body: (p: ReviewRequestedProps) =>
      `${p.authorName} hat bei ${p.tenantName} einen Beitrag zur Prüfung eingereicht:`,
    note: "Erst nach deiner Freigabe sehen ihn die Mitarbeitenden. Du kannst ihn freigeben oder mit einer Begründung ablehnen.",
    button: "Beitrag prüfen",
    why: (p: ReviewRequestedProps) =>
      `Du erhältst diese E-Mail, weil du bei ${p.tenantName} Inhalte freigeben darfst.`,
  },
  en: {
    subject: (p: ReviewRequestedProps) => `New post to review: ${p.postTitle}`,
    preview: (p: ReviewRequestedProps) => `${p.authorName} would like you to review "${p.postTitle}".`,
    heading: "New post to review",
    body: (p: ReviewRequestedProps) => `${p.authorName} submitted a post for review at ${p.tenantName}:`,
    note: "Employees only see it once it has been approved. You can approve it or reject it with a reason.",
    button: "Review post",
    why: (p: ReviewRequestedProps) =>
      `You're receiving this email because you approve content at ${p.tenantName}.`,
  },
} satisfies Record<Locale, unknown>;

export function subject(locale: Locale, props: ReviewRequestedProps): string {
  return strings[locale].subject(props);
}

export function ReviewRequestedEmail(props: ReviewRequestedProps & { locale: Locale }) {
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
      <Text style={styles.title}>{props.postTitle}</Text>
      <Text style={styles.text}>{t.note}</Text>
    </EmailLayout>
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
