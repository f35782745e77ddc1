import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";
import { mailTexts } from "~/emails/texts.ts";

/** Only http(s): the URL becomes a button href, so `javascript:` and friends must never get through. */
export const ReviewRequestedProps = z.object({
  url: z.url({ protocol: /^https?$/ }),
  postTitle: z.string().min(1),
  authorName: z.string().min(1),
  tenantName: z.string().min(1),
});
export type ReviewRequestedProps = z.infer<typeof ReviewRequestedProps>;

const texts = (locale: Locale) => {
  const t = mailTexts(locale);
  return {
    subject: (p: ReviewRequestedProps) => t("mailContent.reviewRequested.subject", p),
    preview: (p: ReviewRequestedProps) => t("mailContent.reviewRequested.preview", p),
    heading: t("mailContent.reviewRequested.heading"),
    body: (p: ReviewRequestedProps) => t("mailContent.reviewRequested.body", p),
    note: t("mailContent.reviewRequested.note"),
    button: t("mailContent.reviewRequested.button"),
    why: (p: ReviewRequestedProps) => t("mailContent.reviewRequested.why", p),
  };
};

export function subject(locale: Locale, props: ReviewRequestedProps): string {
  return texts(locale).subject(props);
}

export function ReviewRequestedEmail(props: ReviewRequestedProps & { locale: Locale }) {
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
