import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { presetRange, RANGE_PRESETS } from "~/app/modules/reach/analytics.ts";

/** "Last 7 / 30 / 90 / 365 days" links for a page with a from/to filter; `keep` adds other parameters (e.g. the team). */
export function RangePresets({
  base,
  today,
  current,
  keep = {},
}: {
  base: string;
  today: string;
  current: { from: string; to: string };
  keep?: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("reach.filters.presets")} className="presets">
      {RANGE_PRESETS.map((days) => {
        const range = presetRange(today, days);
        const selected = current.from === range.from && current.to === range.to;
        return (
          <Link
            key={days}
            to={`${base}?${new URLSearchParams({ ...range, ...keep }).toString()}`}
            aria-current={selected ? "true" : undefined}
            className={selected ? "button" : "button secondary"}
          >
            {t("reach.filters.lastDays", { count: days })}
          </Link>
        );
      })}
    </nav>
  );
}

/** The filter's errors (keys of reach.errors), announced. */
export function FilterErrors({ errors }: { errors: readonly string[] }) {
  const { t } = useTranslation();
  if (errors.length === 0) return null;
  return (
    <div className="alert" role="alert">
      <strong>{t("reach.errors.title")}</strong>
      <ul>
        {errors.map((e) => (
          <li key={e}>
            {t([`reach.errors.${e}`, `validation.${e}`], { defaultValue: t("reach.errors.date") })}
          </li>
        ))}
      </ul>
    </div>
  );
}
