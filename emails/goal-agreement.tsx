import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";
import { mailTexts } from "~/emails/texts.ts";

/** A goal agreement moved: proposed (to the employee), commented or accepted (to the manager). */
export const GoalAgreementProps = z.object({
  url: z.url({ protocol: /^https?$/ }),
  event: z.enum(["proposed", "commented", "accepted"]),
  /** who acted: the manager (proposed) or the employee (commented, accepted) */
  actorName: z.string().min(1).max(200),
  periodLabel: z.string().min(1).max(40),
  /** the employee's comment (commented only) */
  comment: z.string().max(2000).optional(),
});
export type GoalAgreementProps = z.infer<typeof GoalAgreementProps>;

const texts = (locale: Locale) => {
  const t = mailTexts(locale);
  return {
    subject: (p: GoalAgreementProps) => t("mailGoals.agreement.subject", { ...p, context: p.event }),
    body: (p: GoalAgreementProps) => t("mailGoals.agreement.body", { ...p, context: p.event }),
    comment: t("mailGoals.agreement.comment"),
    button: t("mailGoals.agreement.button"),
    why: t("mailGoals.agreement.why"),
  };
};

export function subject(locale: Locale, props: GoalAgreementProps): string {
  return texts(locale).subject(props);
}

export function GoalAgreementEmail(props: GoalAgreementProps & { locale: Locale }) {
  const t = texts(props.locale);
  const comment = props.comment?.trim();
  return (
    <EmailLayout
      locale={props.locale}
      preview={t.subject(props)}
      heading={t.subject(props)}
      action={{ href: props.url, label: t.button }}
      footer={t.why}
    >
      <Text style={styles.text}>{t.body(props)}</Text>
      {comment ? (
        <>
          <Text style={styles.label}>{t.comment}</Text>
          <Text style={styles.quote}>{comment}</Text>
        </>
      ) : null}
    </EmailLayout>
  );
}

export const PreviewProps = {
  locale: "de",
  url: "http://localhost:3000/t/beispiel/goals/00000000-0000-4000-8000-000000000000",
  event: "commented",
  actorName: "Mia Mitarbeiterin",
  periodLabel: "2026-Q4",
  comment: "Vier Beiträge im Quartal sind viel – wie wäre es mit drei?",
} satisfies GoalAgreementProps & { locale: Locale };

// The React Email preview server looks for PreviewProps on the default export.
GoalAgreementEmail.PreviewProps = PreviewProps;
export default GoalAgreementEmail;
