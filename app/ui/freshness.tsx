import { useTranslation } from "react-i18next";
import type { FreshnessView } from "~/app/modules/freshness/format.ts";

/**
 * How fresh the page's figures are, in the same words on every page (common.freshness): "Reach
 * figures as of 14:05. Points as of 14:10. Click points settle after 2 days." The times come
 * formatted from the server (loadFreshness), so server and browser render the same text.
 *
 * Use: in the loader, `freshness: await loadFreshness(tx, tenant, readerLocale(request, ctx), { reach: true })`
 * (points: true for points pages); in the page, `<Freshness view={loaderData.freshness} />`.
 */
export function Freshness({ view }: { view: FreshnessView }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  if (view.reach !== undefined)
    parts.push(
      view.reach === null ? t("freshness.reachPending") : t("freshness.reach", { time: view.reach }),
    );
  if (view.liveClicks) parts.push(t("freshness.liveClicks"));
  if (view.points !== undefined)
    parts.push(
      view.points === null ? t("freshness.pointsPending") : t("freshness.points", { time: view.points }),
    );
  if (view.settleDays !== undefined) parts.push(t("freshness.settle", { count: view.settleDays }));
  if (parts.length === 0) return null;
  return (
    <p className="hint" data-testid="freshness">
      {parts.join(" ")}
    </p>
  );
}
