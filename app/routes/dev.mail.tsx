import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/dev.mail";
import { listOutbox } from "~/emails/send.ts";
import { requireDevOutbox } from "~/app/modules/notifications/dev-outbox-access.server.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: [], title: "titles.devMailbox" } satisfies I18nHandle;

export async function loader({ request, context }: Route.LoaderArgs) {
  // Development only, and only to this machine: see devOutboxAllowed.
  requireDevOutbox(request, context);
  return { messages: await listOutbox() };
}

export function meta(_: Route.MetaArgs) {
  return [{ name: "robots", content: "noindex" }];
}

export default function DevMail({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  return (
    <main id="main" className="page">
      <p>
        <Link to="/">← {t("devMail.back")}</Link>
      </p>
      <h1>{t("devMail.title")}</h1>
      <p className="hint">{t("devMail.lead")}</p>
      {loaderData.messages.length === 0 ? (
        <p className="empty">{t("devMail.empty")}</p>
      ) : (
        <ul className="stack list-plain">
          {loaderData.messages.map((m) => (
            <li key={m.id} className="card">
              <Link to={`/dev/mail/${m.id}`}>
                <strong>{m.subject}</strong>
              </Link>
              <div className="hint">
                {t("devMail.to", { to: m.to })} ·{" "}
                <time dateTime={m.createdAt}>
                  {new Date(m.createdAt).toLocaleString(i18n.language, { timeZone: "UTC" })} UTC
                </time>
              </div>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
