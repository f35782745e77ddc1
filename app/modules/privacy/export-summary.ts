import type { Locale } from "~/db/schema.ts";
import { resources } from "~/app/lib/i18n/resources.ts";
import type { MemberExport } from "~/app/modules/privacy/export-member-data.server.ts";
import { dateTimeFormat } from "~/app/lib/intl.ts";

type Cell = string | number | boolean | null | undefined;

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
/** Everything from the document is text: escaped, never markup. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? ""));
}

/**
 * The readable summary of an export: one self-contained HTML page (inline style, no script, no
 * external resource) in the person's language, rendered from the same document as the JSON file,
 * so the two cannot disagree. Every value is escaped.
 */
export function renderExportSummary(doc: MemberExport, locale: Locale = doc.locale): string {
  const t = resources[locale].myData.summary;
  const f = t.fields;
  const dateTime = dateTimeFormat(locale === "de" ? "de-DE" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  });
  const when = (iso: string | null | undefined) => (iso ? `${dateTime.format(new Date(iso))} UTC` : "–");
  const yesNo = (v: boolean) => (v ? t.yes : t.no);
  const cell = (v: Cell) =>
    escapeHtml(
      v === null || v === undefined || v === "" ? "–" : typeof v === "boolean" ? yesNo(v) : String(v),
    );

  const table = (head: string[], rows: Cell[][]) =>
    rows.length === 0
      ? `<p class="none">${escapeHtml(t.none)}</p>`
      : `<table><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${rows
          .map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join("")}</tr>`)
          .join("")}</tbody></table>`;
  const pairs = (entries: [string, Cell][]) =>
    `<dl>${entries.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${cell(v)}</dd>`).join("")}</dl>`;
  const section = (title: string, body: string) => `<section><h2>${escapeHtml(title)}</h2>${body}</section>`;
  const actorName = (a: { kind: string; name: string | null }) =>
    a.kind === "you"
      ? t.actor.you
      : a.kind === "system"
        ? t.actor.system
        : a.kind === "token"
          ? fill(t.actor.token, { name: a.name ?? t.actor.removed })
          : (a.name ?? t.actor.removed);

  const s = t.sections;
  const slackDigest = doc.preferences.chatDigests.find((d) => d.provider === "slack");
  const body = [
    section(
      s.person,
      pairs([
        [f.name, doc.person.name],
        [f.email, doc.person.email],
        [f.locale, doc.person.locale],
        [f.accountCreated, when(doc.person.accountCreatedAt)],
      ]),
    ),
    section(
      s.membership,
      pairs([
        [f.roles, doc.membership.roles.join(", ")],
        [f.status, doc.membership.status],
        [f.team, doc.membership.team],
        [f.manager, doc.membership.manager],
        [f.joined, when(doc.membership.createdAt)],
        [f.scimExternalId, doc.membership.scimExternalId],
      ]),
    ),
    section(
      s.invitations,
      table(
        [f.email, f.name, f.roles, f.created, f.accepted],
        doc.invitations.map((i) => [
          i.email,
          i.name,
          i.roles.join(", "),
          when(i.createdAt),
          when(i.acceptedAt),
        ]),
      ),
    ),
    section(
      s.consents,
      table(
        [f.version, f.title, f.granted, f.withdrawn, f.dataChoice],
        doc.consents.history.map((c) => [
          c.version,
          c.title,
          when(c.grantedAt),
          when(c.withdrawnAt),
          c.dataChoiceOnLeaving,
        ]),
      ),
    ),
    section(
      s.guidelines,
      table(
        [f.version, f.acknowledged],
        doc.guidelineAcknowledgements.map((a) => [a.version, when(a.acknowledgedAt)]),
      ),
    ),
    section(
      s.onboarding,
      table(
        [f.path, f.completed],
        doc.onboarding.map((o) => [o.path, when(o.completedAt)]),
      ),
    ),
    section(
      s.socialProfiles,
      table(
        [f.network, f.handle, f.followers, f.created],
        doc.socialProfiles.map((p) => [p.network, p.handle, p.followerCount, when(p.createdAt)]),
      ),
    ),
    section(
      s.sso,
      table(
        [f.provider, f.subject, f.created, f.lastSignIn],
        doc.ssoIdentities.map((i) => [i.provider, i.subject, when(i.createdAt), when(i.lastSignInAt)]),
      ),
    ),
    section(
      s.linkedin,
      table(
        [f.handle, f.scope, f.connected, f.expires],
        doc.linkedinConnections.map((l) => [
          l.linkedinMemberId,
          l.scope,
          when(l.connectedAt),
          when(l.expiresAt),
        ]),
      ),
    ),
    section(
      s.shares,
      table(
        [f.created, f.post, f.network, f.channel, f.link, f.clicks, f.uniqueVisitors],
        doc.shares.map((x) => [
          when(x.createdAt),
          x.post.title,
          x.network,
          x.channel,
          x.trackedLink?.url,
          x.clicks.total,
          x.clicks.uniqueVisitorsSummedByDay,
        ]),
      ),
    ),
    section(
      s.clickHolds,
      table(
        [f.day, f.reason, f.clicks, f.status],
        doc.clickHolds.map((h) => [h.day, h.reason, h.clicks, h.status]),
      ),
    ),
    section(
      s.reachDaily,
      table(
        [f.day, f.shares, f.clicks, f.uniqueVisitors, f.impressions],
        doc.reachDaily.map((d) => [d.day, d.shares, d.clicks, d.uniqueVisitors, d.impressionsEstimated]),
      ),
    ),
    section(
      s.points,
      `${pairs([[f.total, doc.points.total]])}${table(
        [f.day, f.source, f.points],
        doc.points.ledger.map((e) => [e.occurredOn, e.sourceType, e.points]),
      )}`,
    ),
    section(
      s.badges,
      table(
        [f.badge, f.at],
        doc.badges.map((b) => [b.badge, when(b.awardedAt)]),
      ),
    ),
    section(
      s.kudosReceived,
      table(
        [f.from, f.reason, f.at],
        doc.kudos.received.map((k) => [k.from ?? t.actor.removed, k.reason, when(k.at)]),
      ),
    ),
    section(
      s.kudosGiven,
      table(
        [f.to, f.reason, f.at],
        doc.kudos.given.map((k) => [k.to ?? t.actor.removed, k.reason, when(k.at)]),
      ),
    ),
    section(
      s.preferences,
      pairs([
        [f.leaderboard, doc.preferences.recognition?.leaderboardOptIn ?? null],
        [f.kudosInDigest, doc.preferences.recognition?.kudosInDigest ?? null],
        [f.autoRelease, doc.preferences.recognition?.autoReleaseConsent ?? null],
        [f.weeklyDigest, doc.preferences.mail?.weeklyDigest ?? null],
        [
          f.slackDigest,
          slackDigest ? fill(f.slackDigestSince, { since: when(slackDigest.subscribedAt) }) : false,
        ],
      ]),
    ),
    section(
      s.digestsSent,
      table(
        [f.week, f.kind, f.at],
        doc.digestsSent.map((d) => [d.weekStart, d.kind, when(d.sentAt)]),
      ),
    ),
    section(
      s.goalAgreements,
      table(
        [f.period, f.status, f.manager, f.objectives],
        doc.goalAgreements.map((a) => [
          `${a.periodLabel} (${a.startsOn} – ${a.endsOn})`,
          a.status,
          a.manager,
          a.objectives.map((o) => `${o.title}: ${o.target} (${o.weight} %)`).join("; "),
        ]),
      ),
    ),
    section(
      s.statements,
      table(
        [f.period, f.created, f.released],
        doc.creditStatements.map((c) => [c.periodLabel, when(c.generatedAt), when(c.releasedAt)]),
      ),
    ),
    section(
      s.accessLog,
      table(
        [f.at, f.by, f.action, f.period],
        doc.creditAccessLog.map((e) => [when(e.at), actorName(e.actor), e.action, e.statementPeriod]),
      ),
    ),
    section(
      s.accessLogBy,
      table(
        [f.at, f.action],
        doc.creditAccessLogByYou.map((e) => [when(e.at), e.action]),
      ),
    ),
    section(
      s.auditAbout,
      table(
        [f.at, f.action, f.by],
        doc.auditEvents.aboutYou.map((e) => [when(e.at), e.action, actorName(e.actor)]),
      ),
    ),
    section(
      s.auditBy,
      table(
        [f.at, f.action],
        doc.auditEvents.byYouAboutOthers.map((e) => [when(e.at), e.action]),
      ),
    ),
    section(
      s.suggestions,
      table(
        [f.created, f.url, f.reason, f.status],
        doc.suggestions.map((x) => [when(x.createdAt), x.url, x.reason, x.status]),
      ),
    ),
    section(
      s.escalations,
      table(
        [f.created, f.url, f.note, f.status],
        doc.escalations.map((x) => [when(x.createdAt), x.url, x.note, x.status]),
      ),
    ),
    section(
      s.contentWork,
      `<h3>${escapeHtml(f.posts)}</h3>${table(
        [f.title, f.status, f.created],
        doc.contentWork.postsAuthored.map((p) => [p.title, p.status, when(p.createdAt)]),
      )}` +
        `<h3>${escapeHtml(f.approvals)}</h3>${table(
          [f.title, f.version, f.at],
          doc.contentWork.approvals.map((a) => [a.title, a.version, when(a.at)]),
        )}` +
        `<h3>${escapeHtml(f.tokens)}</h3>${table(
          [f.name, f.created],
          doc.contentWork.apiTokensCreated.map((k) => [k.name, when(k.createdAt)]),
        )}`,
    ),
    section(
      s.ipKeyDays,
      doc.ownIpKeyDays.length
        ? `<p>${escapeHtml(doc.ownIpKeyDays.join(", "))}</p>`
        : `<p class="none">${escapeHtml(t.none)}</p>`,
    ),
    section(
      s.dataExports,
      table(
        [f.created, f.status, f.requestedBy, f.expires],
        doc.dataExports.map((e) => [
          when(e.createdAt),
          e.status,
          e.requestedBy === "operator" ? t.actor.operator : t.actor.you,
          when(e.expiresAt),
        ]),
      ),
    ),
  ].join("\n");

  const title = fill(t.title, { tenant: doc.tenant.name });
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#18181b;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
h1{font-size:1.75rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #e4e4e7}h3{font-size:1rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #e4e4e7;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f4f4f5}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
.none,.meta{color:#52525b}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(fill(t.generated, { at: when(doc.generatedAt), format: doc.format, version: doc.version }))}</p>
<p>${escapeHtml(t.intro)}</p>
${body}
</main>
</body>
</html>
`;
}
