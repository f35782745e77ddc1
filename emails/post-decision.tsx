import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";

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

const strings = {
  de: {
    subject: (p: PostDecisionProps) =>
      p.decision === "approved"
        ? `Dein Beitrag wurde freigegeben: ${p.postTitle}`
        : `Dein Beitrag wurde abgelehnt: ${p.postTitle}`,
    heading: (p: PostDecisionProps) =>
      p.decision === "approved" ? "Dein Beitrag ist freigegeben" : "Dein Beitrag wurde abgelehnt",
    body: (p: PostDecisionProps) =>
      p.decision === "approved"
        ? `${p.deciderName} hat deinen Beitrag freigegeben. Er wird zum geplanten Zeitpunkt für die Mitarbeitenden veröffentlicht.`
        : `${p.deciderName} hat deinen Beitrag abgelehnt. Er ist wieder ein Entwurf: Du kannst ihn überarbeiten und erneut einreichen.`,
    reason: "Begründung:",
    button: "Beitrag ansehen",
    why: "Du erhältst diese E-Mail, weil du diesen Beitrag verfasst hast.",
  },
  en: {
    subject: (p: PostDecisionProps) =>
      p.decision === "approved"
        ? `Your post was approved: ${p.postTitle}`
        : `Your post was rejected: ${p.postTitle}`,
    heading: (p: PostDecisionProps) =>
      p.decision === "approved" ? "Your post was approved" : "Your post was rejected",
    body: (p: PostDecisionProps) =>
      p.decision === "approved"
        ? `${p.deciderName} approved your post. It will be published to employees at its scheduled time.`
        : `${p.deciderName} rejected your post. It is a draft again: you can revise it and submit it once more.`,
    reason: "Reason:",
    button: "View post",
    why: "You're receiving this email because you wrote this post.",
  },
} satisfies Record<Locale, unknown>;

export function subject(locale: Locale, props: PostDecisionProps): string {
  return strings[locale].subject(props);
}

export function PostDecisionEmail(props: PostDecisionProps & { locale: Locale }) {
  const t = strings[props.locale];
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
