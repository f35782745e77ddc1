import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/hub";
import { ShareButton } from "~/app/ui/share-button.tsx";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { NETWORKS, type Network as NetworkName } from "~/db/schema.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import {
  HUB_PAGE_SIZE,
  listHubPosts,
  listHubTopics,
  markHubVisited,
  type HubCaption,
} from "~/app/modules/content/list-hub-posts.server.ts";
import { mediaPath } from "~/app/modules/content/media-path.ts";
import { Network } from "~/app/modules/content/schemas.ts";
import { safeString } from "~/app/lib/validation.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["hub", "sharing"], title: "titles.hub" } satisfies I18nHandle;

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
/** Filters come from a shareable URL: anything malformed is ignored rather than an error page. */
const HubQuery = z.object({
  topic: z.preprocess(blankToUndefined, z.uuid().optional()).catch(undefined),
  network: z.preprocess(blankToUndefined, Network.optional()).catch(undefined),
  q: z.preprocess(blankToUndefined, safeString().trim().max(200).optional()).catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "content.view");
  const url = new URL(request.url);
  const query = HubQuery.parse({
    topic: url.searchParams.get("topic"),
    network: url.searchParams.get("network"),
    q: url.searchParams.get("q"),
    page: url.searchParams.get("page") ?? 1,
  });
  const now = new Date();
  return withTenant(db, member.tenantId, async (tx) => {
    const filter = {
      topicId: query.topic,
      network: query.network,
      q: query.q || undefined,
      limit: HUB_PAGE_SIZE,
      offset: (query.page - 1) * HUB_PAGE_SIZE,
      now,
    };
    const result = await listHubPosts(tx, member, filter);
    const topics = await listHubTopics(tx, member);
    // After listing: this visit still shows its "new" badges; the next one shows only what came since.
    await markHubVisited(tx, member, now);
    return {
      posts: result.posts,
      hasMore: result.hasMore,
      topics,
      query,
      filtered: Boolean(query.topic || query.network || query.q),
    };
  });
}

function isHttpUrl(u: string | null): u is string {
  return u !== null && /^https?:\/\//i.test(u);
}

export default function Hub({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const { posts, topics, query, filtered, hasMore } = loaderData;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: tenant.timeZone });
  const base = `/t/${tenant.slug}/hub`;
  const pageLink = (page: number) => {
    const sp = new URLSearchParams();
    if (query.topic) sp.set("topic", query.topic);
    if (query.network) sp.set("network", query.network);
    if (query.q) sp.set("q", query.q);
    if (page > 1) sp.set("page", String(page));
    const s = sp.toString();
    return s ? `${base}?${s}` : base;
  };
  return (
    <>
      <h1>{t("hub.title")}</h1>
      <p>{t("hub.lead")}</p>

      <Form
        method="get"
        className="card row"
        role="search"
        aria-label={t("hub.filter.label")}
        style={{ alignItems: "end" }}
      >
        <label htmlFor="hub-topic">
          {t("hub.filter.topic")}
          <select id="hub-topic" name="topic" defaultValue={query.topic ?? ""}>
            <option value="">{t("hub.filter.anyTopic")}</option>
            {topics.map((topic) => (
              <option key={topic.id} value={topic.id}>
                {topic.name}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor="hub-network">
          {t("hub.filter.network")}
          <select id="hub-network" name="network" defaultValue={query.network ?? ""}>
            <option value="">{t("hub.filter.anyNetwork")}</option>
            {NETWORKS.map((n) => (
              <option key={n} value={n}>
                {t(`hub.networks.${n}`)}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor="hub-q">
          {t("hub.filter.search")}
          <input
            id="hub-q"
            type="search"
            name="q"
            defaultValue={query.q ?? ""}
            maxLength={200}
            aria-describedby="hub-q-hint"
          />
          <span id="hub-q-hint" className="hint">
            {t("hub.filter.searchHint")}
          </span>
        </label>
        <button type="submit">{t("hub.filter.apply")}</button>
        {filtered ? <Link to={base}>{t("hub.filter.reset")}</Link> : null}
      </Form>

      {posts.length === 0 ? (
        <section className="empty" aria-labelledby="hub-empty-h">
          {filtered || query.page > 1 ? (
            <>
              <h2 id="hub-empty-h">{t("hub.noMatchTitle")}</h2>
              <p>{t("hub.noMatch")}</p>
              <Link to={base}>{t("hub.filter.reset")}</Link>
            </>
          ) : (
            <>
              <h2 id="hub-empty-h">{t("hub.emptyTitle")}</h2>
              <p>{t("hub.empty")}</p>
              <Link to={`/t/${tenant.slug}/suggest`}>{t("hub.emptySuggest")}</Link>
            </>
          )}
        </section>
      ) : (
        posts.map((post) => (
          <article key={post.id} className="card stack" aria-labelledby={`post-${post.id}`}>
            <header>
              <h2 id={`post-${post.id}`} style={{ margin: 0 }}>
                {post.title}{" "}
                {post.isNew ? (
                  <span className="badge" title={t("hub.newLabel")}>
                    <span aria-hidden="true">{t("hub.new")}</span>
                    <span className="visually-hidden">{t("hub.newLabel")}</span>
                  </span>
                ) : null}
              </h2>
              <p className="hint" style={{ margin: 0 }}>
                {post.publishedAt
                  ? t("hub.published", { date: date.format(new Date(post.publishedAt)) })
                  : null}
                {post.expiresAt
                  ? ` · ${t("hub.availableUntil", { date: date.format(new Date(post.expiresAt)) })}`
                  : null}
                {post.suggestedBy ? ` · ${t("hub.suggestedBy", { name: post.suggestedBy })}` : null}
              </p>
            </header>
            {isHttpUrl(post.url) ? (
              <div className="row" style={{ alignItems: "start", flexWrap: "nowrap" }}>
                {post.previewImageId ? (
                  <img
                    src={mediaPath(tenant.slug, post.previewImageId)}
                    alt=""
                    width={160}
                    loading="lazy"
                    style={{ borderRadius: 6, objectFit: "cover", maxHeight: 120 }}
                  />
                ) : null}
                <div>
                  {post.previewTitle ? <strong>{post.previewTitle}</strong> : null}
                  {post.previewDescription ? (
                    <p style={{ margin: "0.25rem 0" }}>{post.previewDescription}</p>
                  ) : null}
                  <a href={post.url} target="_blank" rel="noopener noreferrer nofollow">
                    {t("hub.openLink")} <span className="visually-hidden">{t("hub.newTab")}</span>
                  </a>
                </div>
              </div>
            ) : null}
            {post.body ? <p style={{ whiteSpace: "pre-wrap", margin: 0 }}>{post.body}</p> : null}
            {post.topics.length > 0 ? (
              <p style={{ margin: 0 }}>
                <span className="visually-hidden">{t("hub.topics")}: </span>
                {post.topics.map((topic) => (
                  <span key={topic.id} className="badge">
                    {topic.name}
                  </span>
                ))}
              </p>
            ) : null}
            <Captions
              postId={post.id}
              captions={
                query.network ? post.captions.filter((c) => c.network === query.network) : post.captions
              }
            />
            <ShareButton tenantSlug={tenant.slug} postId={post.id} title={post.title} />
          </article>
        ))
      )}

      {query.page > 1 || hasMore ? (
        <nav aria-label={t("hub.pagination")} className="row">
          {query.page > 1 ? (
            <Link to={pageLink(query.page - 1)} rel="prev">
              {t("hub.previous")}
            </Link>
          ) : null}
          <span className="hint">{t("hub.page", { page: query.page })}</span>
          {hasMore ? (
            <Link to={pageLink(query.page + 1)} rel="next">
              {t("hub.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

/** Caption variants grouped by network, in the order the comms team wrote them. */
function Captions({ postId, captions }: { postId: string; captions: HubCaption[] }) {
  const { t } = useTranslation();
  if (captions.length === 0) return <p className="hint">{t("hub.noCaptions")}</p>;
  const byNetwork = NETWORKS.map((n) => [n, captions.filter((c) => c.network === n)] as const).filter(
    ([, list]) => list.length > 0,
  );
  return (
    <details open={captions.length <= 3}>
      <summary>{t("hub.captions")}</summary>
      {byNetwork.map(([network, list]) => (
        <section key={network} aria-label={t("hub.captionsFor", { network: t(`hub.networks.${network}`) })}>
          <h3>{t(`hub.networks.${network}`)}</h3>
          {list.map((caption, i) => (
            <CaptionVariant
              key={caption.id}
              id={`${postId}-${caption.id}`}
              caption={caption}
              network={network}
              n={i + 1}
            />
          ))}
        </section>
      ))}
    </details>
  );
}

function CaptionVariant({
  id,
  caption,
  network,
  n,
}: {
  id: string;
  caption: HubCaption;
  network: NetworkName;
  n: number;
}) {
  const { t } = useTranslation();
  const textRef = useRef<HTMLParagraphElement>(null);
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(caption.text);
      setStatus("copied");
    } catch {
      // No clipboard access (an insecure origin, a denied permission): select the text for Ctrl+C.
      const el = textRef.current;
      const selection = window.getSelection();
      if (el && selection) {
        const range = document.createRange();
        range.selectNodeContents(el);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setStatus("failed");
    }
  }
  const label = [
    t("hub.variant", { n }),
    t(`hub.captionLanguage.${caption.language}`),
    caption.addressForm ? t(`hub.addressForm.${caption.addressForm}`) : null,
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <div className="stack" style={{ gap: "0.35rem", marginBottom: "0.75rem" }}>
      <span className="hint">{label}</span>
      <p
        ref={textRef}
        id={`caption-${id}`}
        lang={caption.language}
        style={{
          whiteSpace: "pre-wrap",
          margin: 0,
          padding: "0.5rem",
          border: "1px solid var(--line)",
          borderRadius: 6,
        }}
      >
        {caption.text}
      </p>
      <div className="row">
        <button
          type="button"
          className="secondary"
          onClick={() => void copy()}
          aria-label={t("hub.copyLabel", { network: t(`hub.networks.${network}`), n })}
          aria-describedby={`caption-${id}`}
        >
          {t("hub.copy")}
        </button>
        <span role="status" className={status === "failed" ? "field-error" : "hint"}>
          {status === "copied" ? t("hub.copied") : status === "failed" ? t("hub.copyFailed") : ""}
        </span>
      </div>
    </div>
  );
}
