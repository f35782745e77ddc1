import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/credit.held-clicks";
import { withTenant } from "~/db/tenant.ts";
import { pageError } from "~/app/lib/errors.ts";
import { ErrorNotice } from "~/app/ui/error-notice.tsx";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import {
  CLICK_REVIEW_PERMISSION,
  decideClickHold,
  listClickHolds,
  type ClickHoldRow,
} from "~/app/modules/recognition/click-credit.server.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import type { KeysUnder } from "~/app/lib/i18n/keys.ts";
import { dateTimeFormat, numberFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["recognition", "content"], title: "titles.heldClicks" } satisfies I18nHandle;

/** A comms lead's review of clicks held back from points (issue 11). */

const DecideHoldInput = z.object({ holdId: z.uuid(), decision: z.enum(["release", "discard"]) });

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, CLICK_REVIEW_PERMISSION);
  return withTenant(db, member.tenantId, (tx) => listClickHolds(tx, member));
}

interface ActionData {
  holdId: string | null;
  /** key under recognition.heldClicks.errors */
  error?: KeysUnder<"recognition.heldClicks.errors">;
  notice?: "released" | "discarded";
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, CLICK_REVIEW_PERMISSION);
  const submission = parseWithZod(await request.formData(), { schema: DecideHoldInput });
  if (submission.status !== "success")
    return data<ActionData>({ holdId: null, error: "generic" }, { status: 400 });
  const { holdId, decision } = submission.value;
  try {
    await withTenant(db, member.tenantId, (tx) => decideClickHold(tx, member, { holdId, decision }));
    return data<ActionData>({ holdId, notice: decision === "release" ? "released" : "discarded" });
  } catch (error) {
    const { code, status } = pageError(error, ["not_found", "already_decided", "forbidden"]);
    return data<ActionData>({ holdId, error: code }, { status });
  }
}

export default function HeldClicks({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { held, decided, sharerHidden } = loaderData;
  return (
    <>
      <h1>{t("recognition.heldClicks.title")}</h1>
      <p>{t("recognition.heldClicks.lead")}</p>
      {sharerHidden ? (
        <p className="hint" role="note" data-testid="sharer-hidden">
          {t("recognition.heldClicks.sharerHidden")}
        </p>
      ) : null}
      {actionData?.notice ? (
        <p className="notice" role="status">
          {t(`recognition.heldClicks.${actionData.notice}`)}
        </p>
      ) : null}
      <ErrorNotice
        area="recognition.heldClicks"
        errors={actionData?.error ? [actionData.error] : undefined}
      />
      <section aria-labelledby="held-h">
        <h2 id="held-h">{t("recognition.heldClicks.held")}</h2>
        {held.length === 0 ? (
          <p className="empty">{t("recognition.heldClicks.empty")}</p>
        ) : (
          <HoldTable rows={held} decide sharerHidden={sharerHidden} />
        )}
      </section>
      <section aria-labelledby="decided-h">
        <h2 id="decided-h">{t("recognition.heldClicks.decided")}</h2>
        {decided.length === 0 ? (
          <p className="empty">{t("recognition.heldClicks.emptyDecided")}</p>
        ) : (
          <HoldTable rows={decided} decide={false} sharerHidden={sharerHidden} />
        )}
      </section>
    </>
  );
}

function HoldTable({
  rows,
  decide,
  sharerHidden,
}: {
  rows: ClickHoldRow[];
  decide: boolean;
  sharerHidden: boolean;
}) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const count = numberFormat(i18n.language);
  const dayFormat = dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" });
  // h.day is a calendar day (YYYY-MM-DD), not an instant
  const dayName = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));
  const label = {
    share: t("recognition.heldClicks.share"),
    sharer: t("recognition.heldClicks.sharer"),
    day: t("recognition.heldClicks.day"),
    reason: t("recognition.heldClicks.reason"),
    clicks: t("recognition.heldClicks.clicks"),
    visitors: t("recognition.heldClicks.visitors"),
    last: decide ? t("recognition.heldClicks.actions") : t("recognition.heldClicks.status"),
  };
  return (
    <table className="stacked">
      <thead>
        <tr>
          <th scope="col">{label.share}</th>
          {sharerHidden ? null : <th scope="col">{label.sharer}</th>}
          <th scope="col">{label.day}</th>
          <th scope="col">{label.reason}</th>
          <th scope="col" className="num">
            {label.clicks}
          </th>
          <th scope="col" className="num">
            {label.visitors}
          </th>
          <th scope="col">{label.last}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((h) => {
          // strict mode: post and network of a share too few people made would name the sharer
          const share =
            h.postTitle === null
              ? t("recognition.heldClicks.shareHidden")
              : `${h.postTitle} (${t(`content.networks.${h.network}`, { defaultValue: h.network ?? "" })})`;
          const busy = navigation.state !== "idle" && navigation.formData?.get("holdId") === h.id;
          return (
            <tr key={h.id}>
              <td data-label={label.share}>{share}</td>
              {sharerHidden ? null : (
                <td data-label={label.sharer}>{h.sharerName ?? t("recognition.heldClicks.formerMember")}</td>
              )}
              <td data-label={label.day}>
                <time dateTime={h.day}>{dayName(h.day)}</time>
              </td>
              <td data-label={label.reason}>{t(`recognition.heldClicks.reasons.${h.reason}`)}</td>
              <td data-label={label.clicks} className="num">
                {count.format(h.clicks)}
              </td>
              <td data-label={label.visitors} className="num">
                {count.format(h.distinctKeys)}
              </td>
              <td data-label={label.last}>
                {!decide ? (
                  h.decidedByName ? (
                    t("recognition.heldClicks.decidedBy", {
                      status: t(`recognition.heldClicks.statuses.${h.status}`),
                      name: h.decidedByName,
                    })
                  ) : (
                    t(`recognition.heldClicks.statuses.${h.status}`)
                  )
                ) : h.own ? (
                  <span className="hint">{t("recognition.heldClicks.ownShare")}</span>
                ) : (
                  <Form method="post" className="cluster">
                    <input type="hidden" name="holdId" value={h.id} />
                    <button
                      type="submit"
                      name="decision"
                      value="release"
                      disabled={busy}
                      aria-label={t("recognition.heldClicks.releaseLabel", { share, day: dayName(h.day) })}
                    >
                      {t("recognition.heldClicks.release")}
                    </button>
                    <button
                      type="submit"
                      name="decision"
                      value="discard"
                      className="secondary"
                      disabled={busy}
                      aria-label={t("recognition.heldClicks.discardLabel", { share, day: dayName(h.day) })}
                    >
                      {t("recognition.heldClicks.discard")}
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
