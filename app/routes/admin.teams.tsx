import { withTenant } from "~/db/tenant.ts";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.teams";
import { domainFormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { listMembers } from "~/app/modules/tenancy/list-members.server.ts";
import { CreateTeamInput, DeleteTeamInput, RenameTeamInput } from "~/app/modules/tenancy/member-schemas.ts";
import { createTeam, deleteTeam, renameTeam } from "~/app/modules/tenancy/teams.server.ts";
import { FormErrors, Input } from "~/app/ui/admin/form-bits.tsx";
import { ErrorNotice } from "~/app/ui/error-notice.tsx";
import { SubmitButton } from "~/app/ui/field.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import type { TextKey } from "~/app/lib/i18n/keys.ts";

export const handle = { i18n: ["admin"], title: "titles.adminTeams" } satisfies I18nHandle;

const CreateForm = CreateTeamInput.extend({ intent: z.literal("create") });
const RenameForm = RenameTeamInput.extend({ intent: z.literal("rename") });
const TeamsAction = z.discriminatedUnion("intent", [
  CreateForm,
  RenameForm,
  DeleteTeamInput.extend({ intent: z.literal("delete") }),
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "teams.manage");
  const { teams } = await withTenant(db, member.tenantId, (tx) => listMembers(tx, member));
  return { teams };
}

interface ActionData {
  intent: string;
  teamId: string | null;
  result: SubmissionResult<string[]>;
  notice?: TextKey;
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "teams.manage");
  const submission = parseWithZod(await request.formData(), { schema: TeamsAction });
  const intent = String(submission.payload.intent ?? "");
  const teamId = typeof submission.payload.teamId === "string" ? submission.payload.teamId : null;
  if (submission.status !== "success")
    return data<ActionData>({ intent, teamId, result: submission.reply() }, { status: 400 });
  const input = submission.value;
  try {
    if (input.intent === "create")
      await withTenant(db, member.tenantId, (tx) => createTeam(tx, member, input));
    else if (input.intent === "rename")
      await withTenant(db, member.tenantId, (tx) => renameTeam(tx, member, input));
    else await withTenant(db, member.tenantId, (tx) => deleteTeam(tx, member, input));
  } catch (error) {
    return data<ActionData>(
      { intent, teamId, result: submission.reply(domainFormErrors(error)) },
      { status: 409 },
    );
  }
  const notice = (
    {
      create: "admin.teams.created",
      rename: "admin.teams.renamed",
      delete: "admin.teams.deleted",
    } satisfies Record<typeof input.intent, TextKey>
  )[input.intent];
  return data<ActionData>({ intent, teamId, result: submission.reply({ resetForm: true }), notice });
}

export default function Teams({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const submitting = (intent: string, teamId?: string) =>
    navigation.state === "submitting" &&
    navigation.formData?.get("intent") === intent &&
    (!teamId || navigation.formData.get("teamId") === teamId);
  const [createForm, createFields] = useForm({
    id: "create-team",
    lastResult: actionData?.intent === "create" ? actionData.result : undefined,
    constraint: getZodConstraint(CreateForm),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateForm }),
  });
  // Rename and delete answer per row: show their errors on the row they came from.
  const rowErrors = (teamId: string) => {
    if (!actionData || actionData.teamId !== teamId || actionData.intent === "create") return undefined;
    const e = actionData.result.error;
    return e ? Object.values(e).flatMap((v) => v ?? []) : undefined;
  };
  return (
    <>
      <h1>{t("admin.teams.title")}</h1>
      <p>{t("admin.teams.lead")}</p>
      {actionData?.notice ? (
        <p className="notice" role="status">
          {t(actionData.notice)}
        </p>
      ) : null}

      <section className="card stack" aria-labelledby="teams-h">
        <h2 id="teams-h">{t("admin.teams.title")}</h2>
        {loaderData.teams.length === 0 ? (
          <p className="empty">{t("admin.teams.empty")}</p>
        ) : (
          <>
            <p className="hint">{t("admin.teams.deleteHint")}</p>
            <table className="stacked">
              <thead>
                <tr>
                  <th scope="col">{t("admin.teams.name")}</th>
                  <th scope="col">{t("admin.teams.members")}</th>
                  <th scope="col">{t("admin.teams.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {loaderData.teams.map((team) => (
                  <tr key={team.id}>
                    <td data-label={t("admin.teams.name")}>{team.name}</td>
                    <td data-label={t("admin.teams.members")}>{team.memberCount}</td>
                    <td>
                      <div className="row">
                        <Form method="post" className="row">
                          <input type="hidden" name="intent" value="rename" />
                          <input type="hidden" name="teamId" value={team.id} />
                          <label className="visually-hidden" htmlFor={`rename-${team.id}`}>
                            {t("admin.teams.renameLabel", { name: team.name })}
                          </label>
                          <input
                            id={`rename-${team.id}`}
                            name="name"
                            defaultValue={team.name}
                            required
                            maxLength={80}
                            aria-describedby={rowErrors(team.id) ? `team-${team.id}-error` : undefined}
                          />
                          <SubmitButton pending={submitting("rename", team.id)} className="secondary">
                            {t("admin.teams.rename")}
                          </SubmitButton>
                        </Form>
                        <Form method="post">
                          <input type="hidden" name="intent" value="delete" />
                          <input type="hidden" name="teamId" value={team.id} />
                          <button
                            type="submit"
                            className="danger"
                            disabled={submitting("delete", team.id)}
                            aria-label={t("admin.teams.deleteLabel", { name: team.name })}
                          >
                            {t("admin.teams.delete")}
                          </button>
                        </Form>
                      </div>
                      <ErrorNotice
                        area="admin"
                        inline
                        id={`team-${team.id}-error`}
                        errors={rowErrors(team.id)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="new-team-h">
        <h2 id="new-team-h">{t("admin.teams.createTitle")}</h2>
        <Form method="post" className="stack" {...getFormProps(createForm)}>
          <input type="hidden" name="intent" value="create" />
          <FormErrors errors={createForm.errors} />
          <Input field={createFields.name} label={t("admin.teams.name")} autoComplete="off" />
          <div>
            <SubmitButton pending={submitting("create")}>{t("admin.teams.create")}</SubmitButton>
          </div>
        </Form>
      </section>
    </>
  );
}
