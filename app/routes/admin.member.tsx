import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.member";
import { domainFormErrors } from "~/lib/domain-form-errors.server";
import { NotFoundError } from "~/lib/errors";
import { requireMember } from "~/modules/auth/require.server";
import { deactivateMember, reactivateMember } from "~/modules/tenancy/deactivate-member.server";
import { getMemberDetails } from "~/modules/tenancy/list-members.server";
import { UpdateMemberInput } from "~/modules/tenancy/member-schemas";
import { updateMember } from "~/modules/tenancy/update-member.server";
import { FormErrors, RoleCheckboxes, Select } from "~/ui/admin/form-bits";
import { SubmitButton } from "~/ui/field";

const UpdateForm = UpdateMemberInput.extend({ intent: z.literal("update") });
const MemberAction = z.discriminatedUnion("intent", [
  UpdateForm,
  z.object({ intent: z.literal("deactivate"), memberId: z.uuid() }),
  z.object({ intent: z.literal("reactivate"), memberId: z.uuid() }),
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member, tenant } = await requireMember(request, params, "members.manage");
  try {
    return { ...(await getMemberDetails(db, member, params.memberId)), company: tenant.name, isSelf: member.id === params.memberId };
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("not_found", { status: 404 });
    throw error;
  }
}

interface ActionData {
  intent: string;
  result: SubmissionResult<string[]>;
  notice?: string;
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member } = await requireMember(request, params, "members.manage");
  const formData = await request.formData();
  // The URL names the member; a memberId in the body could disagree with it.
  formData.set("memberId", params.memberId);
  const submission = parseWithZod(formData, { schema: MemberAction });
  if (submission.status !== "success") return data<ActionData>({ intent: String(submission.payload.intent ?? ""), result: submission.reply() }, { status: 400 });
  const input = submission.value;
  try {
    if (input.intent === "update") await updateMember(db, member, input);
    else if (input.intent === "deactivate") await deactivateMember(db, member, input.memberId);
    else await reactivateMember(db, member, input.memberId);
  } catch (error) {
    return data<ActionData>({ intent: input.intent, result: submission.reply(domainFormErrors(error)) }, { status: 409 });
  }
  const notice = { update: "admin.member.saved", deactivate: "admin.member.deactivated", reactivate: "admin.member.reactivated" }[input.intent];
  return data<ActionData>({ intent: input.intent, result: submission.reply(), notice });
}

export default function EditMember({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const { member, managerOptions, teams, company, isSelf } = loaderData;
  const submitting = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const [form, fields] = useForm({
    id: `member-${member.id}`,
    lastResult: actionData?.intent === "update" ? actionData.result : undefined,
    constraint: getZodConstraint(UpdateForm),
    shouldValidate: "onBlur",
    defaultValue: { teamId: member.teamId ?? "", managerId: member.managerId ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UpdateForm }),
  });
  const statusErrors = actionData && actionData.intent !== "update" ? (actionData.result.error?.[""] ?? undefined) : undefined;
  return (
    <>
      <p>
        <Link to="..">{t("admin.member.back")}</Link>
      </p>
      <h1>{t("admin.member.title", { name: member.name })}</h1>
      <p>{member.email}</p>
      {actionData?.notice ? (
        <p className="notice" role="status">
          {t(actionData.notice, { name: member.name })}
        </p>
      ) : null}

      <FormErrors errors={statusErrors} />
      <Form method="post" className="card stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="memberId" value={member.id} />
        <FormErrors errors={form.errors} />
        <RoleCheckboxes key={member.roles.join()} field={fields.roles} legend={t("admin.members.roles")} defaultRoles={member.roles} />
        <Select field={fields.teamId} label={t("admin.members.team")} options={[{ value: "", label: t("admin.invite.noTeam") }, ...teams.map((o) => ({ value: o.id, label: o.name }))]} />
        <Select field={fields.managerId} label={t("admin.members.manager")} options={[{ value: "", label: t("admin.invite.noManager") }, ...managerOptions.map((o) => ({ value: o.id, label: o.name }))]} />
        <div>
          <SubmitButton pending={submitting("update")}>{t("save")}</SubmitButton>
        </div>
      </Form>

      {isSelf ? null : (
        <section className="card stack" aria-labelledby="status-h">
          <h2 id="status-h">{t("admin.member.deactivateTitle")}</h2>
          <p>{member.status === "active" ? t("admin.member.deactivateLead", { name: member.name, company }) : t("admin.member.reactivateLead", { name: member.name })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value={member.status === "active" ? "deactivate" : "reactivate"} />
            {member.status === "active" ? (
              <SubmitButton pending={submitting("deactivate")} className="danger">
                {t("admin.member.deactivate")}
              </SubmitButton>
            ) : (
              <SubmitButton pending={submitting("reactivate")}>{t("admin.member.reactivate")}</SubmitButton>
            )}
          </Form>
        </section>
      )}
    </>
  );
}
