import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation } from "react-router";
import type { Route } from "./+types/recognition";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { loadFigurePolicy } from "~/app/modules/privacy/strict-mode.server.ts";
import { myRecognition } from "~/app/modules/recognition/overview.server.ts";
import { saveRecognitionPreferences } from "~/app/modules/recognition/preferences.server.ts";
import { PreferencesInput } from "~/app/modules/recognition/schemas.ts";
import type { PointsEntry } from "~/app/modules/recognition/ledger.server.ts";
import { loadFreshness, readerLocale } from "~/app/modules/freshness/freshness.server.ts";
import { Freshness } from "~/app/ui/freshness.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat, numberFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["goals", "recognition"], title: "titles.recognition" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireMember(request, params, "tenant.view");
  const { db, member, tenant } = ctx;
  const { mine, freshness, leaderboardOff } = await withTenant(db, member.tenantId, async (tx) => ({
    mine: await myRecognition(tx, member),
    freshness: await loadFreshness(tx, tenant, readerLocale(request, ctx), { points: true }),
    // strict works-council mode: the leaderboard is off, so appearing on it changes nothing
    leaderboardOff: !(await loadFigurePolicy(tx, member.tenantId)).leaderboard,
  }));
  return { ...mine, tenantSlug: tenant.slug, timeZone: tenant.timeZone, freshness, leaderboardOff };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "tenant.view");
  // an unchecked checkbox sends nothing: absent = off
  const submission = parseWithZod(await request.formData(), { schema: PreferencesInput });
  if (submission.status !== "success") return data({ saved: false }, { status: 400 });
  const preferences = submission.value;
  await withTenant(db, member.tenantId, (tx) => saveRecognitionPreferences(tx, member, preferences));
  return { saved: true };
}

type Entry = PointsEntry & { postTitle: string | null };

/** "How computed" in words, from the inputs the award job recorded. */
function useHow() {
  const { t, i18n } = useTranslation();
  const num = numberFormat(i18n.language, { maximumFractionDigits: 4 });
  const day = dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" });
  return (e: Entry): string => {
    const d = e.detail;
    const n = (v: unknown) => (typeof v === "number" ? num.format(v) : "?");
    let how: string;
    if (e.sourceType === "unique_clicks") {
      const followers =
        typeof d.followers === "number"
          ? t("recognition.how.followers", { n: n(d.followers) })
          : t("recognition.how.followersUnknown");
      how = t("recognition.how.clicks", {
        uniqueClicks: n(d.uniqueClicks),
        counted: n(d.counted),
        cap: n(d.cap),
        perClick: n(d.perUniqueClick),
        factor: n(d.factor),
        followers,
      });
      // click credit (issue 11): what did not count, and clicks a comms lead released later
      if (typeof d.heldBack === "number" && d.heldBack > 0)
        how += ` · ${t("recognition.heldClicks.howHeld", { n: n(d.heldBack) })}`;
      if (typeof d.ownClicks === "number" && d.ownClicks > 0)
        how += ` · ${t("recognition.heldClicks.howOwn", { n: n(d.ownClicks) })}`;
      if (typeof d.holdId === "string") how = `${t("recognition.heldClicks.howReleased")}: ${how}`;
    } else if (e.sourceType === "share" && typeof d.reason === "string") {
      // a share that earns nothing says why (repeat, weekly limit, self-reported shares earn no points)
      const evidence =
        d.verified === true ? t("recognition.how.shareVerified") : t("recognition.how.shareSelfReported");
      how = `${t(`goals.excluded.${d.reason}`, { defaultValue: d.reason })} (${evidence})`;
    } else {
      how = t("recognition.how.fixed", { points: num.format(e.points) });
      if (e.sourceType === "share" && typeof d.verified === "boolean")
        how = `${d.verified ? t("recognition.how.shareVerified") : t("recognition.how.shareSelfReported")}: ${how}`;
      if (d.kind === "guidelines") how = `${t("recognition.how.guidelines", { version: d.version })}: ${how}`;
      if (d.kind === "onboarding") how = `${t("recognition.how.onboarding")}: ${how}`;
    }
    const from =
      typeof d.rulesEffectiveFrom === "string"
        ? t("recognition.how.rules", { date: day.format(new Date(`${d.rulesEffectiveFrom}T00:00:00Z`)) })
        : t("recognition.how.defaultRules");
    return `${how} (${from})`;
  };
}

export default function RecognitionPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const how = useHow();
  const { quarter, allTimePoints, entries, badges, kudos, preferences, releaseMode, tenantSlug, timeZone } =
    loaderData;
  const base = `/t/${tenantSlug}`;
  const points = numberFormat(i18n.language, { maximumFractionDigits: 2 });
  const day = dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" });
  const dayOf = (d: string) => day.format(new Date(`${d}T00:00:00Z`));
  const instant = dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone });
  const pending = navigation.state === "submitting";
  return (
    <>
      <h1>{t("recognition.page.title")}</h1>
      <p>{t("recognition.page.lead")}</p>
      <Freshness view={loaderData.freshness} />
      <p className="cluster">
        <Link to={`${base}/kudos`} className="button secondary">
          {t("recognition.page.giveKudos")}
        </Link>
        {/* strict works-council mode: the leaderboard is off, so nothing links to it */}
        {loaderData.leaderboardOff ? null : (
          <Link to={`${base}/leaderboard`} className="button secondary">
            {t("recognition.page.leaderboard")}
          </Link>
        )}
      </p>

      <section aria-labelledby="points-h">
        <h2 id="points-h" className="visually-hidden">
          {t("recognition.entries.points")}
        </h2>
        <dl className="figures">
          <div className="card figure">
            <dt className="figure-label">{t("recognition.page.quarter")}</dt>
            <dd className="figure-value" data-testid="points-quarter">
              {points.format(quarter.points)}
            </dd>
            <dd className="hint">
              {t("recognition.page.quarterRange", { from: dayOf(quarter.from), to: dayOf(quarter.to) })}
            </dd>
          </div>
          <div className="card figure">
            <dt className="figure-label">{t("recognition.page.allTime")}</dt>
            <dd className="figure-value" data-testid="points-all-time">
              {points.format(allTimePoints)}
            </dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="badges-h">
        <h2 id="badges-h">{t("recognition.badges.title")}</h2>
        {badges.length === 0 ? (
          <p className="hint">{t("recognition.badges.empty")}</p>
        ) : (
          <ul className="list-plain badge-cards">
            {badges.map((b) => (
              <li key={b.badge} className="card">
                <strong>{t(`recognition.badges.names.${b.badge}`, { defaultValue: b.badge })}</strong>
                <br />
                <span className="hint">
                  {t("recognition.badges.awarded", { date: instant.format(new Date(b.awardedAt)) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="kudos-h">
        <h2 id="kudos-h">{t("recognition.kudosReceived.title")}</h2>
        {kudos.length === 0 ? (
          <p className="hint">{t("recognition.kudosReceived.empty")}</p>
        ) : (
          <ul className="stack list-plain">
            {kudos.map((k) => (
              <li key={k.id}>
                <blockquote className="quote pre-wrap">{k.reason}</blockquote>
                <span className="hint">
                  {t("recognition.kudosReceived.from", {
                    name: k.name ?? t("recognition.kudosReceived.formerMember"),
                  })}{" "}
                  ·{" "}
                  <time dateTime={new Date(k.createdAt).toISOString()}>
                    {instant.format(new Date(k.createdAt))}
                  </time>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="entries-h">
        <h2 id="entries-h">{t("recognition.entries.title")}</h2>
        <p className="hint">{t("recognition.entries.hint")}</p>
        {entries.length === 0 ? (
          <p className="empty">{t("recognition.entries.empty")}</p>
        ) : (
          <>
            <table className="stacked compact" data-testid="points-entries">
              <caption className="visually-hidden">{t("recognition.entries.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("recognition.entries.date")}</th>
                  <th scope="col">{t("recognition.entries.activity")}</th>
                  <th scope="col" className="num">
                    {t("recognition.entries.points")}
                  </th>
                  <th scope="col">{t("recognition.entries.how")}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => {
                  const source = t(`recognition.sources.${e.sourceType}`);
                  return (
                    <tr key={`${e.sourceType}:${e.sourceId}`}>
                      <td data-label={t("recognition.entries.date")}>
                        <time dateTime={e.date}>{dayOf(e.date)}</time>
                      </td>
                      <th scope="row" className="plain">
                        {e.postTitle
                          ? t("recognition.entries.onPost", { source, title: e.postTitle })
                          : source}
                      </th>
                      <td data-label={t("recognition.entries.points")} className="num">
                        {points.format(e.points)}
                      </td>
                      <td data-label={t("recognition.entries.how")} className="hint">
                        {how(e)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {entries.length >= 200 ? (
              <p className="hint">{t("recognition.entries.shownLatest", { count: entries.length })}</p>
            ) : null}
          </>
        )}
      </section>

      <section className="card stack" aria-labelledby="preferences" id="choices">
        <h2 id="preferences">{t("recognition.preferences.title")}</h2>
        <p className="hint">{t("recognition.preferences.lead")}</p>
        <Form method="post" className="stack">
          {(["leaderboardOptIn", "kudosInDigest", "autoReleaseConsent"] as const).map((name) => (
            <div key={name}>
              <label htmlFor={name}>
                <input
                  type="checkbox"
                  id={name}
                  name={name}
                  defaultChecked={preferences[name]}
                  aria-describedby={`${name}-hint`}
                />
                {t(`recognition.preferences.${name}`)}
              </label>
              <p id={`${name}-hint`} className="hint">
                {t(`recognition.preferences.${name}Hint`)}
                {name === "autoReleaseConsent"
                  ? ` ${t(releaseMode === "automatic" ? "recognition.preferences.autoReleaseModeOn" : "recognition.preferences.autoReleaseModeOff")}`
                  : null}
                {name === "leaderboardOptIn" && loaderData.leaderboardOff
                  ? ` ${t("recognition.preferences.leaderboardOff")}`
                  : null}
              </p>
            </div>
          ))}
          <div className="cluster">
            <button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? t("saving") : t("recognition.preferences.save")}
            </button>
            {actionData?.saved && navigation.state === "idle" ? (
              <span className="notice" role="status">
                {t("recognition.preferences.saved")}
              </span>
            ) : null}
          </div>
        </Form>
      </section>
    </>
  );
}
