import { withTenant } from "~/db/tenant.ts";
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Link } from "react-router";
import type { Route } from "./+types/admin.members";
import { domainFormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { importMembersCsv, type CsvRowError } from "~/app/modules/tenancy/import-members-csv.server.ts";
import { inviteMember } from "~/app/modules/tenancy/invite-member.server.ts";
import { listMembers } from "~/app/modules/tenancy/list-members.server.ts";
import { CSV_MAX_BYTES } from "~/app/modules/tenancy/member-schemas.ts";
import { resendInvitation } from "~/app/modules/tenancy/resend-invitation.server.ts";
import { revokeInvitation } from "~/app/modules/tenancy/revoke-invitation.server.ts";
import { RoleBadges } from "~/app/ui/admin/form-bits.tsx";
import {
  CsvImportForm,
  InviteMemberForm,
  MembersAction,
  PendingInvitationActions,
} from "~/app/ui/admin/member-forms.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { runtimeKey, type TextKey } from "~/app/lib/i18n/keys.ts";
import { dateTimeFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["admin"], title: "titles.adminMembers" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member, tenant } = await requireMember(request, params, "members.view");
  const overview = await withTenant(db, member.tenantId, (tx) => listMembers(tx, member));
  return { ...overview, company: tenant.name };
}

type Notice = { key: TextKey; params?: Record<string, string | number> };
interface ActionData {
  intent: string;
  result: SubmissionResult<string[]> | undefined;
  notices: Notice[];
  rowErrors?: CsvRowError[] | undefined;
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member, tenant } = await requireMember(request, params, "members.invite");
  // request.formData() buffers the whole body: refuse oversized uploads before reading them.
  if (Number(request.headers.get("Content-Length") ?? 0) > CSV_MAX_BYTES + 64 * 1024) {
    return data<ActionData>(
      { intent: "import", result: { status: "error", error: { file: ["tooLarge"] } }, notices: [] },
      { status: 413 },
    );
  }
  const submission = parseWithZod(await request.formData(), { schema: MembersAction });
  const base: Pick<ActionData, "notices"> = { notices: [] };
  if (submission.status !== "success") {
    return data<ActionData>(
      { ...base, intent: String(submission.payload.intent ?? ""), result: submission.reply() },
      { status: 400 },
    );
  }
  const input = submission.value;
  try {
    switch (input.intent) {
      case "invite":
        await withTenant(db, member.tenantId, (tx) => inviteMember(tx, member, tenant, input));
        return data<ActionData>({
          intent: input.intent,
          result: submission.reply({ resetForm: true }),
          notices: [{ key: "admin.invite.sent", params: { email: input.email } }],
        });
      case "import": {
        const csv = await input.file.text();
        const imported = await withTenant(db, member.tenantId, (tx) =>
          importMembersCsv(tx, member, tenant, csv),
        );
        if (!imported.ok)
          return data<ActionData>(
            { ...base, intent: input.intent, result: submission.reply(), rowErrors: imported.errors },
            { status: 422 },
          );
        const notices: Notice[] = [{ key: "admin.csv.done", params: { count: imported.invited } }];
        if (imported.teamsCreated)
          notices.push({ key: "admin.csv.teamsCreated", params: { count: imported.teamsCreated } });
        if (imported.skipped.length)
          notices.push({ key: "admin.csv.skipped", params: { emails: imported.skipped.join(", ") } });
        return data<ActionData>({
          intent: input.intent,
          result: submission.reply({ resetForm: true }),
          notices,
        });
      }
      case "resend":
        await withTenant(db, member.tenantId, (tx) => resendInvitation(tx, member, tenant, input));
        return data<ActionData>({
          intent: input.intent,
          result: submission.reply(),
          notices: [{ key: "admin.pending.resent" }],
        });
      case "revoke":
        await withTenant(db, member.tenantId, (tx) => revokeInvitation(tx, member, input));
        return data<ActionData>({
          intent: input.intent,
          result: submission.reply(),
          notices: [{ key: "admin.pending.revoked" }],
        });
    }
  } catch (error) {
    return data<ActionData>(
      { ...base, intent: input.intent, result: submission.reply(domainFormErrors(error)) },
      { status: 409 },
    );
  }
}

export default function Members({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { members, invitations, teams, company } = loaderData;
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  const listError =
    actionData && (actionData.intent === "resend" || actionData.intent === "revoke")
      ? actionData.result?.error?.[""]
      : undefined;
  const activeOptions = members.filter((m) => m.status === "active").map((m) => ({ id: m.id, name: m.name }));
  const dateFormat = dateTimeFormat(i18n.language, { dateStyle: "medium" });
  return (
    <>
      <h1>{t("admin.members.title")}</h1>
      <p>{t("admin.members.lead")}</p>
      {actionData?.notices.map((n) => (
        <p key={n.key} className="notice" role="status">
          {t(n.key, n.params)}
        </p>
      ))}

      <section className="card stack" aria-labelledby="members-h">
        <h2 id="members-h">{t("admin.members.title")}</h2>
        {members.length <= 1 ? <p className="empty">{t("admin.members.empty")}</p> : null}
        <div
          className="table-wide"
          role="region"
          aria-label={t("admin.members.tableCaption", { company })}
          tabIndex={0}
        >
          <table className="stacked members-table">
            <caption className="visually-hidden">{t("admin.members.tableCaption", { company })}</caption>
            <thead>
              <tr>
                {(["name", "email", "roles", "team", "manager", "status", "actions"] as const).map((c) => (
                  <th key={c} scope="col">
                    {t(`admin.members.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td data-label={t("admin.members.name")}>{m.name}</td>
                  <td className="email" data-label={t("admin.members.email")}>
                    {m.email}
                  </td>
                  <td data-label={t("admin.members.roles")}>
                    <RoleBadges roles={m.roles} />
                  </td>
                  <td data-label={t("admin.members.team")}>{m.teamName ?? t("admin.members.none")}</td>
                  <td data-label={t("admin.members.manager")}>{m.managerName ?? t("admin.members.none")}</td>
                  <td data-label={t("admin.members.status")}>{t(`admin.members.${m.status}`)}</td>
                  <td>
                    <Link
                      className="button secondary"
                      to={m.id}
                      aria-label={t("admin.members.editLabel", { name: m.name })}
                    >
                      {t("admin.members.edit")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card stack" aria-labelledby="pending-h">
        <h2 id="pending-h">{t("admin.pending.title")}</h2>
        {listError?.length ? (
          <p className="alert" role="alert">
            {listError.map((k) => t([runtimeKey(`admin.errors.${k}`), "admin.errors.generic"])).join(" ")}
          </p>
        ) : null}
        {invitations.length === 0 ? (
          <p className="empty">{t("admin.pending.empty")}</p>
        ) : (
          <ul className="list-plain">
            {invitations.map((inv) => (
              <li key={inv.id} className="list-row">
                <div>
                  <strong>{inv.name}</strong> · {inv.email} <RoleBadges roles={inv.roles} />
                  <div className="hint">
                    {[
                      inv.teamName && `${t("admin.members.team")}: ${inv.teamName}`,
                      inv.managerName && `${t("admin.members.manager")}: ${inv.managerName}`,
                      inv.inviterName && t("admin.pending.invitedBy", { name: inv.inviterName }),
                      t("admin.pending.expires", { date: dateFormat.format(new Date(inv.expiresAt)) }),
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </div>
                </div>
                <PendingInvitationActions invitationId={inv.id} email={inv.email} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card stack" aria-labelledby="invite-h">
        <h2 id="invite-h">{t("admin.invite.title")}</h2>
        <p className="hint">{t("admin.invite.lead")}</p>
        <InviteMemberForm lastResult={resultFor("invite")} teams={teams} managers={activeOptions} />
      </section>

      <section className="card stack" aria-labelledby="csv-h">
        <h2 id="csv-h">{t("admin.csv.title")}</h2>
        <p>{t("admin.csv.lead")}</p>
        <CsvImportForm
          lastResult={resultFor("import")}
          rowErrors={actionData?.intent === "import" ? actionData.rowErrors : undefined}
        />
      </section>
    </>
  );
}
