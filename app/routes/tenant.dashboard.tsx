import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/tenant.dashboard";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { todayIn } from "~/app/lib/days.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { readerLocale } from "~/app/modules/freshness/freshness.server.ts";
import { loadHome } from "~/app/modules/home/load-home.server.ts";
import type { AdminHome } from "~/app/modules/home/load-admin-home.server.ts";
import type { CommsHome } from "~/app/modules/home/load-comms-home.server.ts";
import type { EmployeeHome } from "~/app/modules/home/load-employee-home.server.ts";
import type { ManagerHome } from "~/app/modules/home/load-manager-home.server.ts";
import type { FreshnessView } from "~/app/modules/freshness/format.ts";
import { Freshness } from "~/app/ui/freshness.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat, numberFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["home"], title: "titles.dashboard" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireMember(request, params, "tenant.view");
  const { db, tenant, member } = ctx;
  const now = new Date();
  const locale = readerLocale(request, ctx);
  return withTenant(db, tenant.id, (tx) =>
    loadHome(tx, member, { tenant, today: todayIn(tenant.timeZone, now), now, locale }),
  );
}

/** Dates, days and numbers in the page's language and the company's time zone (same on server and browser). */
function useFormat() {
  const { i18n } = useTranslation();
  const { tenant } = useTenantData();
  const date = dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: tenant.timeZone });
  const day = dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" });
  const count = numberFormat(i18n.language, { maximumFractionDigits: 2 });
  const percent = numberFormat(i18n.language, { style: "percent", maximumFractionDigits: 0 });
  return {
    date: (d: Date | string | null) => (d ? date.format(new Date(d)) : ""),
    day: (d: string) => day.format(new Date(`${d}T00:00:00Z`)),
    count: (n: number) => count.format(n),
    percent: (n: number) => percent.format(n / 100),
  };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { tenant, member } = useTenantData();
  const { employee, comms, manager, admin, freshness } = loaderData;
  const base = `/t/${tenant.slug}`;
  return (
    <div className="stack stack-lg">
      <header className="stack stack-sm">
        <h1>{t("home.welcome", { name: member.name })}</h1>
        <p className="muted">{t("home.lead", { company: tenant.name })}</p>
      </header>
      {employee ? <EmployeeSection home={employee} freshness={freshness} base={base} /> : null}
      {comms || manager || admin ? (
        <div className="grid home-grid">
          {comms ? <CommsCards home={comms} freshness={freshness} base={base} /> : null}
          {manager ? <ManagerCards home={manager} base={base} /> : null}
          {admin ? <AdminCards home={admin} base={base} company={tenant.name} /> : null}
        </div>
      ) : null}
    </div>
  );
}

function EmployeeSection({
  home,
  freshness,
  base,
}: {
  home: EmployeeHome;
  freshness: FreshnessView | null;
  base: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const networkName = t(`home.networks.${home.network}`);
  const more = home.moreNew.count > 0 || home.moreNew.orMore;
  return (
    <>
      {home.steps.length > 0 ? <OnboardingCard steps={home.steps} base={base} /> : null}
      <section className="card stack" aria-labelledby="home-posts-h">
        <div className="stack stack-sm">
          <h2 id="home-posts-h">{t("home.posts.title")}</h2>
          <p className="muted">{t("home.posts.lead")}</p>
        </div>
        {home.newPosts.length === 0 ? (
          <div className="empty stack stack-sm" data-testid="home-posts-empty">
            <p>
              <strong>{t("home.posts.emptyTitle")}</strong>
            </p>
            <p>{t("home.posts.empty")}</p>
            <p className="cluster home-center">
              <Link className="button secondary" to={`${base}/hub`}>
                {t("home.posts.toHub")}
              </Link>
              <Link className="button secondary" to={`${base}/suggest`}>
                {t("home.posts.suggest")}
              </Link>
            </p>
          </div>
        ) : (
          <ul className="home-list" data-testid="home-new-posts">
            {home.newPosts.map((post) => (
              <li key={post.id} className="home-post">
                <div className="stack stack-sm min-w-0">
                  <h3 className="home-post-title">{post.title}</h3>
                  <p className="hint">
                    {post.publishedAt ? t("home.posts.published", { date: f.date(post.publishedAt) }) : null}
                  </p>
                  {post.topics.length > 0 ? (
                    <p className="cluster home-topics">
                      {post.topics.map((topic) => (
                        <span key={topic} className="badge neutral">
                          {topic}
                        </span>
                      ))}
                    </p>
                  ) : null}
                </div>
                <Link className="button" to={`${base}/hub/${post.id}/share?network=${home.network}`}>
                  {t("home.posts.share", { network: networkName })}
                  <span className="visually-hidden"> – {post.title}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {more ? (
          <p>
            <Link to={`${base}/hub`}>
              {home.moreNew.orMore
                ? t("home.posts.orMore")
                : t("home.posts.more", { count: home.moreNew.count })}
            </Link>
          </p>
        ) : null}
      </section>
      <div className="grid home-grid">
        <section className="card stack" aria-labelledby="home-week-h">
          <div className="stack stack-sm">
            <h2 id="home-week-h">{t("home.week.title")}</h2>
            <p className="hint">
              {t("home.week.range", { from: f.day(home.week.from), to: f.day(home.week.to) })}
            </p>
          </div>
          {home.week.hasShared ? (
            <dl className="grid grid-sm home-figures">
              <Figure label={t("home.week.shares")} value={f.count(home.week.shares)} id="week-shares" />
              <Figure label={t("home.week.clicks")} value={f.count(home.week.clicks)} id="week-clicks" />
              <Figure
                label={t("home.week.impressions")}
                value={f.count(home.week.impressions)}
                hint={t("home.week.impressionsHint")}
                id="week-impressions"
              />
            </dl>
          ) : (
            <p className="empty">{t("home.week.empty")}</p>
          )}
          {freshness ? <Freshness view={freshness} /> : null}
          <p>
            <Link to={`${base}/impact`}>{t("home.week.toImpact")}</Link>
          </p>
        </section>
        <GoalsCard home={home} base={base} />
      </div>
    </>
  );
}

function Figure({ label, value, hint, id }: { label: string; value: string; hint?: string; id: string }) {
  return (
    <div className="figure">
      <dt className="figure-label">{label}</dt>
      <dd className="figure-value" data-testid={id}>
        {value}
      </dd>
      {hint ? <dd className="hint">{hint}</dd> : null}
    </div>
  );
}

function OnboardingCard({ steps, base }: { steps: EmployeeHome["steps"]; base: string }) {
  const { t } = useTranslation();
  const where = {
    join: `${base}/advocacy`,
    consent: `${base}/advocacy#reconsent-h`,
    guidelines: `${base}/guidelines`,
    network: `${base}/profiles`,
  } as const;
  const label = {
    join: [t("home.steps.join"), t("home.steps.joinHint")],
    consent: [t("home.steps.consent"), t("home.steps.consentHint")],
    guidelines: [t("home.steps.guidelines"), t("home.steps.guidelinesHint")],
    network: [t("home.steps.network"), t("home.steps.networkHint")],
  } as const;
  return (
    <section className="card stack home-steps-card" aria-labelledby="home-steps-h">
      <div className="stack stack-sm">
        <h2 id="home-steps-h">{t("home.steps.title")}</h2>
        <p className="muted">{t("home.steps.lead")}</p>
      </div>
      <ol className="home-steps" data-testid="home-steps">
        {steps.map((step) => (
          <li key={step}>
            <Link className="home-step" to={where[step]}>
              <strong>{label[step][0]}</strong>
              <span className="hint">{label[step][1]}</span>
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}

function GoalsCard({ home, base }: { home: EmployeeHome; base: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section className="card stack" aria-labelledby="home-goals-h">
      <h2 id="home-goals-h">{t("home.goals.title")}</h2>
      {home.proposal ? (
        <div className="stack stack-sm">
          <p>
            {home.proposal.managerName
              ? t("home.goals.proposal", {
                  manager: home.proposal.managerName,
                  period: home.proposal.periodLabel,
                })
              : t("home.goals.proposalNoManager", { period: home.proposal.periodLabel })}
          </p>
          <p>
            <Link className="button" to={`${base}/goals/${home.proposal.agreementId}`}>
              {t("home.goals.answer")}
            </Link>
          </p>
        </div>
      ) : null}
      {home.goals ? (
        <div className="stack stack-sm" data-testid="home-goals">
          <p className="hint">{t("home.goals.period", { period: home.goals.periodLabel })}</p>
          <p className="figure">
            <span className="figure-value">{f.percent(home.goals.overallPercent)}</span>
            <span className="figure-label">
              {t("home.goals.overall", { percent: f.percent(home.goals.overallPercent) })}
            </span>
          </p>
          <ul className="home-list">
            {home.goals.objectives.map((o) => (
              <li key={o.id} className="stack stack-sm home-objective">
                <span className="cluster cluster-between">
                  <span>{o.title}</span>
                  <span className="num">
                    {t("home.goals.objective", { actual: f.count(o.actual), target: f.count(o.target) })}
                  </span>
                </span>
                <progress max={100} value={Math.min(o.percent, 100)} aria-label={o.title}>
                  {f.percent(o.percent)}
                </progress>
              </li>
            ))}
          </ul>
          <p>
            <Link to={`${base}/goals/${home.goals.agreementId}`}>{t("home.goals.open")}</Link>
          </p>
        </div>
      ) : home.proposal ? null : (
        <p className="empty">{t("home.goals.none")}</p>
      )}
    </section>
  );
}

/** One count of the comms lead's inbox: the page it opens, the number, what it counts. */
function InboxFigure(props: { to: string; label: string; value: string; hint: string; testId: string }) {
  return (
    <div className="figure">
      <dt className="figure-label">
        <Link to={props.to}>{props.label}</Link>
      </dt>
      <dd className="figure-value" data-testid={props.testId}>
        {props.value}
      </dd>
      <dd className="hint">{props.hint}</dd>
    </div>
  );
}

function CommsCards({
  home,
  freshness,
  base,
}: {
  home: CommsHome;
  freshness: FreshnessView | null;
  base: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { reviews, suggestions, escalations, programme } = home;
  return (
    <>
      {reviews ? (
        <section className="card stack" aria-labelledby="home-reviews-h" data-testid="home-reviews">
          <h2 id="home-reviews-h">{t("home.reviews.title")}</h2>
          {reviews.count === 0 ? (
            <p className="empty">{t("home.reviews.none")}</p>
          ) : (
            <>
              <p>{t("home.reviews.count", { count: reviews.count })}</p>
              <ul className="home-list">
                {reviews.first.map((r) => (
                  <li key={r.id} className="stack stack-sm">
                    <Link className="home-item-link" to={`${base}/content/${r.id}`}>
                      {r.title}
                    </Link>
                    <span className="hint">
                      {t("home.reviews.by", { name: r.authorName ?? "–", date: f.date(r.submittedAt) })}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <p>
            <Link className="button secondary" to={`${base}/review`}>
              {t("home.reviews.open")}
            </Link>
          </p>
        </section>
      ) : null}
      {suggestions !== null || escalations !== null ? (
        <section className="card stack" aria-labelledby="home-inbox-h">
          <h2 id="home-inbox-h">{t("home.inbox.title")}</h2>
          <dl className="grid grid-sm home-figures">
            {suggestions !== null ? (
              <InboxFigure
                to={`${base}/suggestions`}
                label={t("home.inbox.toSuggestions")}
                value={f.count(suggestions)}
                hint={t("home.inbox.suggestions", { count: suggestions })}
                testId="home-suggestions"
              />
            ) : null}
            {escalations !== null ? (
              <InboxFigure
                to={`${base}/escalations`}
                label={t("home.inbox.toEscalations")}
                value={f.count(escalations)}
                hint={t("home.inbox.escalations", { count: escalations })}
                testId="home-escalations"
              />
            ) : null}
          </dl>
        </section>
      ) : null}
      {programme ? (
        <section className="card stack" aria-labelledby="home-programme-h" data-testid="home-programme">
          <h2 id="home-programme-h">{t("home.programme.title")}</h2>
          {programme.state === "shown" ? (
            <>
              <p className="hint">
                {t("home.week.range", { from: f.day(programme.from), to: f.day(programme.to) })}
              </p>
              <dl className="grid grid-sm home-figures">
                <Figure
                  label={t("home.programme.shares")}
                  value={f.count(programme.shares)}
                  id="programme-shares"
                />
                <Figure
                  label={t("home.programme.clicks")}
                  value={f.count(programme.clicks)}
                  id="programme-clicks"
                />
                <Figure
                  label={t("home.programme.impressions")}
                  value={f.count(programme.impressions)}
                  hint={t("home.week.impressionsHint")}
                  id="programme-impressions"
                />
                <Figure
                  label={t("home.programme.sharers")}
                  value={programme.sharers === null ? "–" : f.count(programme.sharers)}
                  {...(programme.sharers === null ? { hint: t("home.programme.sharersHidden") } : {})}
                  id="programme-sharers"
                />
              </dl>
              {freshness ? <Freshness view={freshness} /> : null}
            </>
          ) : programme.state === "too_few" ? (
            <p className="empty">{t("home.programme.tooFew", { min: programme.minGroupSize })}</p>
          ) : (
            <p className="empty">{t("home.programme.wholeMonths")}</p>
          )}
          <p>
            <Link to={`${base}/analytics`}>{t("home.programme.toAnalytics")}</Link>
          </p>
        </section>
      ) : null}
    </>
  );
}

function ManagerCards({ home, base }: { home: ManagerHome; base: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      {home.waiting ? (
        <section className="card stack" aria-labelledby="home-agreements-h" data-testid="home-agreements">
          <h2 id="home-agreements-h">{t("home.agreements.title")}</h2>
          {home.waiting.length === 0 ? (
            <p className="empty">{t("home.agreements.none")}</p>
          ) : (
            <ul className="home-list">
              {home.waiting.map((a) => (
                <li key={a.id}>
                  <Link className="home-item-link" to={`${base}/goals/${a.id}`}>
                    {t("home.agreements.item", { name: a.employeeName, period: a.periodLabel })}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to={`${base}/goals`}>{t("home.agreements.toGoals")}</Link>
          </p>
        </section>
      ) : null}
      {home.statements ? (
        <section className="card stack" aria-labelledby="home-statements-h" data-testid="home-statements">
          <h2 id="home-statements-h">{t("home.statements.title")}</h2>
          {home.statements.count === 0 ? (
            <p className="empty">{t("home.statements.none")}</p>
          ) : (
            <>
              <p>{t("home.statements.count", { count: home.statements.count })}</p>
              <ul className="home-list">
                {home.statements.latest.map((s) => (
                  <li key={s.id} className="stack stack-sm">
                    <Link className="home-item-link" to={`${base}/statements/${s.id}`}>
                      {t("home.statements.item", { name: s.employeeName, period: s.periodLabel })}
                    </Link>
                    <span className="hint">
                      {t("home.statements.released", { date: f.date(s.releasedAt) })}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <p>
            <Link to={`${base}/credit`}>{t("home.statements.toCredit")}</Link>
          </p>
        </section>
      ) : null}
    </>
  );
}

function AdminCards({ home, base, company }: { home: AdminHome; base: string; company: string }) {
  const { t } = useTranslation();
  const where = {
    guidelines: `${base}/admin/guidelines`,
    topics: `${base}/admin/topics`,
    invite: `${base}/admin/members`,
    linkedin: `${base}/admin/linkedin`,
    billing: `${base}/admin/billing`,
  } as const;
  const label = {
    guidelines: [t("home.setup.guidelines"), t("home.setup.guidelinesHint")],
    topics: [t("home.setup.topics"), t("home.setup.topicsHint")],
    invite: [t("home.setup.invite"), t("home.setup.inviteHint")],
    linkedin: [t("home.setup.linkedin"), t("home.setup.linkedinHint")],
    billing: [t("home.setup.billing"), t("home.setup.billingHint")],
  } as const;
  return (
    <>
      {home.steps ? (
        <section className="card stack" aria-labelledby="home-setup-h" data-testid="home-setup">
          <h2 id="home-setup-h">{t("home.setup.title", { company })}</h2>
          {home.steps.length === 0 ? (
            <p className="notice">{t("home.setup.done")}</p>
          ) : (
            <>
              <p className="muted">{t("home.setup.lead")}</p>
              <ol className="home-steps">
                {home.steps.map((step) => (
                  <li key={step}>
                    <Link className="home-step" to={where[step]}>
                      <strong>{label[step][0]}</strong>
                      <span className="hint">{label[step][1]}</span>
                    </Link>
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
      ) : null}
      {home.failedJobs !== null ? (
        <section className="card stack" aria-labelledby="home-jobs-h" data-testid="home-jobs">
          <h2 id="home-jobs-h">{t("home.jobs.title")}</h2>
          {home.failedJobs === 0 ? (
            <p className="muted">{t("home.jobs.none")}</p>
          ) : (
            <p className="alert">{t("home.jobs.failed", { count: home.failedJobs })}</p>
          )}
          <p>
            <Link to={`${base}/admin/jobs`}>{t("home.jobs.open")}</Link>
          </p>
        </section>
      ) : null}
    </>
  );
}
