import { Link, Section, Text } from "@react-email/components";
import { z } from "zod";
import type { Locale } from "~/db/schema.ts";
import { Count, Day, formatCount, formatMoney, formatWeek, HttpUrl } from "~/emails/digest-format.ts";
import { EmailLayout, emailStyles as styles } from "~/emails/layout.tsx";

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

const strings = {
  de: {
    subject: (p: ProgrammeDigestProps) => `Die Programmwoche bei ${p.tenantName}`,
    preview: (p: ProgrammeDigestProps) =>
      p.totals
        ? `${p.totals.shares} Teilungen, ${p.totals.clicks} Klicks${p.participation ? `, ${percent(p)} % Beteiligung` : ""}.`
        : `${p.newPosts} neue Beiträge, ${p.openEscalations} offene Eskalationen.`,
    heading: "Die Woche des Programms",
    week: (range: string) => `Woche vom ${range}`,
    totalsTitle: "Reichweite",
    shares: "Teilungen",
    clicks: "Klicks",
    estimated: "Geschätzte Impressionen",
    measured: "Gemessene Impressionen (vom Netzwerk gemeldet)",
    earned: "Earned-Media-Wert (aus geschätzten und gemessenen Impressionen)",
    tooFew: (min: number) =>
      `Zu wenige Personen für eine Anzeige: Weniger als ${min} Personen sind im Programm oder stehen hinter den Zahlen dieser Woche, deshalb bleiben die Zahlen privat.`,
    participationTitle: "Beteiligung",
    // null: fewer people shared than the minimum group size (the count itself would be a small group)
    participation: (p: ProgrammeDigestProps) =>
      !p.participation
        ? "Zu wenige Personen, um zu zeigen, wie viele geteilt haben."
        : `${p.participation.sharers} von ${p.participation.optedIn} Teilnehmenden haben mindestens einmal geteilt (${percent(p)} %).`,
    newPosts: (n: number) =>
      n === 1 ? "1 neuer Beitrag wurde veröffentlicht." : `${n} neue Beiträge wurden veröffentlicht.`,
    topTitle: "Die meistgeklickten Beiträge",
    top: (shares: number, clicks: number, n: (v: number) => string) =>
      `${n(shares)} ${shares === 1 ? "Teilung" : "Teilungen"}, ${n(clicks)} ${clicks === 1 ? "Klick" : "Klicks"}`,
    noTop: "Diese Woche wurde nichts geteilt.",
    escalationsTitle: "Eskalationen",
    escalations: (n: number) =>
      n === 0
        ? "Keine offenen Eskalationen."
        : n === 1
          ? "1 Eskalation ist offen:"
          : `${n} Eskalationen sind offen:`,
    button: "Analysen öffnen",
    why: (p: ProgrammeDigestProps) =>
      `Du erhältst diesen Überblick, weil du ihn für das Kommunikationsteam von ${p.tenantName} bestellt hast. Abbestellen kannst du ihn auf deiner Programmseite:`,
  },
  en: {
    subject: (p: ProgrammeDigestProps) => `The programme's week at ${p.tenantName}`,
    preview: (p: ProgrammeDigestProps) =>
      p.totals
        ? `${p.totals.shares} shares, ${p.totals.clicks} clicks${p.participation ? `, ${percent(p)}% participation` : ""}.`
        : `${p.newPosts} new posts, ${p.openEscalations} open escalations.`,
    heading: "The programme's week",
    week: (range: string) => `Week of ${range}`,
    totalsTitle: "Reach",
    shares: "Shares",
    clicks: "Clicks",
    estimated: "Estimated impressions",
    measured: "Measured impressions (reported by the network)",
    earned: "Earned media value (from estimated and measured impressions)",
    tooFew: (min: number) =>
      `Too few people to show: fewer than ${min} people are in the programme or behind this week's figures, so the figures stay private.`,
    participationTitle: "Participation",
    participation: (p: ProgrammeDigestProps) =>
      !p.participation
        ? "Too few people to show how many shared."
        : `${p.participation.sharers} of ${p.participation.optedIn} participants shared at least once (${percent(p)}%).`,
    newPosts: (n: number) => (n === 1 ? "1 new post was published." : `${n} new posts were published.`),
    topTitle: "Most clicked posts",
    top: (shares: number, clicks: number, n: (v: number) => string) =>
      `${n(shares)} ${shares === 1 ? "share" : "shares"}, ${n(clicks)} ${clicks === 1 ? "click" : "clicks"}`,
    noTop: "Nothing was shared this week.",
    escalationsTitle: "Escalations",
    escalations: (n: number) =>
      n === 0 ? "No open escalations." : n === 1 ? "1 escalation is open:" : `${n} escalations are open:`,
    button: "Open analytics",
    why: (p: ProgrammeDigestProps) =>
      `You're receiving this digest because you asked for it as a comms lead at ${p.tenantName}. Turn it off on your programme page:`,
  },
} satisfies Record<Locale, unknown>;

export function subject(locale: Locale, props: ProgrammeDigestProps): string {
  return strings[locale].subject(props);
}

export function ProgrammeDigestEmail(props: ProgrammeDigestProps & { locale: Locale }) {
  const t = strings[props.locale];
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
