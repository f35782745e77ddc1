import { Link, Section, Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { Count, Day, formatCount, formatWeek, HttpUrl } from "~/emails/digest-format.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";
import { mailTexts } from "~/emails/texts.ts";

/** The advocate's week: new posts for them in the hub and what their shares achieved. */
export const WeeklyDigestProps = z.object({
  tenantName: z.string().min(1),
  weekStart: Day,
  weekEnd: Day,
  hubUrl: HttpUrl,
  impactUrl: HttpUrl,
  /** where the reader turns the digest off (the advocacy page) */
  settingsUrl: HttpUrl,
  posts: z.array(z.object({ title: z.string().min(1), url: HttpUrl })).max(20),
  /** posts beyond the list (the mail shows at most 20) */
  morePosts: Count,
  figures: z.object({
    shares: Count,
    clicks: Count,
    impressionsEstimated: Count,
    impressionsMeasured: Count,
  }),
  /** the week's kudos, for members who asked for them in the digest (from: null = a former colleague) */
  kudos: z
    .array(z.object({ from: z.string().min(1).nullable(), reason: z.string().min(1).max(280) }))
    .max(20)
    .optional(),
});
export type WeeklyDigestProps = z.infer<typeof WeeklyDigestProps>;

const texts = (locale: Locale) => {
  const t = mailTexts(locale);
  return {
    subject: (p: WeeklyDigestProps) => t("mailDigest.weekly.subject", { tenantName: p.tenantName }),
    preview: (p: WeeklyDigestProps) =>
      p.posts.length > 0
        ? t("mailDigest.weekly.preview", { n: p.posts.length + p.morePosts })
        : t("mailDigest.weekly.previewNoPosts"),
    heading: t("mailDigest.weekly.heading"),
    week: (range: string) => t("mailDigest.weekly.week", { range }),
    postsTitle: t("mailDigest.weekly.postsTitle"),
    noPosts: t("mailDigest.weekly.noPosts"),
    more: (n: number) => t("mailDigest.weekly.more", { n }),
    figuresTitle: t("mailDigest.weekly.figuresTitle"),
    shares: t("mailDigest.weekly.shares"),
    clicks: t("mailDigest.weekly.clicks"),
    estimated: t("mailDigest.weekly.estimated"),
    measured: t("mailDigest.weekly.measured"),
    noActivity: t("mailDigest.weekly.noActivity"),
    impact: t("mailDigest.weekly.impact"),
    button: t("mailDigest.weekly.button"),
    why: (p: WeeklyDigestProps) => t("mailDigest.weekly.why", { tenantName: p.tenantName }),
    kudosTitle: t("mailDigest.weekly.kudosTitle"),
    kudosLine: (reason: string, name: string | null) =>
      t("mailDigest.weekly.kudosLine", { reason, name: name ?? t("mailDigest.weekly.formerColleague") }),
  };
};

export function subject(locale: Locale, props: WeeklyDigestProps): string {
  return texts(locale).subject(props);
}

export function WeeklyDigestEmail(props: WeeklyDigestProps & { locale: Locale }) {
  const t = texts(props.locale);
  const n = (v: number) => formatCount(props.locale, v);
  const f = props.figures;
  const active = f.shares > 0 || f.clicks > 0 || f.impressionsEstimated > 0 || f.impressionsMeasured > 0;
  return (
    <EmailLayout
      locale={props.locale}
      preview={t.preview(props)}
      heading={t.heading}
      action={{ href: props.hubUrl, label: t.button }}
      footer={`${t.why(props)} ${props.settingsUrl}`}
    >
      <Text style={styles.muted}>{t.week(formatWeek(props.locale, props.weekStart, props.weekEnd))}</Text>
      <Text style={styles.label}>{t.postsTitle}</Text>
      {props.posts.length === 0 ? (
        <Text style={styles.text}>{t.noPosts}</Text>
      ) : (
        <Section>
          {props.posts.map((p) => (
            <Text key={p.url} style={styles.text}>
              • <Link href={p.url}>{p.title}</Link>
            </Text>
          ))}
          {props.morePosts ? <Text style={styles.muted}>{t.more(props.morePosts)}</Text> : null}
        </Section>
      )}
      <Text style={styles.label}>{t.figuresTitle}</Text>
      {active ? (
        <Section>
          <Text style={styles.text}>
            {t.shares}: {n(f.shares)}
            <br />
            {t.clicks}: {n(f.clicks)}
            {f.impressionsEstimated > 0 ? (
              <>
                <br />
                {t.estimated}: {n(f.impressionsEstimated)}
              </>
            ) : null}
            {f.impressionsMeasured > 0 ? (
              <>
                <br />
                {t.measured}: {n(f.impressionsMeasured)}
              </>
            ) : null}
          </Text>
          <Text style={styles.muted}>
            {t.impact} <Link href={props.impactUrl}>{props.impactUrl}</Link>
          </Text>
        </Section>
      ) : (
        <Text style={styles.text}>{t.noActivity}</Text>
      )}
      {props.kudos?.length ? (
        <Section>
          <Text style={styles.label}>{t.kudosTitle}</Text>
          {props.kudos.map((k, i) => (
            <Text key={i} style={styles.text}>
              {t.kudosLine(k.reason, k.from)}
            </Text>
          ))}
        </Section>
      ) : null}
    </EmailLayout>
  );
}

export const PreviewProps = {
  locale: "de",
  tenantName: "Beispiel GmbH",
  weekStart: "2026-11-16",
  weekEnd: "2026-11-22",
  hubUrl: "http://localhost:3000/t/beispiel/hub",
  impactUrl: "http://localhost:3000/t/beispiel/impact",
  settingsUrl: "http://localhost:3000/t/beispiel/advocacy",
  posts: [
    {
      title: "Wir eröffnen unseren neuen Standort in Leipzig",
      url: "http://localhost:3000/t/beispiel/hub#p1",
    },
    { title: "Ausbildungsstart 2027: jetzt bewerben", url: "http://localhost:3000/t/beispiel/hub#p2" },
  ],
  morePosts: 0,
  figures: { shares: 3, clicks: 41, impressionsEstimated: 1800, impressionsMeasured: 950 },
  kudos: [
    { from: "Jana Schulz", reason: "Danke, dass du unseren Ausbildungsbeitrag so schnell geteilt hast!" },
  ],
} satisfies WeeklyDigestProps & { locale: Locale };

WeeklyDigestEmail.PreviewProps = PreviewProps;
export default WeeklyDigestEmail;
