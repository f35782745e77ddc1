import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";

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

const strings = {
  de: {
    subject: (p: GoalAgreementProps) =>
      p.event === "proposed"
        ? `Zielvereinbarung ${p.periodLabel}: ${p.actorName} schlägt dir Ziele vor`
        : p.event === "commented"
          ? `Zielvereinbarung ${p.periodLabel}: ${p.actorName} hat kommentiert`
          : `Zielvereinbarung ${p.periodLabel}: ${p.actorName} hat angenommen`,
    body: (p: GoalAgreementProps) =>
      p.event === "proposed"
        ? `${p.actorName} schlägt dir Advocacy-Ziele für ${p.periodLabel} vor. Sieh sie dir an und nimm sie an oder schreib einen Kommentar.`
        : p.event === "commented"
          ? `${p.actorName} hat deinen Vorschlag für ${p.periodLabel} kommentiert. Du kannst ihn überarbeiten und erneut vorschlagen.`
          : `${p.actorName} hat die Zielvereinbarung für ${p.periodLabel} angenommen. Ab jetzt zählt sie.`,
    comment: "Kommentar:",
    button: "Zielvereinbarung öffnen",
    why: "Du erhältst diese E-Mail, weil du an dieser Zielvereinbarung beteiligt bist.",
  },
  en: {
    subject: (p: GoalAgreementProps) =>
      p.event === "proposed"
        ? `Goal agreement ${p.periodLabel}: ${p.actorName} proposes goals for you`
        : p.event === "commented"
          ? `Goal agreement ${p.periodLabel}: ${p.actorName} commented`
          : `Goal agreement ${p.periodLabel}: ${p.actorName} accepted`,
    body: (p: GoalAgreementProps) =>
      p.event === "proposed"
        ? `${p.actorName} proposes advocacy goals for ${p.periodLabel}. Have a look, then accept them or leave a comment.`
        : p.event === "commented"
          ? `${p.actorName} commented on your proposal for ${p.periodLabel}. You can revise it and propose it again.`
          : `${p.actorName} accepted the goal agreement for ${p.periodLabel}. It counts from now on.`,
    comment: "Comment:",
    button: "Open the goal agreement",
    why: "You're receiving this email because you are part of this goal agreement.",
  },
} satisfies Record<Locale, unknown>;

export function subject(locale: Locale, props: GoalAgreementProps): string {
  return strings[locale].subject(props);
}

export function GoalAgreementEmail(props: GoalAgreementProps & { locale: Locale }) {
  const t = strings[props.locale];
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
