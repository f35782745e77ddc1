import { useState } from "react";
import { useTranslation } from "react-i18next";
import { data, Form, Link } from "react-router";
import type { Route } from "./+types/credit";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { todayIn } from "~/app/lib/days.ts";
import { loadCreditPage } from "~/app/modules/credit/page.server.ts";
import { loadFreshness, readerLocale } from "~/app/modules/freshness/freshness.server.ts";
import { Freshness } from "~/app/ui/freshness.tsx";
import {
  CreditExportQuery,
  CreditPeriodQuery,
  periodOf,
  pickerToQuery,
  previousQuarter,
  quarterOf,
  queryObject,
  type PickerKind,
} from "~/app/modules/credit/query.ts";
import type { Period } from "~/app/modules/goals/period.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat, numberFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["credit"], title: "titles.credit" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireMember(request, params, "credit.export");
  const { db, tenant, member } = ctx;
  const today = todayIn(tenant.timeZone);
  const { confirm, ...raw } = queryObject(new URL(request.url).searchParams);
  const confirmExport = confirm === "export" ? exportToConfirm(tenant.slug, raw) : null;
  const asked = pickerToQuery(raw);
  const given = asked.period !== undefined || asked.from !== undefined || asked.to !== undefined;
  const parsed = CreditPeriodQuery.safeParse(given ? asked : { period: quarterOf(today) });
  const shortcuts = {
    thisQuarter: quarterOf(today),
    lastQuarter: previousQuarter(quarterOf(today)),
    thisYear: today.slice(0, 4),
    lastYear: String(Number(today.slice(0, 4)) - 1),
  };
  if (!parsed.success) {
    return data(
      { ok: false as const, today, shortcuts, raw, period: null, rows: [], confirmExport, freshness: null },
      { status: 400 },
    );
  }
  const period = periodOf(parsed.data);
  const { rows, freshness } = await withTenant(db, tenant.id, async (tx) => ({
    rows: await loadCreditPage(tx, member, period),
    freshness: await loadFreshness(tx, tenant, readerLocale(request, ctx), { points: true }),
  }));
  return { ok: true as const, today, shortcuts, raw, period, rows, confirmExport, freshness };
}

/**
 * An export another site steered the browser to arrives here (credit.export.ts exported nothing):
 * the same download as a link on our page, so only the manager's own click exports and logs it.
 */
function exportToConfirm(slug: string, raw: Record<string, string>): { href: string; format: string } | null {
  const parsed = CreditExportQuery.safeParse({ ...raw, ...pickerToQuery(raw) });
  if (!parsed.success) return null;
  return {
    href: `/t/${slug}/credit/export?${new URLSearchParams(raw).toString()}`,
    format: parsed.data.format.toUpperCase(),
  };
}

/** The query string of a period: ?period=2026-Q4, or ?from&to for custom dates. */
function periodQuery(period: Period): string {
  return period.kind === "custom"
    ? `from=${period.startsOn}&to=${period.endsOn}`
    : `period=${encodeURIComponent(period.label)}`;
}

function pickerDefaults(period: Period | null, raw: Record<string, string>, today: string) {
  const year = (period?.startsOn ?? today).slice(0, 4);
  const month = Number((period?.startsOn ?? today).slice(5, 7));
  const kind = (period?.kind ?? (raw.kind as PickerKind | undefined) ?? "quarter") as PickerKind;
  return {
    kind,
    year: raw.year ?? year,
    quarter: raw.quarter ?? String(Math.floor((month - 1) / 3) + 1),
    half: raw.half ?? (month <= 6 ? "1" : "2"),
    from: raw.from ?? period?.startsOn ?? today,
    to: raw.to ?? period?.endsOn ?? today,
  };
}

const FORMATS = ["csv", "pdf", "json"] as const;

function PeriodPicker({
  defaults,
  shortcuts,
  current,
  base,
}: {
  defaults: ReturnType<typeof pickerDefaults>;
  shortcuts: Record<string, string>;
  current: string | undefined;
  base: string;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<PickerKind>(defaults.kind);
  return (
    <Form method="get" className="card" aria-labelledby="credit-period-legend">
      <fieldset className="plain">
        <legend id="credit-period-legend">{t("credit.page.periodLegend")}</legend>
        <div className="field-row ends-with-button">
          <div className="field">
            <label htmlFor="credit-kind">{t("credit.page.kind")}</label>
            <select
              id="credit-kind"
              name="kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as PickerKind)}
            >
              {(["quarter", "half", "year", "custom"] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`credit.page.kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          {kind !== "custom" ? (
            <div className="field">
              <label htmlFor="credit-year">{t("credit.page.year")}</label>
              <input
                id="credit-year"
                type="number"
                name="year"
                min={2000}
                max={2100}
                step={1}
                defaultValue={defaults.year}
                required
              />
            </div>
          ) : null}
          {kind === "quarter" ? (
            <div className="field">
              <label htmlFor="credit-quarter">{t("credit.page.quarter")}</label>
              <select id="credit-quarter" name="quarter" defaultValue={defaults.quarter}>
                {["1", "2", "3", "4"].map((q) => (
                  <option key={q} value={q}>
                    Q{q}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {kind === "half" ? (
            <div className="field">
              <label htmlFor="credit-half">{t("credit.page.half")}</label>
              <select id="credit-half" name="half" defaultValue={defaults.half}>
                {["1", "2"].map((h) => (
                  <option key={h} value={h}>
                    H{h}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {kind === "custom" ? (
            <>
              <label>
                {t("credit.page.from")}
                <input type="date" name="from" defaultValue={defaults.from} required />
              </label>
              <label>
                {t("credit.page.to")}
                <input type="date" name="to" defaultValue={defaults.to} required />
              </label>
            </>
          ) : null}
          <button type="submit">{t("credit.page.show")}</button>
        </div>
      </fieldset>
      <nav className="cluster shortcuts" aria-label={t("credit.page.shortcuts")}>
        {[shortcuts.thisQuarter!, shortcuts.lastQuarter!, shortcuts.thisYear!, shortcuts.lastYear!].map(
          (label) => (
            <Link
              key={label}
              to={`${base}/credit?period=${label}`}
              className={current === label ? "button" : "button secondary"}
              aria-current={current === label ? "true" : undefined}
            >
              {label}
            </Link>
          ),
        )}
      </nav>
    </Form>
  );
}

export default function Credit({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const { ok, today, shortcuts, raw, period, rows, confirmExport } = loaderData;
  const defaults = pickerDefaults(period, raw, today);
  const base = `/t/${tenant.slug}`;
  const date = dateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: tenant.timeZone,
  });
  const exportHref = (format: string, employeeId?: string) =>
    `${base}/credit/export?format=${format}&${period ? periodQuery(period) : ""}${employeeId ? `&employee=${employeeId}` : ""}`;
  const count = numberFormat(i18n.language);
  // calendar days of a custom period, without a time zone shift
  const dayFormat = dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" });
  const day = (d: string) => dayFormat.format(new Date(`${d}T00:00:00Z`));
  const periodName = period
    ? period.kind === "custom"
      ? `${day(period.startsOn)} – ${day(period.endsOn)}`
      : period.label
    : "";

  return (
    <>
      <h1>{t("credit.page.title")}</h1>
      <p>{t("credit.page.lead")}</p>
      {loaderData.freshness ? <Freshness view={loaderData.freshness} /> : null}
      <p>
        <Link className="tap" to={`${base}/credit/access`}>
          {t("credit.page.accessLog")}
        </Link>
      </p>

      {confirmExport ? (
        <div className="notice stack" data-testid="confirm-export">
          <p>{t("credit.consentView.exportFromElsewhere", { format: confirmExport.format })}</p>
          <p>
            <a className="button" href={confirmExport.href} download>
              {t("credit.consentView.download", { format: confirmExport.format })}
            </a>
          </p>
        </div>
      ) : null}

      <PeriodPicker
        key={period?.label ?? "invalid"}
        defaults={defaults}
        shortcuts={shortcuts}
        current={period?.label}
        base={base}
      />

      {!ok ? (
        <div className="alert" role="alert">
          {t("credit.page.invalidPeriod")}
        </div>
      ) : rows.length === 0 ? (
        <section className="empty" data-testid="credit-empty">
          <p>{t("credit.page.empty", { period: periodName })}</p>
          <p>{t("credit.page.emptyHint")}</p>
        </section>
      ) : (
        <section className="card" aria-labelledby="credit-statements">
          <h2 id="credit-statements">{t("credit.page.statementsFor", { period: periodName })}</h2>
          <p className="cluster">
            <strong>{t("credit.page.exportAll")}:</strong>
            {FORMATS.map((format) => (
              <a
                key={format}
                href={exportHref(format)}
                download
                className="button secondary"
                aria-label={t("credit.page.exportAllAs", {
                  count: rows.length,
                  format: format.toUpperCase(),
                })}
              >
                {format.toUpperCase()}
              </a>
            ))}
          </p>
          <table className="stacked compact" data-testid="credit-statements">
            <caption className="visually-hidden">
              {t("credit.page.statementsFor", { period: periodName })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("credit.page.person")}</th>
                <th scope="col">{t("credit.page.team")}</th>
                <th scope="col">{t("credit.file.period")}</th>
                <th scope="col" className="num">
                  {t("credit.page.objectives")}
                </th>
                <th scope="col">{t("credit.page.released")}</th>
                <th scope="col">{t("credit.page.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-statement-id={r.id}>
                  <th scope="row" className="plain">
                    {r.employeeName}
                  </th>
                  <td data-label={t("credit.page.team")}>{r.team ?? "—"}</td>
                  <td data-label={t("credit.file.period")}>{r.periodLabel}</td>
                  <td data-label={t("credit.page.objectives")} className="num">
                    {count.format(r.objectiveCount)}
                  </td>
                  <td data-label={t("credit.page.released")}>
                    <time dateTime={new Date(r.releasedAt).toISOString()}>
                      {date.format(new Date(r.releasedAt))}
                    </time>
                  </td>
                  <td data-label={t("credit.page.actions")}>
                    <span className="cluster">
                      <Link
                        className="button secondary"
                        to={`${base}/statements/${r.id}`}
                        aria-label={t("credit.page.viewOf", { name: r.employeeName })}
                      >
                        {t("credit.page.view")}
                      </Link>
                      {FORMATS.map((format) => (
                        <a
                          key={format}
                          className="button secondary"
                          href={exportHref(format, r.employeeId)}
                          download
                          aria-label={t("credit.page.exportOf", {
                            name: r.employeeName,
                            format: format.toUpperCase(),
                          })}
                        >
                          {format.toUpperCase()}
                        </a>
                      ))}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
