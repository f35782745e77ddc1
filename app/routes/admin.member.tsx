import { withTenant } from "~/db/tenant.ts";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.member";
import { domainFormErrors } from "~/app/lib/domain-form-errors.server.ts";
import { toResponse } from "~/app/lib/errors.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { eraseMember } from "~/app/modules/privacy/erase-member.server.ts";
import { isPlaceholderEmail } from "~/app/modules/privacy/erase-text.ts";
import { deactivateMember, reactivateMember } from "~/app/modules/tenancy/deactivate-member.server.ts";
import { getMemberDetails } from "~/app/modules/tenancy/list-members.server.ts";
import { UpdateMemberInput } from "~/app/modules/tenancy/member-schemas.ts";
import { updateMember } from "~/app/modules/tenancy/update-member.server.ts";
import { FormErrors, RoleCheckboxes, Select } from "~/app/ui/admin/form-bits.tsx";
import { SubmitButton, TextField } from "~/app/ui/field.tsx";
import { ErrorNotice, useErrorText } from "~/app/ui/error-notice.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import type { TextKey } from "~/app/lib/i18n/keys.ts";

export const handle = { i18n: ["admin", "erasure"], title: "titles.adminMember" } satisfies I18nHandle;

const UpdateForm = UpdateMemberInput.extend({ intent: z.literal("update") });
/** Erasure (GDPR Art. 17): the member's address typed again confirms which person is meant. */
const EraseForm = z.object({
  intent: z.literal("erase"),
  email: z.email({ error: "erasure.errors.email" }).max(320),
});
const MemberAction = z.discriminatedUnion("intent", [
  UpdateForm,
  z.object({ intent: z.literal("deactivate"), memberId: z.uuid() }),
  z.object({ intent: z.literal("reactivate"), memberId: z.uuid() }),
  EraseForm,
]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member, tenant } = await requireMember(request, params, "members.manage");
  try {
    const details = await withTenant(db, member.tenantId, (tx) =>
      getMemberDetails(tx, member, params.memberId),
    );
    return {
      ...details,
      company: tenant.name,
      isSelf: member.id === params.memberId,
      erased: isPlaceholderEmail(details.member.email),
    };
  } catch (error) {
    throw toResponse(error) ?? error;
  }
}

interface ActionData {
  intent: string;
  result: SubmissionResult<string[]>;
  notice?: TextKey;
  erased?: {
    pseudonym: string;
    exportedStatements: number;
    userDeleted: boolean;
    frozenTexts: number;
    linkedinNotRevoked: number;
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { db, member, tenant } = await requireMember(request, params, "members.manage");
  const formData = await request.formData();
  // The URL names the member; a memberId in the body could disagree with it.
  formData.set("memberId", params.memberId);
  const submission = parseWithZod(formData, { schema: MemberAction });
  if (submission.status !== "success")
    return data<ActionData>(
      { intent: String(submission.payload.intent ?? ""), result: submission.reply() },
      { status: 400 },
    );
  const input = submission.value;
  try {
    if (input.intent === "erase") {
      const { pseudonym, exportedStatements, userDeleted, counts } = await eraseMember(
        db,
        tenant.id,
        member,
        { email: input.email, memberId: params.memberId },
      );
      const erased = {
        pseudonym,
        exportedStatements,
        userDeleted,
        frozenTexts: counts.texts_frozen ?? 0,
        linkedinNotRevoked: counts.linkedin_not_revoked ?? 0,
      };
      return data<ActionData>({ intent: "erase", result: submission.reply({ resetForm: true }), erased });
    }
    if (input.intent === "update")
      await withTenant(db, member.tenantId, (tx) => updateMember(tx, member, input));
    else if (input.intent === "deactivate")
      await withTenant(db, member.tenantId, (tx) => deactivateMember(tx, member, input.memberId));
    else await withTenant(db, member.tenantId, (tx) => reactivateMember(tx, member, input.memberId));
  } catch (error) {
    return data<ActionData>(
      { intent: input.intent, result: submission.reply(domainFormErrors(error)) },
      { status: 409 },
    );
  }
  const notice = (
    {
      update: "admin.member.saved",
      deactivate: "admin.member.deactivated",
      reactivate: "admin.member.reactivated",
    } satisfies Record<typeof input.intent, TextKey>
  )[input.intent];
  return data<ActionData>({ intent: input.intent, result: submission.reply(), notice });
}

export default function EditMember({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const { member, managerOptions, teams, company, isSelf, erased } = loaderData;
  const submitting = (intent: string) =>
    navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const [form, fields] = useForm({
    id: `member-${member.id}`,
    lastResult: actionData?.intent === "update" ? actionData.result : undefined,
    constraint: getZodConstraint(UpdateForm),
    shouldValidate: "onBlur",
    defaultValue: { teamId: member.teamId ?? "", managerId: member.managerId ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UpdateForm }),
  });
  const statusErrors =
    actionData && actionData.intent !== "update" && actionData.intent !== "erase"
      ? (actionData.result.error?.[""] ?? undefined)
      : undefined;
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
        <RoleCheckboxes
          key={member.roles.join()}
          field={fields.roles}
          legend={t("admin.members.roles")}
          defaultRoles={member.roles}
        />
        <Select
          field={fields.teamId}
          label={t("admin.members.team")}
          options={[
            { value: "", label: t("admin.invite.noTeam") },
            ...teams.map((o) => ({ value: o.id, label: o.name })),
          ]}
        />
        <Select
          field={fields.managerId}
          label={t("admin.members.manager")}
          options={[
            { value: "", label: t("admin.invite.noManager") },
            ...managerOptions.map((o) => ({ value: o.id, label: o.name })),
          ]}
        />
        <div>
          <SubmitButton pending={submitting("update")}>{t("save")}</SubmitButton>
        </div>
      </Form>

      {isSelf || erased ? null : (
        <section className="card stack" aria-labelledby="status-h">
          <h2 id="status-h">{t("admin.member.deactivateTitle")}</h2>
          <p>
            {member.status === "active"
              ? t("admin.member.deactivateLead", { name: member.name, company })
              : t("admin.member.reactivateLead", { name: member.name })}
          </p>
          <Form method="post">
            <input
              type="hidden"
              name="intent"
              value={member.status === "active" ? "deactivate" : "reactivate"}
            />
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

      {erased ? (
        <p className="notice" data-testid="member-erased">
          {t("erasure.erased")}
        </p>
      ) : null}
      {actionData?.erased ? <ErasureDone {...actionData.erased} /> : null}
      {isSelf || erased ? null : (
        <EraseSection
          name={member.name}
          email={member.email}
          company={company}
          lastResult={actionData?.intent === "erase" && !actionData.erased ? actionData.result : undefined}
          pending={submitting("erase")}
        />
      )}
    </>
  );
}

/** What erasing does and what it cannot undo, then the address typed again to confirm. */
function EraseSection({
  name,
  email,
  company,
  lastResult,
  pending,
}: {
  name: string;
  email: string;
  company: string;
  lastResult: SubmissionResult<string[]> | undefined;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "erase-member",
    lastResult,
    constraint: getZodConstraint(EraseForm),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EraseForm }),
  });
  const errorText = useErrorText("admin");
  const happens = ["pseudonym", "deleted", "totals", "account"] as const;
  return (
    <section className="card stack" aria-labelledby="erase-h">
      <h2 id="erase-h">{t("erasure.title")}</h2>
      <p>{t("erasure.lead", { name, company })}</p>
      <h3>{t("erasure.whatHappens")}</h3>
      <ul>
        {happens.map((key) => (
          <li key={key}>{t(`erasure.happens.${key}`, { company })}</li>
        ))}
      </ul>
      <p className="alert" id="erase-exported">
        {t("erasure.exported")}
      </p>
      <Form method="post" className="stack" {...getFormProps(form)} aria-describedby="erase-exported">
        <input type="hidden" name="intent" value="erase" />
        <ErrorNotice area="admin" errors={form.errors} />
        <TextField
          field={fields.email}
          type="email"
          label={t("erasure.confirmLabel", { name })}
          hint={t("erasure.confirmHint", { email })}
          autoComplete="off"
          errorText={errorText}
        />
        <div>
          <SubmitButton pending={pending} className="danger">
            {t("erasure.submit")}
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}

function ErasureDone({
  pseudonym,
  exportedStatements,
  userDeleted,
  frozenTexts,
  linkedinNotRevoked,
}: NonNullable<ActionData["erased"]>) {
  const { t } = useTranslation();
  return (
    <div className="notice" role="status" data-testid="erasure-done">
      <p>{t("erasure.done", { pseudonym })}</p>
      {exportedStatements > 0 ? <p>{t("erasure.doneExported", { count: exportedStatements })}</p> : null}
      {userDeleted ? null : <p>{t("erasure.doneAccountKept")}</p>}
      {frozenTexts > 0 ? <p>{t("erasure.doneFrozen", { count: frozenTexts })}</p> : null}
      {linkedinNotRevoked > 0 ? (
        <p data-testid="erasure-linkedin-not-revoked">{t("erasure.doneLinkedInNotRevoked")}</p>
      ) : null}
    </div>
  );
}
