import { useTranslation } from "react-i18next";
import type { Route } from "./+types/teams.tab";
import { withTenant } from "~/db/tenant.ts";
import { Slug } from "~/app/lib/validation.ts";
import { getSession, requireMember } from "~/app/modules/auth/require.server.ts";
import { listHubPosts } from "~/app/modules/content/list-hub-posts.server.ts";
import { mediaPath } from "~/app/modules/content/media-path.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["chat", "hub"], title: "titles.teamsTab" } satisfies I18nHandle;

/** The tab is a glance, not the hub: the newest few, "All posts" for the rest. */
const TAB_POSTS = 10;

/**
 * The Teams personal tab (/teams/tab/<slug>, named in the app package: teams-app-package.server.ts):
 * the posts to share now, each "Share" opening the share page in the browser, plus "Suggest content".
 * The only page Teams may frame (server.ts, isTeamsTabPath); every link leaves the frame
 * (`target="_blank"`): a tab must not navigate away, and the pages behind the links refuse framing.
 *
 * Signed in or not. Inside Teams this page is a third-party frame (teams.microsoft.com or
 * *.cloud.microsoft frames our origin), and the session cookie is SameSite=Lax
 * (app/modules/auth/cookie.server.ts): browsers send a Lax cookie with top-level navigations and
 * same-site requests only, so in Teams on the web and in the new Teams desktop client (a WebView2
 * browser, same rules) the cookie does not arrive and the tab shows "Open Chorus to sign in", which
 * opens Chorus in the browser, where the person signs in as usual and shares from there. The list
 * shows where the cookie does arrive (the tab opened on our own site, e.g. "open in browser"). We
 * do not relax the cookie to SameSite=None for this: every cross-site request would then carry the
 * session, and the Origin check would become the only CSRF defence. Showing the list inside Teams
 * takes Teams SSO (TeamsJS getAuthToken, an Entra app registration, webApplicationInfo in the
 * manifest): a later step.
 *
 * The slug is the param's name on purpose, not `tenant`: the root loader would otherwise look the
 * tenant up and put its name into the signed-out page's title, telling anyone which slugs exist.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const slug = Slug.safeParse(params.slug);
  if (!slug.success) throw new Response("not_found", { status: 404, statusText: "Not Found" });
  const base = `/t/${encodeURIComponent(slug.data)}`;
  const session = await getSession(request);
  // The hub itself, not /login: signed in in the browser already, it opens at once; otherwise it
  // sends the person to the sign-in (with the company's single sign-on offered) and back.
  if (!session) return { signedIn: false as const, signInUrl: `${base}/hub` };
  // a member of the tenant holding content.view, or 404/403 like every page of the tenant
  const { db, member } = await requireMember(request, { tenant: slug.data }, "content.view");
  const { posts, hasMore } = await withTenant(db, member.tenantId, (tx) =>
    listHubPosts(tx, member, { limit: TAB_POSTS, now: new Date() }),
  );
  return {
    signedIn: true as const,
    base,
    hasMore,
    posts: posts.map((post) => ({
      id: post.id,
      title: post.title,
      note: post.body || post.previewDescription || "",
      image: post.previewImageId ? mediaPath(slug.data, post.previewImageId) : null,
      isNew: post.isNew,
      topics: post.topics.map((topic) => topic.name),
    })),
  };
}

export default function TeamsTab({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  if (!loaderData.signedIn)
    return (
      <main id="main" className="page narrow stack" data-testid="teams-tab-signed-out">
        <h1>{t("chat.teams.tab.signedOutTitle")}</h1>
        <p>{t("chat.teams.tab.signedOutBody")}</p>
        <p>
          <a className="button" href={loaderData.signInUrl} target="_blank" rel="noopener">
            {t("chat.teams.tab.signIn")}{" "}
            <span className="visually-hidden">{t("chat.teams.tab.newWindow")}</span>
          </a>
        </p>
      </main>
    );
  const { base, posts, hasMore } = loaderData;
  const newWindow = <span className="visually-hidden"> {t("chat.teams.tab.newWindow")}</span>;
  return (
    <main id="main" className="page stack" data-testid="teams-tab">
      <div className="cluster cluster-between">
        <h1>{t("chat.teams.tab.title")}</h1>
        <a className="button secondary" href={`${base}/suggest`} target="_blank" rel="noopener">
          {t("chat.teams.tab.suggest")}
          {newWindow}
        </a>
      </div>
      <p className="hint">{t("chat.teams.tab.lead")}</p>
      {posts.length === 0 ? (
        <p className="empty">{t("chat.teams.tab.empty")}</p>
      ) : (
        <ul className="stack stack-sm list-plain" data-testid="teams-tab-posts">
          {posts.map((post) => (
            <li key={post.id} className="card teams-tab-post">
              {post.image ? (
                <img className="teams-tab-thumb" src={post.image} alt="" width={64} height={64} />
              ) : null}
              <div className="stack stack-sm teams-tab-text">
                <strong>
                  {post.title} {post.isNew ? <span className="badge">{t("hub.newLabel")}</span> : null}
                </strong>
                {post.topics.length ? <span className="hint">{post.topics.join(" · ")}</span> : null}
                {post.note ? <span className="hint">{post.note}</span> : null}
              </div>
              <a
                className="button"
                href={`${base}/hub/${encodeURIComponent(post.id)}/share`}
                target="_blank"
                rel="noopener"
                aria-label={t("chat.teams.tab.shareLabel", { title: post.title })}
              >
                {t("chat.teams.tab.share")}
              </a>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`${base}/hub`} target="_blank" rel="noopener">
          {hasMore ? t("chat.teams.tab.more") : t("chat.teams.tab.hub")}
          {newWindow}
        </a>
      </p>
    </main>
  );
}
