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
import { readerLocale } from "~/app/modules/freshness/freshness.server.ts";
import { formatAgo } from "~/app/modules/freshness/format.ts";
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
import { dateTimeFormat } from "~/app/lib/intl.ts";

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
  const ctx = await requireMember(request, params, "content.view");
  const { db, member } = ctx;
  const locale = readerLocale(request, ctx);
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
      // "published 3 days ago": worded on the server, so server and browser render the same text
      posts: result.posts.map((post) => ({
        ...post,
        publishedAgo: post.publishedAt
          ? formatAgo(new Date(post.publishedAt), locale, ctx.tenant.timeZone, now)
          : null,
      })),
      hasMore: result.hasMore,
      topics,
      query,
      filtered: Boolean(query.topic || query.network || query.q),
    };
  });
}

/** Cards in the grid's first row on a wide screen: their images load at once, the rest lazily. */
const FIRST_ROW = 3;

function isHttpUrl(u: string | null): u is string {
  return u !== null && /^https?:\/\//i.test(u);
}

export default function Hub({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const { posts, topics, query, filtered, hasMore } = loaderData;
  const date = dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: tenant.timeZone });
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

      <Form method="get" className="card stack" role="search" aria-label={t("hub.filter.label")}>
        <div className="filter-grid">
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
        </div>
        <div className="cluster">
          <button type="submit" className="secondary">
            {t("hub.filter.apply")}
          </button>
          {filtered ? (
            <Link to={base} className="tap-link">
              {t("hub.filter.reset")}
            </Link>
          ) : null}
        </div>
      </Form>

      {posts.length === 0 ? (
        <section className="empty stack stack-sm" aria-labelledby="hub-empty-h">
          {filtered || query.page > 1 ? (
            <>
              <h2 id="hub-empty-h">{t("hub.noMatchTitle")}</h2>
              <p>{t("hub.noMatch")}</p>
              <p>
                <Link to={base} className="button secondary">
                  {t("hub.filter.reset")}
                </Link>
              </p>
            </>
          ) : (
            <>
              <h2 id="hub-empty-h">{t("hub.emptyTitle")}</h2>
              <p>{t("hub.empty")}</p>
              <p>
                <Link to={`/t/${tenant.slug}/suggest`} className="button secondary">
                  {t("hub.emptySuggest")}
                </Link>
              </p>
            </>
          )}
        </section>
      ) : (
        <div className="grid grid-lg" data-testid="hub-posts">
          {posts.map((post, index) => (
            <article key={post.id} className="card post-card" aria-labelledby={`post-${post.id}`}>
              {post.previewImageId ? (
                // Our origin only (media-path.ts). The stored image's size is not known: the box
                // is the usual link-preview ratio (1200×630), the image covers it — no layout shift.
                // The first row loads at once (the page's largest paint on a phone), the rest lazily.
                <img
                  className="post-card-image"
                  src={mediaPath(tenant.slug, post.previewImageId)}
                  alt={post.previewTitle ? t("hub.imageAlt", { title: post.previewTitle }) : ""}
                  width={1200}
                  height={630}
                  loading={index < FIRST_ROW ? "eager" : "lazy"}
                  fetchPriority={index === 0 ? "high" : undefined}
                  decoding="async"
                />
              ) : null}
              <h2 id={`post-${post.id}`}>
                {post.title}{" "}
                {post.isNew ? (
                  <span className="badge" title={t("hub.newLabel")}>
                    <span aria-hidden="true">{t("hub.new")}</span>
                    <span className="visually-hidden">{t("hub.newLabel")}</span>
                  </span>
                ) : null}
              </h2>
              {post.topics.length > 0 ? (
                <p className="cluster cluster-tight">
                  <span className="visually-hidden">{t("hub.topics")}: </span>
                  {post.topics.map((topic) => (
                    <span key={topic.id} className="badge neutral">
                      {topic.name}
                    </span>
                  ))}
                </p>
              ) : null}
              <p className="hint" data-testid="post-freshness">
                {post.publishedAt && post.publishedAgo ? (
                  <time
                    dateTime={new Date(post.publishedAt).toISOString()}
                    title={date.format(new Date(post.publishedAt))}
                  >
                    {t("hub.publishedAgo", { ago: post.publishedAgo })}
                  </time>
                ) : null}
                {post.expiresAt
                  ? ` · ${t("hub.availableUntil", { date: date.format(new Date(post.expiresAt)) })}`
                  : null}
                {post.suggestedBy ? ` · ${t("hub.suggestedBy", { name: post.suggestedBy })}` : null}
              </p>
              {isHttpUrl(post.url) && (post.previewTitle || post.previewDescription) ? (
                <div className="stack stack-sm">
                  {post.previewTitle ? <strong>{post.previewTitle}</strong> : null}
                  {post.previewDescription ? (
                    <p className="post-card-body">{post.previewDescription}</p>
                  ) : null}
                </div>
              ) : null}
              {post.body ? <p className="post-card-body">{post.body}</p> : null}
              <div className="cluster post-card-actions">
                <ShareButton tenantSlug={tenant.slug} postId={post.id} title={post.title} />
                {isHttpUrl(post.url) ? (
                  <a className="tap-link" href={post.url} target="_blank" rel="noopener noreferrer nofollow">
                    {t("hub.openLink")} <span className="visually-hidden">{t("hub.newTab")}</span>
                  </a>
                ) : null}
              </div>
              <Captions
                postId={post.id}
                captions={
                  query.network ? post.captions.filter((c) => c.network === query.network) : post.captions
                }
              />
            </article>
          ))}
        </div>
      )}

      {query.page > 1 || hasMore ? (
        <nav aria-label={t("hub.pagination")} className="cluster cluster-between">
          {query.page > 1 ? (
            <Link to={pageLink(query.page - 1)} rel="prev" className="button secondary">
              {t("hub.previous")}
            </Link>
          ) : (
            <span />
          )}
          <span className="hint">{t("hub.page", { page: query.page })}</span>
          {hasMore ? (
            <Link to={pageLink(query.page + 1)} rel="next" className="button secondary">
              {t("hub.next")}
            </Link>
          ) : (
            <span />
          )}
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
    <details open={captions.length <= 3} className="post-card-captions">
      <summary>{t("hub.captionsCount", { count: captions.length })}</summary>
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
    <div className="stack stack-sm">
      <span className="hint">{label}</span>
      <p ref={textRef} id={`caption-${id}`} lang={caption.language} className="share-text">
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
