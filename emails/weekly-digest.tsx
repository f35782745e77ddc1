import { Link, Section, Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { Count, Day, formatCount, formatWeek, HttpUrl } from "~/emails/digest-format.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";

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

const strings = {
  de: {
    subject: (p: WeeklyDigestProps) => `Deine Woche bei ${p.tenantName}`,
    preview: (p: WeeklyDigestProps) =>
      p.posts.length > 0
        ? `${p.posts.length + p.morePosts} neue Beiträge zum Teilen und was deine Beiträge erreicht haben.`
        : "Was deine geteilten Beiträge erreicht haben.",
    heading: "Dein Wochenüberblick",
    week: (range: string) => `Woche vom ${range}`,
    postsTitle: "Neu für dich im Hub",
    noPosts: "Diese Woche gab es keine neuen Beiträge für dich.",
    more: (n: number) => `… und ${n} weitere im Hub.`,
    figuresTitle: "Was deine Beiträge erreicht haben",
    shares: "Geteilt",
    clicks: "Klicks auf deine Links",
    estimated: "Geschätzte Impressionen",
    measured: "Gemessene Impressionen (vom Netzwerk gemeldet)",
    noActivity: "Diese Woche hast du nichts geteilt. Im Hub findest du Beiträge, die auf dich warten.",
    impact: "Mehr dazu unter „Meine Wirkung“:",
    button: "Zum Hub",
    why: (p: WeeklyDigestProps) =>
      `Du erhältst diesen Überblick, weil du ihn bei ${p.tenantName} bestellt hast. Abbestellen kannst du ihn auf deiner Programmseite:`,
    kudosTitle: "Dank von Kolleginnen und Kollegen",
    kudosLine: (reason: string, name: string | null) =>
      `„${reason}“ — ${name ?? "eine ehemalige Kollegin oder ein ehemaliger Kollege"}`,
  },
  en: {
    subject: (p: WeeklyDigestProps) => `Your week at ${p.tenantName}`,
    preview: (p: WeeklyDigestProps) =>
      p.posts.length > 0
        ? `${p.posts.length + p.morePosts} new posts to share and what your shares achieved.`
        : "What your shares achieved.",
    heading: "Your weekly digest",
    week: (range: string) => `Week of ${range}`,
    postsTitle: "New for you in the hub",
    noPosts: "There were no new posts for you this week.",
    more: (n: number) => `… and ${n} more in the hub.`,
    figuresTitle: "What your shares achieved",
    shares: "Shares",
    clicks: "Clicks on your links",
    estimated: "Estimated impressions",
    measured: "Measured impressions (reported by the network)",
    noActivity: "You did not share anything this week. The hub has posts waiting for you.",
    impact: "More under “My impact”:",
    button: "Open the hub",
    why: (p: WeeklyDigestProps) =>
      `You're receiving this digest because you asked for it at ${p.tenantName}. Turn it off on your programme page:`,
    kudosTitle: "Thanks from colleagues",
    kudosLine: (reason: string, name: string | null) => `“${reason}” — ${name ?? "a former colleague"}`,
  },
} satisfies Record<Locale, unknown>;

export function subject(locale: Locale, props: WeeklyDigestProps): string {
  return strings[locale].subject(props);
}

export function WeeklyDigestEmail(props: WeeklyDigestProps & { locale: Locale }) {
  const t = strings[props.locale];
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
