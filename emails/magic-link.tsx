import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";
import { mailTexts } from "~/emails/texts.ts";

/** Only http(s): the URL becomes a button href, so `javascript:` and friends must never get through. */
export const MagicLinkProps = z.object({
  url: z.url({ protocol: /^https?$/ }),
  expiresInMinutes: z.number().int().positive(),
  tenantName: z.string().min(1).optional(),
});
export type MagicLinkProps = z.infer<typeof MagicLinkProps>;

const texts = (locale: Locale) => {
  const t = mailTexts(locale);
  const minutes = (p: MagicLinkProps) => t("mailAuth.magicLink.minutes", { count: p.expiresInMinutes });
  return {
    subject: () => t("mailAuth.magicLink.subject"),
    preview: (p: MagicLinkProps) => t("mailAuth.magicLink.preview", { minutes: minutes(p) }),
    heading: t("mailAuth.magicLink.heading"),
    intro: (p: MagicLinkProps) =>
      p.tenantName
        ? t("mailAuth.magicLink.introTenant", { tenantName: p.tenantName })
        : t("mailAuth.magicLink.intro"),
    button: t("mailAuth.magicLink.button"),
    expiry: (p: MagicLinkProps) => t("mailAuth.magicLink.expiry", { minutes: minutes(p) }),
    ignore: t("mailAuth.magicLink.ignore"),
  };
};

export function subject(locale: Locale, _props: MagicLinkProps): string {
  return texts(locale).subject();
}

export function MagicLinkEmail(props: MagicLinkProps & { locale: Locale }) {
  const t = texts(props.locale);
  return (
    <EmailLayout
      locale={props.locale}
      preview={t.preview(props)}
      heading={t.heading}
      action={{ href: props.url, label: t.button }}
      footer={t.ignore}
    >
      <Text style={styles.text}>{t.intro(props)}</Text>
      <Text style={styles.text}>{t.expiry(props)}</Text>
    </EmailLayout>
  );
}

export const PreviewProps = {
  locale: "de",
  url: "http://localhost:3000/auth/verify?token=preview-token",
  expiresInMinutes: 15,
  tenantName: "Beispiel GmbH",
} satisfies MagicLinkProps & { locale: Locale };

// The React Email preview server looks for PreviewProps on the default export.
MagicLinkEmail.PreviewProps = PreviewProps;
export default MagicLinkEmail;
