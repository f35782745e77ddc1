import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useTenantData } from "~/app/routes/tenant.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["auth"], title: "titles.dashboard" } satisfies I18nHandle;

export default function Dashboard() {
  const { t } = useTranslation();
  const { tenant, member, permissions } = useTenantData();
  return (
    <>
      <h1>{t("auth.dashboard.welcome", { name: member.name })}</h1>
      <p>{t("auth.dashboard.lead", { company: tenant.name })}</p>
      <section className="card" aria-labelledby="roles-h">
        <h2 id="roles-h">{t("auth.dashboard.yourRoles")}</h2>
        <p>
          {member.roles.map((r) => (
            <span key={r} className="badge">
              {t(`roles.${r}`)}
            </span>
          ))}
        </p>
      </section>
      <section className="card" aria-labelledby="next-h">
        <h2 id="next-h">{t("auth.dashboard.nextTitle")}</h2>
        <ul>
          {member.roles.includes("employee") ? <li>{t("auth.dashboard.employeeNext")}</li> : null}
          {permissions.includes("members.invite") ? (
            <li>
              {t("auth.dashboard.adminNext")}{" "}
              <Link to={`/t/${tenant.slug}/admin/members`}>{t("auth.dashboard.adminInvite")}</Link>
            </li>
          ) : null}
          {member.roles.includes("comms_lead") ? <li>{t("auth.dashboard.commsNext")}</li> : null}
          {member.roles.includes("manager") ? <li>{t("auth.dashboard.managerNext")}</li> : null}
        </ul>
      </section>
    </>
  );
}
