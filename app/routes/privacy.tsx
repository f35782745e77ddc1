import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/privacy";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { ROLES } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import {
  describeRetention,
  describeRole,
  describeSettings,
  OPERATOR_COMMANDS,
  type OperatorCommand,
  type Translate,
} from "~/app/modules/privacy/data-map.ts";
import { loadDataMap } from "~/app/modules/privacy/data-map.server.ts";
import { PAPERS } from "~/app/modules/privacy/papers.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["content", "dataMap"], title: "titles.privacy" } satisfies I18nHandle;

/**
 * The data map for every member (admins, employees, works council members who are employees):
 * who can see which data, where it is stored, how long — generated from the permission table and
 * the tenant's settings. Nothing personal is shown, so nothing is audited.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, tenant } = await requireMember(request, params, "tenant.view");
  const map = await withTenant(db, tenant.id, (tx) => loadDataMap(tx, tenant.id));
  return { map };
}

export default function PrivacyPage({ loaderData }: Route.ComponentProps) {
  const { t: translate } = useTranslation();
  // the data map's keys are built from its rows; a key without a text shows itself, as before
  const t: Translate = (key, vars) => translate(key, { defaultValue: key, ...vars });
  const { tenant } = useTenantData();
  const { map } = loaderData;
  const base = `/t/${tenant.slug}/privacy`;
  return (
    <>
      <h1>{t("dataMap.title")}</h1>
      <p>{t("dataMap.lead", { company: tenant.name })}</p>
      <p className="card" role="note" data-testid="strict-mode">
        {t(map.settings.strictMode ? "dataMap.strictOn" : "dataMap.strictOff")}
      </p>

      <section aria-labelledby="papers-h" className="card">
        <h2 id="papers-h">{t("dataMap.papersTitle")}</h2>
        <p>{t("dataMap.papersLead")}</p>
        <ul data-testid="papers">
          {PAPERS.map((paper) => (
            <li key={paper}>
              <Link to={`${base}/${paper}`}>{t(`dataMap.papers.${paper}`)}</Link>
              {" · "}
              <a href={`${base}/${paper}/download?format=md`} download>
                {t("dataMap.formats.md")}
              </a>
              {" · "}
              <a href={`${base}/${paper}/download?format=pdf`} download>
                {t("dataMap.formats.pdf")}
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="settings-h">
        <h2 id="settings-h">{t("dataMap.settingsTitle")}</h2>
        <table data-testid="assumed-settings" className="stacked">
          <caption className="visually-hidden">{t("dataMap.settingsTitle")}</caption>
          <tbody>
            {describeSettings(t, map.settings).map(([label, value]) => (
              <tr key={label}>
                <th scope="row" className="plain">
                  {label}
                </th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="map-h">
        <h2 id="map-h">{t("dataMap.mapTitle")}</h2>
        <p>{t("dataMap.mapLead")}</p>
        <div className="table-wide" role="region" aria-labelledby="map-h" tabIndex={0}>
          <table data-testid="data-map" className="stacked">
            <caption>{t("dataMap.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("dataMap.columns.data")}</th>
                <th scope="col">{t("dataMap.columns.self")}</th>
                {ROLES.map((role) => (
                  <th scope="col" key={role}>
                    {t(`roles.${role}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {map.rows.map((row) => (
                <tr key={row.id} data-category={row.id}>
                  <th scope="row">
                    {t(`dataMap.categories.${row.id}`)}
                    {row.narrowedByStrictMode ? (
                      <>
                        <br />
                        <small className="hint">{t("dataMap.strictNarrowed")}</small>
                      </>
                    ) : null}
                  </th>
                  <td data-label={t("dataMap.columns.self")}>{t(`dataMap.self.${row.self}`)}</td>
                  {ROLES.map((role) => (
                    <td key={role} data-role={role} data-label={t(`roles.${role}`)}>
                      {describeRole(t, row, role)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="kept-h">
        <h2 id="kept-h">{t("dataMap.keptTitle")}</h2>
        <div className="table-wide" role="region" aria-labelledby="kept-h" tabIndex={0}>
          <table data-testid="data-kept" className="stacked">
            <caption>{t("dataMap.keptCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("dataMap.columns.data")}</th>
                <th scope="col">{t("dataMap.columns.stored")}</th>
                <th scope="col">{t("dataMap.columns.kept")}</th>
                <th scope="col">{t("dataMap.columns.gatedBy")}</th>
              </tr>
            </thead>
            <tbody>
              {map.rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">{t(`dataMap.categories.${row.id}`)}</th>
                  <td data-label={t("dataMap.columns.stored")}>{row.tables.join(", ")}</td>
                  <td data-label={t("dataMap.columns.kept")}>{describeRetention(t, row.retention)}</td>
                  <td data-label={t("dataMap.columns.gatedBy")}>
                    {row.gatedBy.length > 0 ? row.gatedBy.join(", ") : t("dataMap.nobody")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="operators-h">
        <h2 id="operators-h">{t("dataMap.operatorsTitle")}</h2>
        <p>{t("dataMap.operatorsLead")}</p>
        <ul data-testid="operators">
          {(Object.keys(OPERATOR_COMMANDS) as OperatorCommand[]).map((command) => (
            <li key={command}>
              <code>{command}</code>: {t(`dataMap.operatorCommands.${command}`)}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
