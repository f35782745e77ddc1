import { useTranslation } from "react-i18next";
import type { Figures } from "~/app/modules/reach/analytics.ts";
import { useReachFormat } from "~/app/ui/charts.tsx";

export interface FigureCard {
  id: string;
  label: string;
  value: string;
  hint?: string;
}

/**
 * The reach totals as cards: shares, clicks, unique visitors, impressions (measured and estimated
 * named apart) and earned media, then any `extra` cards. Each value carries data-testid
 * `<testIdPrefix>-<id>`.
 */
export function FigureCards({
  figures,
  currency,
  testIdPrefix,
  extra = [],
}: {
  figures: Figures;
  currency: string;
  testIdPrefix: string;
  extra?: FigureCard[];
}) {
  const { t, i18n } = useTranslation();
  const f = useReachFormat(i18n.language, currency);
  const cards: FigureCard[] = [
    { id: "shares", label: t("reach.metrics.shares"), value: f.count(figures.shares) },
    { id: "clicks", label: t("reach.metrics.clicks"), value: f.count(figures.clicks) },
    {
      id: "unique-visitors",
      label: t("reach.metrics.uniqueVisitors"),
      value: f.count(figures.uniqueVisitors),
      hint: t("reach.metrics.uniqueVisitorsHint"),
    },
    {
      id: "impressions",
      label: t("reach.metrics.impressions"),
      value: f.count(figures.impressionsMeasured + figures.impressionsEstimated),
      hint: t("reach.metrics.measuredHint", {
        measured: f.count(figures.impressionsMeasured),
        estimated: f.count(figures.impressionsEstimated),
      }),
    },
    {
      id: "earned-media",
      label: t("reach.metrics.earnedMedia"),
      value: f.money(figures.earnedMedia),
      hint: t("reach.metrics.earnedMediaHint"),
    },
    ...extra,
  ];
  return (
    <dl className="grid figure-cards">
      {cards.map((card) => (
        <div key={card.id} className="card figure">
          <dt className="figure-label">{card.label}</dt>
          <dd className="figure-value" data-testid={`${testIdPrefix}-${card.id}`}>
            {card.value}
          </dd>
          {card.hint ? <dd className="hint">{card.hint}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
