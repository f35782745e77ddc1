import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/privacy";
import { useTenantData } from "./tenant";
import { ROLES } from "../../db/schema.ts";
import { withTenant } from "../../db/tenant.ts";
import { requireMember } from "~/modules/auth/require.server";
import { describeRetention, describeRole, describeSettings, type Translate } from "~/modules/privacy/data-map";
import { loadDataMap } from "~/modules/privacy/data-map.server";
import { PAPERS } from "~/modules/privacy/papers";

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

export const meta: Route.MetaFunction = () => [{ title: "Chorus" }];

export default function PrivacyPage({ loaderData }: Route.ComponentProps) {
  const { t: translate } = useTranslation();
  const t = translate as unknown as Translate;
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
        <dl data-testid="assumed-settings">
          {describeSettings(t, map.settings).map(([label, value]) => (
            <div key={label} className="row">
              <dt>{label}:</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="map-h">
        <h2 id="map-h">{t("dataMap.mapTitle")}</h2>
        <div style={{ overflowX: "auto" }}>
          <table data-testid="data-map">
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
                <th scope="col">{t("dataMap.columns.stored")}</th>
                <th scope="col">{t("dataMap.columns.kept")}</th>
              </tr>
            </thead>
            <tbody>
              {map.rows.map((row) => (
                <tr key={row.id} data-category={row.id}>
                  <th scope="row" style={{ fontWeight: 400 }}>
                    <strong>{t(`dataMap.categories.${row.id}`)}</strong>
                    <br />
                    <small className="hint">{t("dataMap.permissions", { list: row.gatedBy.join(", ") })}</small>
                    {row.narrowedByStrictMode ? (
                      <>
                        <br />
                        <small>{t("dataMap.strictNarrowed")}</small>
                      </>
                    ) : null}
                  </th>
                  <td>{t(`dataMap.self.${row.self}`)}</td>
                  {ROLES.map((role) => (
                    <td key={role} data-role={role}>
                      {describeRole(t, row, role)}
                    </td>
                  ))}
                  <td>
                    <code>{row.tables.join(", ")}</code>
                  </td>
                  <td>{describeRetention(t, row.retention)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
