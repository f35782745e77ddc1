import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";
import { mailTexts } from "~/emails/texts.ts";

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

const texts = (locale: Locale) => {
  const t = mailTexts(locale);
  return {
    subject: (p: PostDecisionProps) => t("mailContent.postDecision.subject", { ...p, context: p.decision }),
    heading: (p: PostDecisionProps) => t("mailContent.postDecision.heading", { context: p.decision }),
    body: (p: PostDecisionProps) => t("mailContent.postDecision.body", { ...p, context: p.decision }),
    reason: t("mailContent.postDecision.reason"),
    button: t("mailContent.postDecision.button"),
    why: t("mailContent.postDecision.why"),
  };
};

export function subject(locale: Locale, props: PostDecisionProps): string {
  return texts(locale).subject(props);
}

export function PostDecisionEmail(props: PostDecisionProps & { locale: Locale }) {
  const t = texts(props.locale);
  const reason = props.reason?.trim();
  return (
    <EmailLayout
      locale={props.locale}
      preview={t.subject(props)}
      heading={t.heading(props)}
      action={{ href: props.url, label: t.button }}
      footer={t.why}
    >
      <Text style={styles.title}>{props.postTitle}</Text>
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
  url: "http://localhost:3000/t/beispiel/content/posts/preview",
  postTitle: "Unser neuer Standort in Leipzig",
  decision: "rejected",
  reason: "Bitte den Link auf die Pressemitteilung statt auf den Blog setzen.",
  deciderName: "Jonas Weber",
} satisfies PostDecisionProps & { locale: Locale };

// The React Email preview server looks for PreviewProps on the default export.
PostDecisionEmail.PreviewProps = PreviewProps;
export default PostDecisionEmail;
