import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, href, Link, redirect, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/suggestions.inbox";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { pageError, ValidationError } from "~/app/lib/errors.ts";
import { ErrorNotice } from "~/app/ui/error-notice.tsx";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { acceptSuggestion } from "~/app/modules/content/accept-suggestion.server.ts";
import { declineSuggestion } from "~/app/modules/content/decline-suggestion.server.ts";
import { listSuggestions, type SuggestionRow } from "~/app/modules/content/list-suggestions.server.ts";
import { DeclineSuggestionInput } from "~/app/modules/content/schemas.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import type { KeysUnder } from "~/app/lib/i18n/keys.ts";
import { dateTimeFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["hub"], title: "titles.suggestions" } satisfies I18nHandle;

const TABS = ["open", "accepted", "declined"] as const;
type Tab = (typeof TABS)[number];

const InboxAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept"), suggestionId: z.uuid() }),
  DeclineSuggestionInput.extend({ intent: z.literal("decline") }),
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "suggestions.review");
  const requested = new URL(request.url).searchParams.get("status");
  const tab: Tab = TABS.find((s) => s === requested) ?? "open";
  return withTenant(db, member.tenantId, async (tx) => {
    const open = await listSuggestions(tx, member.tenantId, { status: "open" });
    const rows = tab === "open" ? open : await listSuggestions(tx, member.tenantId, { status: tab });
    return { tab, openCount: open.length, suggestions: rows };
  });
}

interface ActionData {
  suggestionId: string | null;
  /** i18n key under hub.inbox.errors, or a validation key for the reason field */
  error?: KeysUnder<"hub.inbox.errors">;
  reasonErrors?: string[];
  declined?: boolean;
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member, tenant } = await requireMember(request, params, "suggestions.review");
  const submission = parseWithZod(await request.formData(), { schema: InboxAction });
  const suggestionId =
    typeof submission.payload.suggestionId === "string" ? submission.payload.suggestionId : null;
  if (submission.status !== "success") {
    return data<ActionData>(
      {
        suggestionId,
        reasonErrors: submission.error?.reason ?? undefined,
        error: submission.error?.reason ? undefined : "generic",
      },
      { status: 400 },
    );
  }
  const input = submission.value;
  try {
    if (input.intent === "accept") {
      const { postId } = await withTenant(db, member.tenantId, (tx) =>
        acceptSuggestion(tx, member, tenant, { suggestionId: input.suggestionId }),
      );
      // The comms lead finishes the draft right away: title, captions, topics.
      return redirect(href("/t/:tenant/content/:postId/edit", { tenant: tenant.slug, postId }));
    }
    await withTenant(db, member.tenantId, (tx) =>
      declineSuggestion(tx, member, tenant, { suggestionId: input.suggestionId, reason: input.reason }),
    );
    return data<ActionData>({ suggestionId, declined: true });
  } catch (error) {
    if (error instanceof ValidationError)
      return data<ActionData>(
        { suggestionId, reasonErrors: error.fieldErrors.reason ?? ["required"] },
        { status: 400 },
      );
    const { code, status } = pageError(error, ["already_decided", "not_found"]);
    return data<ActionData>({ suggestionId, error: code }, { status });
  }
}

export default function SuggestionsInbox({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { tenant } = useTenantData();
  const { tab, openCount, suggestions } = loaderData;
  const base = `/t/${tenant.slug}/suggestions`;
  const rowError =
    actionData?.error && !suggestions.some((s) => s.id === actionData.suggestionId)
      ? actionData.error
      : undefined;
  return (
    <>
      <h1>{t("hub.inbox.title")}</h1>
      <p>{t("hub.inbox.lead")}</p>
      {actionData?.declined ? (
        <p className="notice" role="status">
          {t("hub.inbox.declined")}
        </p>
      ) : null}
      <ErrorNotice area="hub.inbox" errors={rowError ? [rowError] : undefined} />
      <nav aria-label={t("hub.inbox.tabs")} className="tabs">
        {TABS.map((s) => (
          <Link
            key={s}
            to={s === "open" ? base : `${base}?status=${s}`}
            aria-current={s === tab ? "page" : undefined}
            className={s === tab ? "button" : "button secondary"}
          >
            {t(`hub.inbox.tab.${s}`, { count: openCount })}
          </Link>
        ))}
      </nav>
      {suggestions.length === 0 ? (
        <p className="empty">{t(`hub.inbox.empty.${tab}`)}</p>
      ) : (
        suggestions.map((s) => (
          <SuggestionCard
            key={s.id}
            suggestion={s}
            actionData={actionData?.suggestionId === s.id ? actionData : undefined}
          />
        ))
      )}
    </>
  );
}

function SuggestionCard({
  suggestion: s,
  actionData,
}: {
  suggestion: SuggestionRow;
  actionData: ActionData | undefined;
}) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("suggestionId") === s.id;
  const date = dateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: tenant.timeZone,
  });
  const reasonId = `decline-reason-${s.id}`;
  return (
    <article className="card stack" aria-labelledby={`suggestion-${s.id}`}>
      <h2 id={`suggestion-${s.id}`} className="url-heading">
        <a href={s.url} target="_blank" rel="noopener noreferrer nofollow">
          {s.url}
        </a>
      </h2>
      <p className="hint">
        {t("hub.inbox.suggester")}: {s.suggesterName ?? t("hub.inbox.unknownSuggester")} ·{" "}
        {t("hub.inbox.suggestedAt", { date: date.format(new Date(s.createdAt)) })}
      </p>
      <div>
        <strong>{t("hub.inbox.reason")}</strong>
        <p className="pre-wrap">{s.reason}</p>
      </div>
      <ErrorNotice area="hub.inbox" errors={actionData?.error ? [actionData.error] : undefined} />
      {s.status === "open" ? (
        <div className="cluster decide">
          <Form method="post">
            <input type="hidden" name="intent" value="accept" />
            <input type="hidden" name="suggestionId" value={s.id} />
            <button type="submit" disabled={busy}>
              {t("hub.inbox.accept")}
            </button>
          </Form>
          <details open={Boolean(actionData?.reasonErrors)}>
            <summary className="button secondary">{t("hub.inbox.decline")}</summary>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="decline" />
              <input type="hidden" name="suggestionId" value={s.id} />
              <label htmlFor={reasonId}>
                {t("hub.inbox.declineReason")}
                <span id={`${reasonId}-hint`} className="hint">
                  {t("hub.inbox.declineHint")}
                </span>
                <textarea
                  id={reasonId}
                  name="reason"
                  rows={3}
                  required
                  maxLength={2000}
                  aria-invalid={actionData?.reasonErrors ? true : undefined}
                  aria-describedby={
                    actionData?.reasonErrors ? `${reasonId}-hint ${reasonId}-error` : `${reasonId}-hint`
                  }
                />
                {actionData?.reasonErrors ? (
                  <span id={`${reasonId}-error`} className="field-error">
                    {actionData.reasonErrors.map((e) => t(`validation.${e}`, { defaultValue: e })).join(" ")}
                  </span>
                ) : null}
              </label>
              <div>
                <button type="submit" className="danger" disabled={busy}>
                  {t("hub.inbox.declineSubmit")}
                </button>
              </div>
            </Form>
          </details>
        </div>
      ) : (
        <div className="stack stack-sm">
          <p className="hint">
            <span className="badge">{t(`hub.status.${s.status}`)}</span>
            {s.decidedAt
              ? t("hub.inbox.decidedBy", {
                  name: s.decidedByName ?? "—",
                  date: date.format(new Date(s.decidedAt)),
                })
              : null}
          </p>
          {s.declineReason ? (
            <p className="pre-wrap">{t("hub.inbox.declineReasonShown", { reason: s.declineReason })}</p>
          ) : null}
          {s.postId ? (
            <Link
              className="button secondary"
              to={href("/t/:tenant/content/:postId", { tenant: tenant.slug, postId: s.postId })}
            >
              {t("hub.inbox.openPost")}
            </Link>
          ) : null}
        </div>
      )}
    </article>
  );
}
