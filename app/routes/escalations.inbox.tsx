import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/escalations.inbox";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { ESCALATION_STATUSES, type EscalationStatus } from "~/db/tables/escalations.ts";
import { pageError, ValidationError } from "~/app/lib/errors.ts";
import { ErrorNotice } from "~/app/ui/error-notice.tsx";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { markHandled, reopenEscalation } from "~/app/modules/escalations/handle-escalation.server.ts";
import { listEscalations, type EscalationRow } from "~/app/modules/escalations/list-escalations.server.ts";
import { MarkHandledInput, ReopenEscalationInput } from "~/app/modules/escalations/schemas.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import type { KeysUnder } from "~/app/lib/i18n/keys.ts";
import { dateTimeFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["escalations"], title: "titles.escalations" } satisfies I18nHandle;

const InboxAction = z.discriminatedUnion("intent", [
  MarkHandledInput.extend({ intent: z.literal("handle") }),
  ReopenEscalationInput.extend({ intent: z.literal("reopen") }),
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "escalations.handle");
  const requested = new URL(request.url).searchParams.get("status");
  const tab: EscalationStatus = ESCALATION_STATUSES.find((s) => s === requested) ?? "open";
  return withTenant(db, member.tenantId, async (tx) => {
    const open = await listEscalations(tx, member.tenantId, { status: "open" });
    const rows = tab === "open" ? open : await listEscalations(tx, member.tenantId, { status: tab });
    return { tab, openCount: open.length, escalations: rows };
  });
}

interface ActionData {
  escalationId: string | null;
  /** i18n key under escalations.inbox.errors, or validation keys for the note */
  error?: KeysUnder<"escalations.inbox.errors">;
  noteErrors?: string[];
  /** i18n key under escalations.inbox */
  notice?: "handled" | "reopened";
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "escalations.handle");
  const submission = parseWithZod(await request.formData(), { schema: InboxAction });
  const escalationId =
    typeof submission.payload.escalationId === "string" ? submission.payload.escalationId : null;
  if (submission.status !== "success") {
    const noteErrors = submission.error?.note ?? undefined;
    return data<ActionData>(
      { escalationId, noteErrors, error: noteErrors ? undefined : "generic" },
      { status: 400 },
    );
  }
  const input = submission.value;
  try {
    if (input.intent === "handle")
      await withTenant(db, member.tenantId, (tx) =>
        markHandled(tx, member, { escalationId: input.escalationId, note: input.note }),
      );
    else
      await withTenant(db, member.tenantId, (tx) =>
        reopenEscalation(tx, member, { escalationId: input.escalationId }),
      );
    return data<ActionData>({ escalationId, notice: input.intent === "handle" ? "handled" : "reopened" });
  } catch (error) {
    if (error instanceof ValidationError)
      return data<ActionData>(
        {
          escalationId,
          noteErrors: error.fieldErrors.note ?? undefined,
          error: error.fieldErrors.note ? undefined : "generic",
        },
        { status: 400 },
      );
    const { code, status } = pageError(error, ["not_found", "already_handled", "already_open"]);
    return data<ActionData>({ escalationId, error: code }, { status });
  }
}

export default function EscalationsInbox({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { tenant } = useTenantData();
  const { tab, openCount, escalations } = loaderData;
  const base = `/t/${tenant.slug}/escalations`;
  // A row that moved to the other tab (or vanished) can't show its own message: show it on top.
  const topError =
    actionData?.error && !escalations.some((e) => e.id === actionData.escalationId)
      ? actionData.error
      : undefined;
  return (
    <>
      <h1>{t("escalations.inbox.title")}</h1>
      <p>{t("escalations.inbox.lead")}</p>
      {actionData?.notice ? (
        <p className="notice" role="status">
          {t(`escalations.inbox.${actionData.notice}`)}
        </p>
      ) : null}
      <ErrorNotice area="escalations.inbox" errors={topError ? [topError] : undefined} />
      <nav aria-label={t("escalations.inbox.tabs")} className="tabs">
        {ESCALATION_STATUSES.map((s) => (
          <Link
            key={s}
            to={s === "open" ? base : `${base}?status=${s}`}
            aria-current={s === tab ? "page" : undefined}
            className={s === tab ? "button" : "button secondary"}
          >
            {t(`escalations.inbox.tab.${s}`, { count: openCount })}
          </Link>
        ))}
      </nav>
      {escalations.length === 0 ? (
        <p className="empty">{t(`escalations.inbox.empty.${tab}`)}</p>
      ) : (
        escalations.map((e) => (
          <EscalationCard
            key={e.id}
            escalation={e}
            actionData={actionData?.escalationId === e.id ? actionData : undefined}
          />
        ))
      )}
    </>
  );
}

function EscalationCard({
  escalation: e,
  actionData,
}: {
  escalation: EscalationRow;
  actionData: ActionData | undefined;
}) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("escalationId") === e.id;
  const date = dateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: tenant.timeZone,
  });
  const noteId = `handled-note-${e.id}`;
  return (
    <article className="card stack" aria-labelledby={`escalation-${e.id}`}>
      <h2 id={`escalation-${e.id}`} className="url-heading">
        <a href={e.url} target="_blank" rel="noopener noreferrer nofollow">
          {e.url}
        </a>
      </h2>
      <p className="hint">
        {t("escalations.inbox.reporter")}: {e.reporterName ?? t("escalations.inbox.unknownReporter")} ·{" "}
        <time dateTime={new Date(e.createdAt).toISOString()}>{date.format(new Date(e.createdAt))}</time>
      </p>
      <div>
        <strong>{t("escalations.inbox.note")}</strong>
        <p className="pre-wrap">{e.note}</p>
      </div>
      <ErrorNotice area="escalations.inbox" errors={actionData?.error ? [actionData.error] : undefined} />
      {e.status === "open" ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="handle" />
          <input type="hidden" name="escalationId" value={e.id} />
          <label htmlFor={noteId}>
            {t("escalations.inbox.handledNote")}
            <span id={`${noteId}-hint`} className="hint">
              {t("escalations.inbox.handledNoteHint")}
            </span>
            <textarea
              id={noteId}
              name="note"
              rows={2}
              maxLength={2000}
              aria-invalid={actionData?.noteErrors ? true : undefined}
              aria-describedby={actionData?.noteErrors ? `${noteId}-hint ${noteId}-error` : `${noteId}-hint`}
            />
            {actionData?.noteErrors ? (
              <span id={`${noteId}-error`} className="field-error">
                {actionData.noteErrors.map((x) => t(`validation.${x}`, { defaultValue: x })).join(" ")}
              </span>
            ) : null}
          </label>
          <div>
            <button type="submit" disabled={busy}>
              {t("escalations.inbox.markHandled")}
            </button>
          </div>
        </Form>
      ) : (
        <div className="stack stack-sm">
          <p className="hint">
            <span className="badge">{t(`escalations.status.${e.status}`)}</span>
            {e.handledAt
              ? t("escalations.inbox.handledBy", {
                  name: e.handledByName ?? "—",
                  date: date.format(new Date(e.handledAt)),
                })
              : null}
          </p>
          {e.handlerNote ? (
            <p className="pre-wrap">
              <strong>{t("escalations.inbox.handlerNote")}:</strong> {e.handlerNote}
            </p>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="reopen" />
            <input type="hidden" name="escalationId" value={e.id} />
            <button type="submit" className="secondary" disabled={busy}>
              {t("escalations.inbox.reopen")}
            </button>
          </Form>
        </div>
      )}
    </article>
  );
}
