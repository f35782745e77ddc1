import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/dev.mail.$id";
import { readOutboxMessage } from "~/emails/send.ts";
import { requireDevOutbox } from "~/app/modules/notifications/dev-outbox-access.server.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: [], title: "titles.devMail" } satisfies I18nHandle;

export async function loader({ request, params, context }: Route.LoaderArgs) {
  // Development only, and only to this machine: see devOutboxAllowed.
  requireDevOutbox(request, context);
  const message = await readOutboxMessage(params.id);
  if (!message) throw new Response("Not Found", { status: 404, statusText: "Not Found" });
  return { message };
}

export function meta(_: Route.MetaArgs) {
  return [{ name: "robots", content: "noindex" }];
}

// Links open in a new tab: inside the sandboxed frame a magic link would run without cookies.
function withLinksInNewTab(html: string): string {
  const base = '<base target="_blank">';
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => head + base) : base + html;
}

const URL_PATTERN = /(https?:\/\/[^\s<>"')\]]+)/g;

/** The plain-text version with its http(s) links clickable; everything else stays text. */
function LinkedText({ text }: { text: string }) {
  return (
    <>
      {text.split(URL_PATTERN).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} target="_blank" rel="noreferrer">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

export default function DevMailMessage({ loaderData }: Route.ComponentProps) {
  const { message } = loaderData;
  const { t, i18n } = useTranslation();
  return (
    <main id="main" className="page">
      <p>
        <Link to="/dev/mail">← {t("devMail.all")}</Link>
      </p>
      <h1>{message.subject}</h1>
      <dl className="card pairs">
        <dt>{t("devMail.from")}</dt>
        <dd>{message.from}</dd>
        <dt>{t("devMail.recipient")}</dt>
        <dd>{message.to}</dd>
        <dt>{t("devMail.sent")}</dt>
        <dd>
          <time dateTime={message.createdAt}>
            {new Date(message.createdAt).toLocaleString(i18n.language, { timeZone: "UTC" })} UTC
          </time>
        </dd>
      </dl>
      <h2>{t("devMail.html")}</h2>
      {/* No allow-scripts, no allow-same-origin: the mail cannot run code or reach this app. */}
      <iframe
        title={t("devMail.htmlFrame", { subject: message.subject })}
        srcDoc={withLinksInNewTab(message.html)}
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        className="mail-frame"
      />
      <h2>{t("devMail.text")}</h2>
      <pre className="card pre-wrap">
        <LinkedText text={message.text} />
      </pre>
    </main>
  );
}
