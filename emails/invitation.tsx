import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";

/** Only http(s): the URL becomes a button href, so `javascript:` and friends must never get through. */
export const InvitationProps = z.object({
  url: z.url({ protocol: /^https?$/ }),
  tenantName: z.string().min(1),
  inviterName: z.string().min(1),
  inviteeName: z.string().min(1),
});
export type InvitationProps = z.infer<typeof InvitationProps>;

const strings = {
  de: {
    subject: (p: InvitationProps) => `${p.inviterName} lädt dich zu ${p.tenantName} auf Chorus ein`,
    preview: (p: InvitationProps) => `${p.inviterName} möchte, dass du bei ${p.tenantName} mitmachst.`,
    heading: "Du bist eingeladen",
    greeting: (p: InvitationProps) => `Hallo ${p.inviteeName},`,
    body: (p: InvitationProps) =>
      `${p.inviterName} hat dich eingeladen, ${p.tenantName} auf Chorus beizutreten. Dort findest du freigegebene Inhalte, die du auf deinen eigenen Profilen teilen kannst.`,
    voluntary: "Die Teilnahme ist freiwillig, und du kannst jederzeit mit einem Klick wieder austreten.",
    button: "Einladung annehmen",
    ignore: (p: InvitationProps) =>
      `Du kennst ${p.inviterName} nicht oder möchtest nicht mitmachen? Dann ignoriere diese E-Mail einfach.`,
  },
  en: {
    subject: (p: InvitationProps) => `${p.inviterName} invited you to join ${p.tenantName} on Chorus`,
    preview: (p: InvitationProps) => `${p.inviterName} would like you to join ${p.tenantName}.`,
    heading: "You're invited",
    greeting: (p: InvitationProps) => `Hi ${p.inviteeName},`,
    body: (p: InvitationProps) =>
      `${p.inviterName} invited you to join ${p.tenantName} on Chorus, where you'll find approved content you can share on your own profiles.`,
    voluntary: "Taking part is voluntary, and you can leave at any time with one click.",
    button: "Accept invitation",
    ignore: (p: InvitationProps) =>
      `Don't know ${p.inviterName} or don't want to join? Just ignore this email.`,
  },
} satisfies Record<Locale, unknown>;

export function subject(locale: Locale, props: InvitationProps): string {
  return strings[locale].subject(props);
}

export function InvitationEmail(props: InvitationProps & { locale: Locale }) {
  const t = strings[props.locale];
  return (
    <EmailLayout
      locale={props.locale}
      preview={t.preview(props)}
      heading={t.heading}
      action={{ href: props.url, label: t.button }}
      footer={t.ignore(props)}
    >
      <Text style={styles.text}>{t.greeting(props)}</Text>
      <Text style={styles.text}>{t.body(props)}</Text>
      <Text style={styles.text}>{t.voluntary}</Text>
    </EmailLayout>
  );
}

export const PreviewProps = {
  locale: "de",
  url: "http://localhost:3000/invite/preview-token",
  tenantName: "Beispiel GmbH",
  inviterName: "Anna Schmidt",
  inviteeName: "Jonas Weber",
} satisfies InvitationProps & { locale: Locale };

// The React Email preview server looks for PreviewProps on the default export.
InvitationEmail.PreviewProps = PreviewProps;
export default InvitationEmail;
