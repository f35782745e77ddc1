import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/content.list";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { POST_STATUSES, type PostStatus } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { listPosts } from "~/app/modules/content/list-posts.server.ts";
import { StatusBadge, useFormatDate } from "~/app/ui/content-bits.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { numberFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["content"], title: "titles.contentList" } satisfies I18nHandle;

const PAGE = 50;

function statusOf(value: string | null): PostStatus | undefined {
  return POST_STATUSES.find((s) => s === value);
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "content.create");
  const url = new URL(request.url);
  const status = statusOf(url.searchParams.get("status"));
  const page = Math.max(1, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1);
  const { posts, total } = await withTenant(db, member.tenantId, (tx) =>
    listPosts(tx, member.tenantId, { status, limit: PAGE * page }),
  );
  return { posts, total, status: status ?? null, page };
}

export default function ContentList({ loaderData, params }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const date = useFormatDate(tenant.timeZone);
  const count = numberFormat(i18n.language);
  const base = `/t/${params.tenant}/content`;
  const { posts, total, status, page } = loaderData;
  const tab = (value: PostStatus | null) => (value ? `${base}?status=${value}` : base);
  return (
    <>
      <div className="toolbar">
        <h1>{t("content.list.title")}</h1>
        <Link className="button" to={`${base}/new`}>
          {t("content.list.newPost")}
        </Link>
      </div>
      <p>{t("content.list.lead")}</p>

      <nav aria-label={t("content.list.filter")}>
        <ul className="tabs">
          {[null, ...POST_STATUSES].map((s) => (
            <li key={s ?? "all"}>
              <Link
                to={tab(s)}
                aria-current={s === status ? "page" : undefined}
                className={s === status ? "button" : "button secondary"}
              >
                {s ? t(`content.status.${s}`) : t("content.list.all")}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {posts.length === 0 ? (
        <div className="empty stack">
          <p>{status ? t("content.list.emptyFiltered") : t("content.list.empty")}</p>
          <p>
            {status ? (
              <Link className="button secondary" to={base}>
                {t("content.list.showAll")}
              </Link>
            ) : (
              <Link className="button" to={`${base}/new`}>
                {t("content.list.newPost")}
              </Link>
            )}
          </p>
        </div>
      ) : (
        <>
          <p className="hint">{t("content.list.count", { count: total })}</p>
          <table className="stacked compact">
            <thead>
              <tr>
                <th scope="col">{t("content.list.titleCol")}</th>
                <th scope="col">{t("content.list.statusCol")}</th>
                <th scope="col">{t("content.list.authorCol")}</th>
                <th scope="col">{t("content.list.captionsCol")}</th>
                <th scope="col">{t("content.list.publishCol")}</th>
                <th scope="col">{t("content.list.updatedCol")}</th>
              </tr>
            </thead>
            <tbody>
              {posts.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`${base}/${p.id}`}>{p.title}</Link>
                    <br />
                    <span className="hint">
                      {p.kind === "link" ? t("content.list.linkPost") : t("content.list.textPost")}
                    </span>
                  </th>
                  <td data-label={t("content.list.statusCol")}>
                    <StatusBadge status={p.status} />
                  </td>
                  <td data-label={t("content.list.authorCol")}>{p.authorName ?? "—"}</td>
                  <td data-label={t("content.list.captionsCol")}>{count.format(p.captionCount)}</td>
                  <td data-label={t("content.list.publishCol")}>
                    {p.publishedAt
                      ? date(p.publishedAt)
                      : p.publishAt
                        ? date(p.publishAt)
                        : t("content.list.immediately")}
                  </td>
                  <td data-label={t("content.list.updatedCol")}>{date(p.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {total > posts.length ? (
            <p>
              <Link
                className="button secondary"
                to={`${tab(status)}${status ? "&" : "?"}page=${page + 1}`}
                preventScrollReset
              >
                {t("content.list.more")}
              </Link>
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
