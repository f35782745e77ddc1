import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/content.review";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { listReviewQueue } from "~/app/modules/content/list-review-queue.server.ts";
import { useFormatDate } from "~/app/ui/content-bits.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["content"], title: "titles.contentReview" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "content.approve");
  const items = await withTenant(db, member.tenantId, (tx) =>
    listReviewQueue(tx, member.tenantId, member.id),
  );
  return { items };
}

export default function Review({ loaderData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { tenant } = useTenantData();
  const date = useFormatDate(tenant.timeZone);
  const { items } = loaderData;
  return (
    <>
      <h1>{t("content.review.title")}</h1>
      <p>{t("content.review.lead")}</p>
      {items.length === 0 ? (
        <p className="empty">{t("content.review.empty")}</p>
      ) : (
        <ul className="stack list-plain">
          {items.map((item) => (
            <li key={item.id} className="card stack">
              <h2>
                <Link to={`/t/${params.tenant}/content/${item.id}`}>{item.title}</Link>
              </h2>
              <p className="hint">
                {item.authorName ?? t("content.post.unknownPerson")} · {t("content.review.submitted")}{" "}
                {date(item.submittedAt)} · {t("content.post.version", { version: item.version })}
              </p>
              <div className="cluster">
                {item.isOwn ? <span className="badge">{t("content.review.yours")}</span> : null}
                {item.required === 2 ? (
                  <span className="badge">
                    {t("content.post.approvalsNeeded", {
                      approvals: item.approvals,
                      required: item.required,
                    })}
                  </span>
                ) : null}
                {item.required === 2 && item.approvals === 1 ? (
                  <span className="badge">{t("content.review.secondPending")}</span>
                ) : null}
                {item.approvedByViewer ? (
                  <span className="badge">{t("content.review.youApproved")}</span>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
