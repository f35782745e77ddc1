import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { Form, useNavigation } from "react-router";
import { z } from "zod";
import type { Role } from "~/db/schema.ts";
import {
  CSV_COLUMNS,
  CSV_EXAMPLE,
  CSV_MAX_BYTES,
  InvitationRef,
  InviteMemberInput,
} from "~/app/modules/tenancy/member-schemas.ts";
import { SubmitButton } from "~/app/ui/field.tsx";
import { FormErrors, Input, RoleCheckboxes, Select } from "~/app/ui/admin/form-bits.tsx";
import { ErrorNotice } from "~/app/ui/error-notice.tsx";

/** The members page's forms, told apart by a hidden `intent` field. */
export const InviteForm = InviteMemberInput.extend({ intent: z.literal("invite") });
const isFile = (v: unknown): v is File => typeof Blob !== "undefined" && v instanceof Blob && v.size > 0;
export const ImportForm = z.object({
  intent: z.literal("import"),
  file: z.custom<File>(isFile, "fileRequired").refine((f) => f.size <= CSV_MAX_BYTES, "tooLarge"),
});
export const MembersAction = z.discriminatedUnion("intent", [
  InviteForm,
  ImportForm,
  InvitationRef.extend({ intent: z.literal("resend") }),
  InvitationRef.extend({ intent: z.literal("revoke") }),
]);

export interface Option {
  id: string;
  name: string;
}

function useSubmitting(intent: string): boolean {
  const navigation = useNavigation();
  return navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
}

export function InviteMemberForm({
  lastResult,
  teams,
  managers,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  teams: Option[];
  managers: Option[];
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "invite",
    lastResult,
    constraint: getZodConstraint(InviteForm),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteForm }),
  });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="invite" />
      <FormErrors errors={form.errors} />
      <Input field={fields.name} label={t("admin.invite.name")} autoComplete="off" />
      <Input field={fields.email} label={t("admin.invite.email")} type="email" autoComplete="off" />
      <RoleCheckboxes
        field={fields.roles}
        legend={t("admin.invite.roles")}
        defaultRoles={["employee"] satisfies Role[]}
      />
      <Select
        field={fields.teamId}
        label={t("admin.invite.team")}
        options={[
          { value: "", label: t("admin.invite.noTeam") },
          ...teams.map((o) => ({ value: o.id, label: o.name })),
        ]}
      />
      <Select
        field={fields.managerId}
        label={t("admin.invite.manager")}
        options={[
          { value: "", label: t("admin.invite.noManager") },
          ...managers.map((o) => ({ value: o.id, label: o.name })),
        ]}
      />
      <div>
        <SubmitButton pending={useSubmitting("invite")}>{t("admin.invite.submit")}</SubmitButton>
      </div>
    </Form>
  );
}

export interface CsvRowErrorView {
  row: number | null;
  field: string;
  message: string;
  params?: Record<string, string | number>;
}

export function CsvImportForm({
  lastResult,
  rowErrors,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  rowErrors: CsvRowErrorView[] | undefined;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "import",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ImportForm }),
  });
  const file = fields.file;
  return (
    <>
      <p className="hint" id="csv-columns">
        {t("admin.csv.columns")}
      </p>
      <p>
        <a
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(CSV_EXAMPLE + "\n")}`}
          download="chorus-members-example.csv"
        >
          {t("admin.csv.example")}
        </a>
      </p>
      <Form method="post" encType="multipart/form-data" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="import" />
        <label htmlFor={file.id}>
          {t("admin.csv.file")}
          <input
            id={file.id}
            name={file.name}
            type="file"
            accept=".csv,text/csv"
            required
            aria-invalid={file.errors?.length ? true : undefined}
            aria-describedby={`csv-columns${file.errors?.length ? ` ${file.errorId}` : ""}`}
          />
          <ErrorNotice area="admin" inline id={file.errorId} errors={file.errors} />
        </label>
        <div>
          <SubmitButton pending={useSubmitting("import")}>{t("admin.csv.submit")}</SubmitButton>
        </div>
      </Form>
      {rowErrors?.length ? <CsvErrorTable errors={rowErrors} /> : null}
    </>
  );
}

function CsvErrorTable({ errors }: { errors: CsvRowErrorView[] }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <p className="alert" role="alert">
        {t("admin.csv.refused")}
      </p>
      <table className="stacked">
        <caption className="visually-hidden">{t("admin.csv.errorsCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.csv.row")}</th>
            <th scope="col">{t("admin.csv.field")}</th>
            <th scope="col">{t("admin.csv.problem")}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={i}>
              <td data-label={t("admin.csv.row")}>{e.row ?? t("admin.csv.wholeFile")}</td>
              <td data-label={t("admin.csv.field")}>
                {CSV_COLUMNS.includes(e.field as (typeof CSV_COLUMNS)[number]) ? (
                  <code>{e.field}</code>
                ) : null}
              </td>
              <td data-label={t("admin.csv.problem")}>
                {t([`admin.csv.errors.${e.message}`, `validation.${e.message}`], {
                  ...e.params,
                  defaultValue: t("admin.errors.generic"),
                })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PendingInvitationActions({ invitationId, email }: { invitationId: string; email: string }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("invitationId") === invitationId;
  return (
    <div className="row">
      {(["resend", "revoke"] as const).map((intent) => (
        <Form method="post" key={intent}>
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name="invitationId" value={invitationId} />
          <button
            type="submit"
            className={intent === "revoke" ? "secondary" : undefined}
            disabled={busy}
            aria-busy={busy}
            aria-label={t(`admin.pending.${intent}Label`, { email })}
          >
            {t(`admin.pending.${intent}`)}
          </button>
        </Form>
      ))}
    </div>
  );
}
