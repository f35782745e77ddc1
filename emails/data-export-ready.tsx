import { Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";

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
  new Intl.DateTimeFormat(locale === "de" ? "de-DE" : "en-GB", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(new Date(iso)) + " UTC";

const strings = {
  de: {
    subject: (p: DataExportReadyProps) => `Deine Daten bei ${p.tenantName} stehen zum Download bereit`,
    heading: "Deine Daten sind bereit",
    body: (p: DataExportReadyProps) =>
      `Du hast eine Kopie aller Daten angefordert, die Chorus bei ${p.tenantName} über dich speichert. Sie liegt als JSON-Datei für dich bereit.`,
    expires: (p: DataExportReadyProps) =>
      `Der Link funktioniert bis ${when("de", p.expiresAt)} und nur, wenn du angemeldet bist. Danach löschen wir die Datei.`,
    page: "Eine lesbare Zusammenfassung und alle deine Downloads findest du unter „Meine Daten“:",
    button: "JSON-Datei herunterladen",
    why: "Du erhältst diese E-Mail, weil du deine Daten angefordert hast (DSGVO Art. 15 und 20). Warst du das nicht, sag deinem Admin Bescheid.",
  },
  en: {
    subject: (p: DataExportReadyProps) => `Your data at ${p.tenantName} is ready to download`,
    heading: "Your data is ready",
    body: (p: DataExportReadyProps) =>
      `You asked for a copy of everything Chorus holds about you at ${p.tenantName}. It is ready for you as a JSON file.`,
    expires: (p: DataExportReadyProps) =>
      `The link works until ${when("en", p.expiresAt)} and only while you are signed in. After that we delete the file.`,
    page: "A readable summary and all your downloads are under “My data”:",
    button: "Download the JSON file",
    why: "You're receiving this email because you asked for your data (GDPR Art. 15 and 20). If that wasn't you, tell your admin.",
  },
} satisfies Record<Locale, unknown>;

export function subject(locale: Locale, props: DataExportReadyProps): string {
  return strings[locale].subject(props);
}

export function DataExportReadyEmail(props: DataExportReadyProps & { locale: Locale }) {
  const t = strings[props.locale];
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
