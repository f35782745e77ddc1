import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";
import { mailTexts } from "~/emails/texts.ts";

/** Only http(s): the URL becomes a button href, so `javascript:` and friends must never get through. */
export const InvitationProps = z.object({
  url: z.url({ protocol: /^https?$/ }),
  tenantName: z.string().min(1),
  inviterName: z.string().min(1),
  inviteeName: z.string().min(1),
});
export type InvitationProps = z.infer<typeof InvitationProps>;

const texts = (locale: Locale) => {
  const t = mailTexts(locale);
  return {
    subject: (p: InvitationProps) => t("mailAuth.invitation.subject", p),
    preview: (p: InvitationProps) => t("mailAuth.invitation.preview", p),
    heading: t("mailAuth.invitation.heading"),
    greeting: (p: InvitationProps) => t("mailAuth.invitation.greeting", p),
    body: (p: InvitationProps) => t("mailAuth.invitation.body", p),
    voluntary: t("mailAuth.invitation.voluntary"),
    button: t("mailAuth.invitation.button"),
    ignore: (p: InvitationProps) => t("mailAuth.invitation.ignore", p),
  };
};

export function subject(locale: Locale, props: InvitationProps): string {
  return texts(locale).subject(props);
}

export function InvitationEmail(props: InvitationProps & { locale: Locale }) {
  const t = texts(props.locale);
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
