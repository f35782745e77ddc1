import { Link, Section, Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { Count, Day, formatCount, formatMoney, formatWeek, HttpUrl } from "~/emails/digest-format.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";
import { mailTexts } from "~/emails/texts.ts";

/** The programme's week for comms leads: tenant totals, participation, top posts, open escalations. No individual figures. */
export const ProgrammeDigestProps = z.object({
  tenantName: z.string().min(1),
  weekStart: Day,
  weekEnd: Day,
  analyticsUrl: HttpUrl,
  escalationsUrl: HttpUrl,
  /** where the reader turns the digest off (the advocacy page) */
  settingsUrl: HttpUrl,
  /** null when the programme has fewer people than the tenant's minimum group size (then also no participation or top posts) */
  totals: z
    .object({
      shares: Count,
      clicks: Count,
      impressionsEstimated: Count,
      impressionsMeasured: Count,
      earnedMedia: z.number().nonnegative(),
      currency: z.string().regex(/^[A-Z]{3}$/),
    })
    .nullable(),
  /** members who shared at least once that week, of the members opted in to the programme (null: too few people) */
  participation: z.object({ sharers: Count, optedIn: Count }).nullable(),
  /** the tenant's minimum group size: shown when the figures are held back */
  minGroupSize: z.number().int().positive(),
  newPosts: Count,
  topPosts: z.array(z.object({ title: z.string().min(1), shares: Count, clicks: Count })).max(3),
  openEscalations: Count,
});
export type ProgrammeDigestProps = z.infer<typeof ProgrammeDigestProps>;

const percent = (p: ProgrammeDigestProps) =>
  !p.participation || p.participation.optedIn === 0
    ? 0
    : Math.round((100 * p.participation.sharers) / p.participation.optedIn);

const texts = (locale: Locale) => {
  const t = mailTexts(locale);
  return {
    subject: (p: ProgrammeDigestProps) => t("mailDigest.programme.subject", { tenantName: p.tenantName }),
    preview: (p: ProgrammeDigestProps) =>
      p.totals
        ? p.participation
          ? t("mailDigest.programme.previewParticipation", { ...p.totals, percent: percent(p) })
          : t("mailDigest.programme.preview", { ...p.totals })
        : t("mailDigest.programme.previewTooFew", {
            newPosts: p.newPosts,
            openEscalations: p.openEscalations,
          }),
    heading: t("mailDigest.programme.heading"),
    week: (range: string) => t("mailDigest.programme.week", { range }),
    totalsTitle: t("mailDigest.programme.totalsTitle"),
    shares: t("mailDigest.programme.shares"),
    clicks: t("mailDigest.programme.clicks"),
    estimated: t("mailDigest.programme.estimated"),
    measured: t("mailDigest.programme.measured"),
    earned: t("mailDigest.programme.earned"),
    tooFew: (min: number) => t("mailDigest.programme.tooFew", { min }),
    participationTitle: t("mailDigest.programme.participationTitle"),
    // null: fewer people shared than the minimum group size (the count itself would be a small group)
    participation: (p: ProgrammeDigestProps) =>
      !p.participation
        ? t("mailDigest.programme.participationTooFew")
        : t("mailDigest.programme.participation", { ...p.participation, percent: percent(p) }),
    newPosts: (n: number) => t("mailDigest.programme.newPosts", { count: n }),
    topTitle: t("mailDigest.programme.topTitle"),
    top: (shares: number, clicks: number, n: (v: number) => string) =>
      `${t("mailDigest.programme.topShares", { count: shares, n: n(shares) })}, ${t("mailDigest.programme.topClicks", { count: clicks, n: n(clicks) })}`,
    noTop: t("mailDigest.programme.noTop"),
    escalationsTitle: t("mailDigest.programme.escalationsTitle"),
    escalations: (n: number) => t("mailDigest.programme.escalations", { count: n }),
    button: t("mailDigest.programme.button"),
    why: (p: ProgrammeDigestProps) => t("mailDigest.programme.why", { tenantName: p.tenantName }),
  };
};

export function subject(locale: Locale, props: ProgrammeDigestProps): string {
  return texts(locale).subject(props);
}

export function ProgrammeDigestEmail(props: ProgrammeDigestProps & { locale: Locale }) {
  const t = texts(props.locale);
  const n = (v: number) => formatCount(props.locale, v);
  const s = props.totals;
  return (
    <EmailLayout
      locale={props.locale}
      preview={t.preview(props)}
      heading={t.heading}
      action={{ href: props.analyticsUrl, label: t.button }}
      footer={`${t.why(props)} ${props.settingsUrl}`}
    >
      <Text style={styles.muted}>{t.week(formatWeek(props.locale, props.weekStart, props.weekEnd))}</Text>
      {s ? (
        <>
          <Text style={styles.label}>{t.totalsTitle}</Text>
          <Text style={styles.text}>
            {t.shares}: {n(s.shares)}
            <br />
            {t.clicks}: {n(s.clicks)}
            <br />
            {t.estimated}: {n(s.impressionsEstimated)}
            {s.impressionsMeasured > 0 ? (
              <>
                <br />
                {t.measured}: {n(s.impressionsMeasured)}
              </>
            ) : null}
            <br />
            {t.earned}: {formatMoney(props.locale, s.earnedMedia, s.currency)}
          </Text>
          <Text style={styles.label}>{t.participationTitle}</Text>
          <Text style={styles.text}>
            {t.participation(props)} {t.newPosts(props.newPosts)}
          </Text>
          <Text style={styles.label}>{t.topTitle}</Text>
          {props.topPosts.length === 0 ? (
            <Text style={styles.text}>{t.noTop}</Text>
          ) : (
            <Section>
              {props.topPosts.map((p, i) => (
                <Text key={i} style={styles.text}>
                  {i + 1}. {p.title} — {t.top(p.shares, p.clicks, n)}
                </Text>
              ))}
            </Section>
          )}
        </>
      ) : (
        <>
          <Text style={styles.label}>{t.totalsTitle}</Text>
          <Text style={styles.text}>
            {t.tooFew(props.minGroupSize)} {t.newPosts(props.newPosts)}
          </Text>
        </>
      )}
      <Text style={styles.label}>{t.escalationsTitle}</Text>
      <Text style={styles.text}>
        {t.escalations(props.openEscalations)}{" "}
        {props.openEscalations > 0 ? <Link href={props.escalationsUrl}>{props.escalationsUrl}</Link> : null}
      </Text>
    </EmailLayout>
  );
}

export const PreviewProps = {
  locale: "de",
  tenantName: "Beispiel GmbH",
  weekStart: "2026-11-16",
  weekEnd: "2026-11-22",
  analyticsUrl: "http://localhost:3000/t/beispiel/analytics",
  escalationsUrl: "http://localhost:3000/t/beispiel/escalations",
  settingsUrl: "http://localhost:3000/t/beispiel/advocacy",
  totals: {
    shares: 42,
    clicks: 380,
    impressionsEstimated: 21000,
    impressionsMeasured: 5400,
    earnedMedia: 654.4,
    currency: "EUR",
  },
  participation: { sharers: 17, optedIn: 40 },
  minGroupSize: 5,
  newPosts: 5,
  topPosts: [
    { title: "Wir eröffnen unseren neuen Standort in Leipzig", shares: 14, clicks: 160 },
    { title: "Ausbildungsstart 2027: jetzt bewerben", shares: 9, clicks: 95 },
    { title: "Unser Nachhaltigkeitsbericht", shares: 6, clicks: 41 },
  ],
  openEscalations: 1,
} satisfies ProgrammeDigestProps & { locale: Locale };

ProgrammeDigestEmail.PreviewProps = PreviewProps;
export default ProgrammeDigestEmail;
