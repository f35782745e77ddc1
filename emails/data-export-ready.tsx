import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";
import { mailTexts } from "~/emails/texts.ts";
import { dateTimeFormat } from "~/app/lib/intl.ts";

/** "Your data is ready": the download link (expires) and the page that lists the person's exports. */
export const DataExportReadyProps = z.object({
  url: z.url({ protocol: /^https?$/ }),
  pageUrl: z.url({ protocol: /^https?$/ }),
  tenantName: z.string().min(1).max(200),
  /** ISO time the link stops working */
  expiresAt: z.iso.datetime(),
});
export type DataExportReadyProps = z.infer<typeof DataExportReadyProps>;

const when = (locale: Locale, iso: string) =>
  dateTimeFormat(locale === "de" ? "de-DE" : "en-GB", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(new Date(iso)) + " UTC";

const texts = (locale: Locale) => {
  const t = mailTexts(locale);
  return {
    subject: (p: DataExportReadyProps) => t("mailPrivacy.exportReady.subject", p),
    heading: t("mailPrivacy.exportReady.heading"),
    body: (p: DataExportReadyProps) => t("mailPrivacy.exportReady.body", p),
    expires: (p: DataExportReadyProps) =>
      t("mailPrivacy.exportReady.expires", { when: when(locale, p.expiresAt) }),
    page: t("mailPrivacy.exportReady.page"),
    button: t("mailPrivacy.exportReady.button"),
    why: t("mailPrivacy.exportReady.why"),
  };
};

export function subject(locale: Locale, props: DataExportReadyProps): string {
  return texts(locale).subject(props);
}

export function DataExportReadyEmail(props: DataExportReadyProps & { locale: Locale }) {
  const t = texts(props.locale);
  return (
    <EmailLayout
      locale={props.locale}
      preview={t.subject(props)}
      heading={t.heading}
      action={{ href: props.url, label: t.button }}
      footer={t.why}
    >
      <Text style={styles.text}>{t.body(props)}</Text>
      <Text style={styles.text}>{t.expires(props)}</Text>
      <Text style={styles.muted}>{t.page}</Text>
      <Text style={styles.link}>{props.pageUrl}</Text>
    </EmailLayout>
  );
}

export const PreviewProps = {
  locale: "de",
  url: "http://localhost:3000/t/beispiel/my-data/00000000-0000-4000-8000-000000000000",
  pageUrl: "http://localhost:3000/t/beispiel/my-data",
  tenantName: "Beispiel GmbH",
  expiresAt: "2026-12-13T20:00:00.000Z",
} satisfies DataExportReadyProps & { locale: Locale };

// The React Email preview server looks for PreviewProps on the default export.
DataExportReadyEmail.PreviewProps = PreviewProps;
export default DataExportReadyEmail;
