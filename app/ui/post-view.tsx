import { useTranslation } from "react-i18next";
import { NETWORKS, type Caption, type Post, type PostStatus } from "~/db/schema.ts";
import { captionLength } from "~/app/modules/content/caption-length.ts";

/** Read-only parts of the post page. Every post text is rendered as text (React escapes it). */

/** `imageSrc`: the stored preview image on our origin (mediaPath), or null; never a remote URL. */
export function PostPreview({
  post,
  imageSrc,
}: {
  post: Pick<Post, "kind" | "url" | "preview_status" | "preview_title" | "preview_description">;
  imageSrc: string | null;
}) {
  const { t } = useTranslation();
  if (post.kind !== "link" || !post.url) return <p className="hint">{t("content.post.textOnly")}</p>;
  return (
    <div className="stack">
      <p>
        {t("content.post.link")}:{" "}
        <a href={post.url} rel="noopener noreferrer nofollow" target="_blank">
          {post.url}
        </a>
      </p>
      {post.preview_status === "pending" ? (
        <p className="hint" role="status">
          {t("content.post.previewLoading")}
        </p>
      ) : null}
      {post.preview_status === "failed" ? <p className="hint">{t("content.post.previewFailed")}</p> : null}
      {post.preview_status === "ok" ? (
        <figure className="card post-preview">
          {imageSrc ? (
            <img
              src={imageSrc}
              alt=""
              className="post-preview-image"
              width={1200}
              height={630}
              loading="lazy"
            />
          ) : null}
          <figcaption>
            {post.preview_title ? <strong>{post.preview_title}</strong> : null}
            {post.preview_description ? <p className="hint">{post.preview_description}</p> : null}
          </figcaption>
        </figure>
      ) : null}
    </div>
  );
}

/** Captions grouped by network, each with its length as that network counts it. */
export function CaptionList({
  captions,
}: {
  captions: Pick<Caption, "id" | "network" | "language" | "address_form" | "text">[];
}) {
  const { t } = useTranslation();
  if (captions.length === 0) return <p className="hint">{t("content.post.noCaptions")}</p>;
  return (
    <div className="stack">
      {NETWORKS.filter((n) => captions.some((c) => c.network === n)).map((network) => (
        <section key={network} aria-label={t(`content.networks.${network}`)}>
          <h3>{t(`content.networks.${network}`)}</h3>
          <ul className="list-plain stack">
            {captions
              .filter((c) => c.network === network)
              .map((c) => {
                const count = captionLength(c.network, c.text);
                return (
                  <li key={c.id} className="card">
                    <p className="hint">
                      {t(`content.languages.${c.language}`)}
                      {c.address_form ? ` · ${t(`content.addressForms.${c.address_form}`)}` : ""} ·{" "}
                      <span className={count.ok ? undefined : "field-error"}>
                        {t("content.form.counter", { length: count.length, limit: count.limit })}
                        {count.ok ? "" : ` – ${t("content.form.tooLong")}`}
                      </span>
                    </p>
                    <p className="pre-wrap">{c.text}</p>
                  </li>
                );
              })}
          </ul>
        </section>
      ))}
    </div>
  );
}

export interface HistoryProps {
  versions: { version: number; createdAt: Date; actorName: string | null; title: string }[];
  transitions: {
    id: string;
    version: number;
    from: PostStatus;
    to: PostStatus;
    action: string;
    reason: string | null;
    createdAt: Date;
    actorName: string | null;
    system: boolean;
  }[];
  formatDate: (d: Date) => string;
}

/** Every version and every status change, newest first, with who and when. */
export function PostHistory({ versions, transitions, formatDate }: HistoryProps) {
  const { t } = useTranslation();
  const who = (name: string | null, system: boolean) =>
    system ? t("content.post.system") : (name ?? t("content.post.unknownPerson"));
  return (
    <section className="card stack" aria-labelledby="history-h">
      <h2 id="history-h">{t("content.post.history")}</h2>
      <h3>{t("content.post.transitions")}</h3>
      <ol className="stack">
        {transitions.map((tr) => {
          const partial = tr.action === "approve" && tr.from === tr.to;
          return (
            <li key={tr.id}>
              <time dateTime={new Date(tr.createdAt).toISOString()}>{formatDate(tr.createdAt)}</time> —{" "}
              <strong>{who(tr.actorName, tr.system)}</strong>{" "}
              {t(`content.post.historyAction.${partial ? "approvePartial" : tr.action}`, {
                defaultValue: tr.action,
              })}{" "}
              <span className="hint">
                ({t("content.post.version", { version: tr.version })}
                {tr.from !== tr.to
                  ? `, ${t("content.post.transitionLine", { from: t(`content.status.${tr.from}`), to: t(`content.status.${tr.to}`) })}`
                  : ""}
                )
              </span>
              {tr.reason ? <blockquote className="pre-wrap">{tr.reason}</blockquote> : null}
            </li>
          );
        })}
      </ol>
      <h3>{t("content.post.versions")}</h3>
      <ol className="stack">
        {versions.map((v) => (
          <li key={v.version}>
            <time dateTime={new Date(v.createdAt).toISOString()}>{formatDate(v.createdAt)}</time> —{" "}
            {t("content.post.versionBy", {
              version: v.version,
              name: v.actorName ?? t("content.post.unknownPerson"),
            })}
            : {v.title}
          </li>
        ))}
      </ol>
    </section>
  );
}
